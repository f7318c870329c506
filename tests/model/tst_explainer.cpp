#include "model/routing/explainer.h"
#include "tests/model/routingfixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace ingress;
using namespace ingress::testing;

class TestExplainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void json_data();
    void json();
    void traceEntries();
    void text();
    void matchAndFilters();
    void badRequests_data();
    void badRequests();
    void parseHeader_data();
    void parseHeader();
};

void TestExplainer::json_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QStringList>("headers");
    // The expected object, minus `trace` and `request`: every other key must match exactly.
    QTest::addColumn<QString>("expected");

    QTest::newRow("prefix with rewrite")
        << "https://abc.bar.com:8443/api/users?page=2"
        << "GET" << QStringList() << R"({"matched":true,"listener":"websecure","host":"abc.bar.com",
              "route":{"path":"/api","pathType":"Prefix","index":0,"match":0},"filters":[],"service":"abc",
              "viaDefaultService":false,"upstreamPath":"/users?page=2","redirect":null})";
    QTest::newRow("http listener redirects to https")
        << "http://food.bar.com:8080/x"
        << "GET" << QStringList() << R"({"matched":true,"listener":"web","host":"food.bar.com",
              "route":{"path":"/","pathType":"Prefix","index":0,"match":0},"filters":[],"service":"food",
              "viaDefaultService":false,"upstreamPath":"/x",
              "redirect":{"code":308,"location":"https://food.bar.com:8443/x"}})";
    QTest::newRow("wildcard host")
        << "https://shop.bar.com:8443/"
        << "GET" << QStringList() << R"({"matched":true,"listener":"websecure","host":"*.bar.com",
              "route":{"path":"/","pathType":"Prefix","index":0,"match":0},"filters":[],"service":"fallback",
              "viaDefaultService":false,"upstreamPath":"/","redirect":null})";
    QTest::newRow("regex with method and header")
        << "https://abc.bar.com:8443/v2/items"
        << "HEAD" << QStringList{"X-Canary: true"}
        << R"({"matched":true,"listener":"websecure","host":"abc.bar.com",
              "route":{"path":"^/v[0-9]+/items$","pathType":"Regex","index":2,"match":0},"filters":[],"service":"food",
              "viaDefaultService":false,"upstreamPath":"/v2/items","redirect":null})";
    QTest::newRow("default service")
        << "https://abc.bar.com:8443/nothing"
        << "GET" << QStringList()
        << R"({"matched":true,"listener":"websecure","host":"abc.bar.com","route":null,
              "service":"fallback","viaDefaultService":true,"upstreamPath":"/nothing",
              "redirect":null})";
    QTest::newRow("no listener on the port")
        << "http://food.bar.com:1234/x"
        << "GET" << QStringList() << R"({"matched":true,"listener":null,
              "listenerNote":"no HTTP listener on port 1234; matched as if on any listener",
              "host":"food.bar.com","route":{"path":"/","pathType":"Prefix","index":0,"match":0},"filters":[],
              "service":"food","viaDefaultService":false,"upstreamPath":"/x","redirect":null})";
    QTest::newRow("listener restriction")
        << "http://admin.bar.com:9090/panel"
        << "GET" << QStringList()
        << R"({"matched":true,"listener":"internal","host":"admin.bar.com",
              "route":{"path":"/","pathType":"Prefix","index":0,"match":0},"filters":[],"service":"admin",
              "viaDefaultService":false,"upstreamPath":"/panel","redirect":null})";
    QTest::newRow("Host header overrides the URL")
        << "http://127.0.0.1:9090/panel"
        << "GET" << QStringList{"Host: admin.bar.com"}
        << R"({"matched":true,"listener":"internal","host":"admin.bar.com",
              "route":{"path":"/","pathType":"Prefix","index":0,"match":0},"filters":[],"service":"admin",
              "viaDefaultService":false,"upstreamPath":"/panel","redirect":null})";
    QTest::newRow("route redirect")
        << "http://redir.test:8080/old/a?x=1"
        << "GET" << QStringList() << R"({"matched":true,"listener":"web","host":"redir.test",
              "route":{"path":"/old","pathType":"Prefix","index":0,"match":0},"filters":[],"service":null,
              "viaDefaultService":false,"upstreamPath":"/old/a?x=1",
              "redirect":{"code":301,"location":"http://redir.test:8080/new/a?x=1"}})";
}

