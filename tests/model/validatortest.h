#pragma once

// The fixture of tst_validator: a valid base topology with a source line for every field, and
// the row helpers. The row tables live in tst_validator*.cpp, one file per rule family group.
#include "model/certs/certificatereader.h"
#include "model/validation/validator.h"
#include "tests/common/diagnosticstext.h"
#include "tests/model/testcertificates.h"

#include <functional>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace std::chrono_literals;

// Changes the valid base document (and the context) into the case a row checks.
using Mutation = std::function<void(Topology &, ValidationContext &)>;
Q_DECLARE_METATYPE(Mutation)

namespace validatortest {

// Fields sit in column 5, nodes in column 3, so a test can tell which one a rule points at.
inline constexpr int fieldColumn = 5;
inline constexpr int nodeColumn = 3;

inline SourceMap at(int line, std::initializer_list<std::pair<const char *, int>> fields = {}) {
    SourceMap map;
    map.node = {line, nodeColumn};
    for (const auto &[name, fieldLine] : fields)
        map.fields.insert(QString::fromLatin1(name), {fieldLine, fieldColumn});
    return map;
}

// A route whose node is on `line` and whose fields follow it; its redirect's fields start at
// line + 10, its filters at line + 17.
inline Route route(int line, const QString &path, PathType type, const QString &service) {
    Route r;
    r.firstMatch().path = path;
    r.firstMatch().pathType = type;
    r.service = service;
    r.src = at(line, {{"path", line + 1},
                      {"service", line + 2},
                      {"rewritePrefix", line + 3},
                      {"methods", line + 4},
                      {"headers", line + 5},
                      {"redirect", line + 6},
                      {"timeout", line + 7},
                      {"queryParams", line + 8},
                      {"rewritePath", line + 9},
                      {"rewriteHost", line + 17},
                      {"requestHeaders", line + 18},
                      {"responseHeaders", line + 18},
                      {"mirrors", line + 19},
                      {"respond", line + 20}});
    r.firstMatch().src = r.src; // the one-match form, as the loader reads it
    return r;
}

inline Redirect redirect(int routeLine) {
    Redirect r;
    const int line = routeLine + 10;
    r.src = at(line, {{"code", line + 1},
                      {"scheme", line + 2},
                      {"host", line + 3},
                      {"port", line + 4},
                      {"path", line + 5},
                      {"prefixPath", line + 6}});
    return r;
}

inline Endpoint endpoint(const QString &address, int weight, int line) {
    return Endpoint{address, weight, at(line, {{"address", line}, {"weight", line + 1}})};
}

// The routes of host food.bar.com: #1 Prefix /shop (line 200), #2 Prefix /api (220),
// #3 Exact /login (240), #4 Regex (260); a route a row adds goes to line 280.
inline constexpr int r1 = 200, r2 = 220, r3 = 240, r4 = 260, added = 280;

} // namespace validatortest

using namespace validatortest;

class TestValidator : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    Topology base() const {
        Topology t;
        t.name = QStringLiteral("shop");
        t.origin.filePath = m_dir.filePath(QStringLiteral("shop.yaml"));
        t.src = at(1, {{"defaultService", 100}});
        t.listeners = {
            Listener{QStringLiteral("web"), QStringLiteral("127.0.0.1:8080"), Protocol::Http,
                     at(10, {{"name", 10}, {"bind", 11}, {"protocol", 12}})},
            Listener{QStringLiteral("websecure"), QStringLiteral("127.0.0.1:8443"), Protocol::Https,
                     at(13, {{"name", 13}, {"bind", 14}, {"protocol", 15}})}};

        Service food;
        food.name = QStringLiteral("food");
        food.src = at(20, {{"name", 20}, {"port", 21}, {"nodePort", 22}, {"endpoints", 23}});
        food.endpoints = {endpoint(QStringLiteral("127.0.0.1:9001"), 1, 24),
                          endpoint(QStringLiteral("127.0.0.1:9002"), 3, 25)};
        HealthCheck check;
        check.src = at(27, {{"path", 28},
                            {"interval", 29},
                            {"timeout", 30},
                            {"healthyThreshold", 31},
                            {"unhealthyThreshold", 32}});
        food.healthCheck = check;
        food.timeouts.src = at(33, {{"connect", 34}, {"response", 35}, {"idle", 36}});
        food.timeouts.connect = 2s;
        Service abc;
        abc.name = QStringLiteral("abc");
        abc.type = ServiceType::NodePort;
        abc.nodePort = 30080;
        abc.src = at(40, {{"name", 40}, {"port", 41}, {"nodePort", 42}, {"endpoints", 43}});
        abc.endpoints = {endpoint(QStringLiteral("backend.local:9003"), 1, 44)};
        t.services = {food, abc};

        t.certificates = {
            Certificate{QStringLiteral("bar-com"),
                        QStringLiteral("certs/bar.crt"),
                        Certificate::keychain,
                        at(50, {{"name", 50}, {"certificate", 51}, {"privateKey", 52}}),
                        {}}};

        VirtualHost shop;
        shop.host = QStringLiteral("food.bar.com");
        shop.tls = QStringLiteral("bar-com");
        shop.src = at(60, {{"host", 60}, {"tls", 61}, {"listeners", 62}});
        Route api = route(r2, QStringLiteral("/api"), PathType::Prefix, QStringLiteral("abc"));
        api.rewritePrefix = QStringLiteral("/");
        Route items =
            route(r4, QStringLiteral("^/v[0-9]+/items$"), PathType::Regex, QStringLiteral("food"));
        items.firstMatch().methods = {QStringLiteral("GET"), QStringLiteral("HEAD")};
        items.firstMatch().headers = {
            HeaderMatch{QStringLiteral("X-Canary"), QStringLiteral("true")}};
        shop.routes = {
            route(r1, QStringLiteral("/shop"), PathType::Prefix, QStringLiteral("food")), api,
            route(r3, QStringLiteral("/login"), PathType::Exact, QStringLiteral("abc")), items};
        VirtualHost wildcard;
        wildcard.host = QStringLiteral("*.bar.com");
        wildcard.tls = QStringLiteral("bar-com");
        wildcard.src = at(90, {{"host", 90}, {"tls", 91}, {"listeners", 92}});
        wildcard.routes = {
            route(300, QStringLiteral("/"), PathType::Prefix, QStringLiteral("food"))};
        t.hosts = {shop, wildcard};
        t.defaultService = QStringLiteral("food");
        return t;
    }

    static void fires(const char *name, const Mutation &mutation, const char *rule,
                      Severity severity, int line, int column = fieldColumn) {
        QTest::newRow(name) << mutation << QString::fromLatin1(rule) << true << int(severity)
                            << line << column;
    }
    static void quiet(const char *name, const Mutation &mutation, const char *rule) {
        QTest::newRow(name) << mutation << QString::fromLatin1(rule) << false << 0 << 0 << 0;
    }
    static QString dump(const Diagnostics &diagnostics) { return testing::dump(diagnostics); }

    void addColumns() {
        QTest::addColumn<Mutation>("mutation");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<bool>("expected");
        QTest::addColumn<int>("severity");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
    }
    void runRow() {
        QFETCH(Mutation, mutation);
        QFETCH(QString, rule);
        QFETCH(bool, expected);
        QFETCH(int, severity);
        QFETCH(int, line);
        QFETCH(int, column);
        Topology topology = base();
        ValidationContext context = filesContext();
        mutation(topology, context);
        const Diagnostics all = Validator::validate(topology, context);
        Diagnostics hits;
        for (const Diagnostic &d : all)
            if (d.ruleId == rule)
                hits << d;
        if (!expected) {
            QVERIFY2(hits.isEmpty(), qPrintable(dump(all)));
            return;
        }
        QVERIFY2(hits.size() == 1, qPrintable(dump(all)));
        const Diagnostic &d = hits.front();
        QCOMPARE(int(d.severity), severity);
        QCOMPARE(d.location.line, line);
        QCOMPARE(d.location.column, column);
        QCOMPARE(d.file, topology.origin.filePath);
        QVERIFY(!d.message.isEmpty());
        m_lastMessage = d.message;
    }
    QString m_lastMessage;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("certs")));
        auto write = [&](const char *name, const QByteArray &data) {
            QVERIFY(testcerts::writeFile(
                m_dir.filePath(QStringLiteral("certs/") + QString::fromLatin1(name)), data));
        };
        using testcerts::Spec;
        const QStringList names{QStringLiteral("*.bar.com"), QStringLiteral("bar.com")};
        const auto bar = testcerts::issue(Spec().cn(QStringLiteral("bar.com")).dns(names));
        write("bar.crt", bar.certificatePem());
        write("bar.key", bar.keyPem());
        write("expired.crt", testcerts::issue(Spec().dns(names).valid(-400, -1)).certificatePem());
        write("expiring.crt", testcerts::issue(Spec().dns(names).valid(-10, 10)).certificatePem());
        write("future.crt", testcerts::issue(Spec().dns(names).valid(5, 400)).certificatePem());
        write("junk.crt", "not a certificate\n");
        write("other.key", testcerts::issue(Spec().dns(names)).keyPem());
        write("weak.crt", testcerts::issue(Spec().dns(names).keyKind(testcerts::KeyKind::Rsa1024))
                              .certificatePem());
        write("rsa2048.crt",
              testcerts::issue(Spec().dns(names).keyKind(testcerts::KeyKind::Rsa2048))
                  .certificatePem());
        const auto ca = testcerts::issue(Spec().cn(QStringLiteral("Test CA")).authority());
        const auto leaf = testcerts::issue(Spec().dns(names), &ca);
        write("chain.crt", leaf.certificatePem() + ca.certificatePem());
        write("reversed.crt", ca.certificatePem() + leaf.certificatePem());
    }

    // The context every row starts from: certificate files read as the applications read them.
    static ValidationContext filesContext() {
        ValidationContext context;
        context.readCertificateFiles = readCertificateFiles;
        return context;
    }

    void baseIsClean() {
        const Diagnostics diagnostics = Validator::validate(base(), filesContext());
        QVERIFY2(diagnostics.isEmpty(), qPrintable(dump(diagnostics)));
    }

    void listenerRules_data();
    void listenerRules() { runRow(); }
    void serviceRules_data();
    void serviceRules() { runRow(); }
    void certificateRules_data();
    void certificateRules() { runRow(); }
    void hostRules_data();
    void hostRules() { runRow(); }
    void routeRules_data();
    void routeRules() { runRow(); }
    void precedenceRules_data();
    void precedenceRules() { runRow(); }

    void shadowMessageNamesTheWinner() {
        Topology topology = base();
        topology.hosts[0].routes << route(added, QStringLiteral("/api/"), PathType::Prefix,
                                          QStringLiteral("food"));
        const Diagnostics all = Validator::validate(topology, filesContext());
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.front().ruleId, QStringLiteral("shadowed-route"));
        QVERIFY2(all.front().message.contains(
                     QStringLiteral("route #2 (Prefix /api) (line %1)").arg(r2 + 1)),
                 qPrintable(all.front().message));
        QVERIFY(all.front().message.contains(QStringLiteral("route #5 (Prefix /api/)")));
    }

    void regexErrorHasOffset() {
        Topology topology = base();
        topology.hosts[0].routes[3].firstMatch().path = QStringLiteral("^/v[0-9+/items$");
        const Diagnostics all = Validator::validate(topology, filesContext());
        QCOMPARE(all.size(), 1);
        QVERIFY2(all.front().message.contains(QStringLiteral("at offset 15")),
                 qPrintable(all.front().message));
    }

    void rulesCatalogue() {
        const QList<ValidationRule> &rules = Validator::rules();
        QVERIFY(rules.size() >= 34);
        QSet<QString> ids;
        static const QRegularExpression idPattern(QStringLiteral("^[a-z]+(-[a-z]+)*$"));
        for (const ValidationRule &rule : rules) {
            QVERIFY2(!ids.contains(rule.id), qPrintable(rule.id));
            ids.insert(rule.id);
            QVERIFY2(idPattern.match(rule.id).hasMatch(), qPrintable(rule.id));
            QVERIFY(!rule.summary.isEmpty());
        }
        for (const char *required : {"duplicate-host",
                                     "duplicate-route",
                                     "shadowed-route",
                                     "unknown-service",
                                     "service-without-endpoints",
                                     "invalid-endpoint",
                                     "invalid-host",
                                     "invalid-path",
                                     "invalid-regex",
                                     "tls-host-not-covered",
                                     "certificate-expired",
                                     "certificate-expiring",
                                     "certificate-file",
                                     "listener-conflict",
                                     "invalid-bind",
                                     "nodeport-range",
                                     "nodeport-not-allowed",
                                     "unknown-certificate",
                                     "unknown-listener",
                                     "unknown-default-service",
                                     "duplicate-service",
                                     "duplicate-listener",
                                     "duplicate-certificate",
                                     "key-not-in-keychain",
                                     "key-file",
                                     "https-without-certificate",
                                     "invalid-method",
                                     "invalid-header",
                                     "invalid-redirect",
                                     "route-without-target",
                                     "invalid-weight",
                                     "invalid-health-check",
                                     "invalid-port",
                                     "invalid-rewrite"})
            QVERIFY2(ids.contains(QString::fromLatin1(required)), required);
    }

    // Keeps docs/validation-rules.md honest: every rule has a row there, with its severity.
    void everyRuleIsDocumented() {
        QFile doc(QStringLiteral(INGRESS_SOURCE_DIR "/docs/validation-rules.md"));
        QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.errorString()));
        const QString text = QString::fromUtf8(doc.readAll());
        for (const ValidationRule &rule : Validator::rules()) {
            const QRegularExpression row(
                QStringLiteral("^\\| `%1` \\| %2 ")
                    .arg(QRegularExpression::escape(rule.id), severityName(rule.severity)),
                QRegularExpression::MultilineOption);
            QVERIFY2(row.match(text).hasMatch(),
                     qPrintable(QStringLiteral("no row '| `%1` | %2 |' in docs/validation-rules.md")
                                    .arg(rule.id, severityName(rule.severity))));
        }
    }
};