void TestExplainer::json() {
    QFETCH(QString, url);
    QFETCH(QString, method);
    QFETCH(QStringList, headers);
    QFETCH(QString, expected);
    ExplainRequest request{url, method, {}};
    for (const QString &line : headers)
        request.headers.append(*Explainer::parseHeader(line));
    const Explanation e = Explainer(RoutingTable::compile(shop())).explain(request);
    QVERIFY2(e.ok(), qPrintable(e.error));
    QJsonObject actual = e.toJson();
    QVERIFY(actual.value(QStringLiteral("trace")).isArray());
    QCOMPARE(actual.value(QStringLiteral("request")).toObject().value(QStringLiteral("url")),
             QJsonValue(url));
    actual.remove(QStringLiteral("trace"));
    actual.remove(QStringLiteral("request"));
    QJsonParseError error{};
    const QJsonObject want = QJsonDocument::fromJson(expected.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(QJsonDocument(actual).toJson(QJsonDocument::Compact),
             QJsonDocument(want).toJson(QJsonDocument::Compact));
}

void TestExplainer::traceEntries() {
    Topology t = noDefault();
    const Explanation e =
        Explainer(RoutingTable::compile(t))
            .explain({QStringLiteral("http://x.foo.com/other"), QStringLiteral("GET"), {}});
    const QJsonObject json = e.toJson();
    QCOMPARE(json.value(QStringLiteral("matched")), QJsonValue(false));
    QCOMPARE(json.value(QStringLiteral("host")), QJsonValue(QStringLiteral("x.foo.com")));
    QVERIFY(json.value(QStringLiteral("upstreamPath")).isNull());
    QVERIFY(json.value(QStringLiteral("service")).isNull());
    const QJsonArray trace = json.value(QStringLiteral("trace")).toArray();
    QVERIFY(trace.size() >= 4);
    QStringList outcomes;
    for (const QJsonValue &step : trace) {
        const QJsonObject o = step.toObject();
        QCOMPARE(o.keys(), (QStringList{"outcome", "reason", "subject"}));
        outcomes << o.value(QStringLiteral("outcome")).toString();
    }
    QCOMPARE(outcomes.first(), QStringLiteral("selected")); // host x.foo.com: exact match
    QVERIFY(outcomes.contains(QStringLiteral("skipped")));  // *.foo.com not tried
    QCOMPARE(outcomes.last(), QStringLiteral("rejected"));  // no default service: 404
    QVERIFY(trace.last().toObject().value(QStringLiteral("reason")).toString().contains(u"404"));
}

void TestExplainer::text() {
    const Explanation e =
        Explainer(RoutingTable::compile(shop()))
            .explain({QStringLiteral("http://abc.bar.com:8080/login"), QStringLiteral("GET"), {}});
    const QString text = e.toText();
    QVERIFY2(text.startsWith(u"GET http://abc.bar.com:8080/login\n"), qPrintable(text));
    QVERIFY2(text.contains(u"listener  web (127.0.0.1:8080, HTTP)"), qPrintable(text));
    QVERIFY2(text.contains(u"route     #2 Exact /login"), qPrintable(text));
    QVERIFY2(text.contains(u"redirect  308 https://abc.bar.com:8443/login"), qPrintable(text));
    QVERIFY2(text.contains(u"skipped  route #1 Prefix /api: not reached"), qPrintable(text));
}

// A route with two matches taken through its second, with every filter: explain names the
// match and lists the filters the proxy applies, in text and JSON.
void TestExplainer::matchAndFilters() {
    Topology t;
    t.listeners = {listener(QStringLiteral("web"), QStringLiteral("127.0.0.1:8080"))};
    t.services = {service(QStringLiteral("app"), {QStringLiteral("127.0.0.1:9001")}),
                  service(QStringLiteral("shadow"), {QStringLiteral("127.0.0.1:9002")})};
    Route r = prefix(QStringLiteral("/api"), QStringLiteral("app"));
    RouteMatchRule login;
    login.path = QStringLiteral("/login");
    login.pathType = PathType::Exact;
    login.queryParams = {
        {QStringLiteral("next"), QStringLiteral("/.*"), ValueMatch::RegularExpression}};
    r.matches << login;
    r.rewritePath = QStringLiteral("/signin");
    r.rewriteHost = QStringLiteral("internal.test");
    r.requestHeaders.set = {{QStringLiteral("X-Env"), QStringLiteral("prod")}};
    r.requestHeaders.remove = {QStringLiteral("X-Debug")};
    r.responseHeaders.add = {{QStringLiteral("Cache-Control"), QStringLiteral("no-store")}};
    r.mirrors = {RouteMirror{QStringLiteral("shadow"), 25, {}}};
    t.hosts = {host(QStringLiteral("*"), {r})};
    const Explanation e = Explainer(RoutingTable::compile(t))
                              .explain({QStringLiteral("http://any.test:8080/login?next=/home"),
                                        QStringLiteral("GET"),
                                        {}});
    const QString text = e.toText();
    QVERIFY2(text.contains(u"route     #1 match 2 Exact /login"), qPrintable(text));
    QVERIFY2(text.contains(u"upstream  /signin?next=/home"), qPrintable(text));
    QVERIFY2(text.contains(u"filter    requestHeaders: set X-Env: prod; remove x-debug"),
             qPrintable(text));
    QVERIFY2(text.contains(u"filter    rewriteHost: internal.test"), qPrintable(text));
    QVERIFY2(text.contains(u"filter    responseHeaders: add Cache-Control: no-store"),
             qPrintable(text));
    QVERIFY2(text.contains(u"filter    mirror: shadow (25% of requests)"), qPrintable(text));
    const QJsonObject json = e.toJson();
    QCOMPARE(json[QStringLiteral("host")].toString(), QStringLiteral("*"));
    QCOMPARE(json[QStringLiteral("route")][QStringLiteral("match")].toInt(), 1);
    const QJsonArray filters = json[QStringLiteral("filters")].toArray();
    QCOMPARE(filters.size(), 4);
    QCOMPARE(filters[3][QStringLiteral("type")].toString(), QStringLiteral("mirror"));
}

void TestExplainer::badRequests_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("not a URL") << "http://exa mple.com/"
                               << "GET"
                               << "not a valid URL";
    QTest::newRow("relative") << "/just/a/path"
                              << "GET"
                              << "not an http:// or https:// URL";
    QTest::newRow("ftp") << "ftp://a.test/"
                         << "GET"
                         << "not an http:// or https:// URL";
    QTest::newRow("no host") << "http:///x"
                             << "GET"
                             << "names no host";
    QTest::newRow("bad method") << "http://a.test/"
                                << "GE T"
                                << "not an HTTP method";
}

void TestExplainer::badRequests() {
    QFETCH(QString, url);
    QFETCH(QString, method);
    QFETCH(QString, errorPart);
    const Explanation e = Explainer(RoutingTable::compile(shop())).explain({url, method, {}});
    QVERIFY(!e.ok());
    QVERIFY2(e.error.contains(errorPart), qPrintable(e.error));
    QCOMPARE(e.toJson().value(QStringLiteral("matched")), QJsonValue(false));
    QCOMPARE(e.toJson().value(QStringLiteral("error")), QJsonValue(e.error));
}

void TestExplainer::parseHeader_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << "X-Canary: true" << true << "X-Canary"
                           << "true";
    QTest::newRow("no space") << "X-Env:test" << true << "X-Env"
                              << "test";
    QTest::newRow("empty value") << "X-Empty:" << true << "X-Empty"
                                 << "";
    QTest::newRow("colon in value") << "Referer: http://a/b" << true << "Referer"
                                    << "http://a/b";
    QTest::newRow("no colon") << "X-Canary true" << false << ""
                              << "";
    QTest::newRow("no name") << ": value" << false << ""
                             << "";
    QTest::newRow("space in name") << "X Canary: true" << false << ""
                                   << "";
}

void TestExplainer::parseHeader() {
    QFETCH(QString, line);
    QFETCH(bool, valid);
    QFETCH(QString, name);
    QFETCH(QString, value);
    QString error;
    const auto parsed = Explainer::parseHeader(line, &error);
    QCOMPARE(parsed.has_value(), valid);
    QCOMPARE(error.isEmpty(), valid);
    if (valid) {
        QCOMPARE(parsed->first, name);
        QCOMPARE(parsed->second, value);
    }
}

QTEST_GUILESS_MAIN(TestExplainer)
#include "tst_explainer.moc"
