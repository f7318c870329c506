// The differential test: the same table of requests goes to real nginx, HAProxy and Caddy
// started from our exports, and to the embedded proxy; every answer must equal what
// RoutingTable::match decides, unless the exporter warned about that host or route.

#include "export/caddyexporter.h"
#include "export/exportsupport.h"
#include "export/haproxyexporter.h"
#include "export/nginxexporter.h"
#include "proxy/proxyengine.h"
#include "tests/export/differentialharness.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <atomic>
#include <optional>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <thread>

using namespace ingress;
using namespace ingress::testing;

namespace {

QList<Request> requestTable(const QByteArrayList &hosts, const QByteArrayList &paths,
                            const QByteArrayList &methods,
                            const QList<QList<QPair<QByteArray, QByteArray>>> &headerSets,
                            int port) {
    QList<Request> requests;
    for (const QByteArray &host : hosts)
        for (const QByteArray &path : paths)
            for (const QByteArray &method : methods)
                for (const auto &headers : headerSets)
                    requests << Request{method, host + ':' + QByteArray::number(port), path,
                                        headers};
    return requests;
}

struct Scenario {
    Topology topology;
    QList<Request> requests;
    // What each request must get, in order, when the answer depends on the requests before it
    // (rate limits) or on more than routing (policies); empty: RoutingTable::match decides.
    QList<Answer> expected;
    int port = 0;
    QByteArrayList report; // response headers every answer's detail shows (sendRequest)
};

// users.htpasswd in `dir`, password "secret": alice SHA-512-crypt (openssl passwd -6; nginx and
// HAProxy check it with crypt(3), Caddy cannot) and bob bcrypt (htpasswd -B; every target).
QString writeHtpasswd(const QString &dir) {
    const QString openssl = findTool(QStringLiteral("openssl"));
    const QString htpasswd = findTool(QStringLiteral("htpasswd"));
    if (openssl.isEmpty())
        return {};
    const ToolRun sha = runTool(
        openssl, {QStringLiteral("passwd"), QStringLiteral("-6"), QStringLiteral("secret")});
    QByteArray lines = "alice:" + sha.output.trimmed().toUtf8() + '\n';
    if (!htpasswd.isEmpty())
        lines += runTool(htpasswd,
                         {QStringLiteral("-nbB"), QStringLiteral("bob"), QStringLiteral("secret")})
                     .output.trimmed()
                     .toUtf8() +
                 '\n';
    else // apache2-utils missing: the same kind of line, made earlier by `htpasswd -nbB`
        lines += "bob:$2y$04$iqBH3T8D1Pj/OK/8Rz8WWekPX0HUTmPx4.0opPrnzge.82NsAyrBi\n";
    if (sha.exitCode != 0 || !lines.startsWith("alice:$6$"))
        return {};
    const QString path = dir + QStringLiteral("/users.htpasswd");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(lines) != lines.size())
        return {};
    // nginx reads the file in its worker, which drops to `nobody` when the test runs as root.
    const auto readable =
        QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther;
    if (!file.setPermissions(readable) ||
        !QFile::setPermissions(dir, readable | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther))
        return {};
    return path;
}

// Every policy check, from 127.0.0.1, in an order where each answer is known: deny, allow
// lists, basic auth without, with wrong and with right credentials, 1 per minute with a burst
// of 2 (three pass, the fourth is refused), a host's list a route lifts.
void policyRequests(Scenario &s) {
    const QByteArray host = "policy.test:" + QByteArray::number(s.port);
    auto add = [&](const QByteArray &h, const QByteArray &path, int status,
                   const QString &detail = {}, QList<QPair<QByteArray, QByteArray>> headers = {}) {
        s.requests << Request{"GET", h, path, headers};
        s.expected << Answer{status, detail};
    };
    auto basic = [](const QByteArray &credentials) {
        return QList<QPair<QByteArray, QByteArray>>{
            {"Authorization", "Basic " + credentials.toBase64()}};
    };
    add(host, "/denied", 403);
    add(host, "/denied/x", 403);
    add(host, "/allowed/x", 200, QStringLiteral("web /allowed/x"));
    add(host, "/outside", 403);
    add(host, "/private", 401);
    add(host, "/private", 401, {}, basic("bob:wrong"));
    add(host, "/private", 200, QStringLiteral("api /private"), basic("bob:secret"));
    add(host, "/private/x", 200, QStringLiteral("api /private/x"), basic("alice:secret"));
    add(host, "/private", 401, {}, basic("alice:wrong"));
    add(host, "/", 200, QStringLiteral("web /"));
    for (int i = 0; i < 3; ++i)
        add(host, "/limited", 200, QStringLiteral("web /limited"));
    add(host, "/limited", 429);
    add(host, "/", 200, QStringLiteral("web /"));
    const QByteArray guarded = "hostpolicy.test:" + QByteArray::number(s.port);
    add(guarded, "/closed", 403);
    add(guarded, "/open/x", 200, QStringLiteral("web /open/x"));
    add("unknown.test:" + QByteArray::number(s.port), "/", 404);
}

// Backend names are service names: each service of these topologies has one endpoint.
// The same policies behind trusted proxies (127.0.0.0/8, which the test connects from): the
// client is the last X-Forwarded-For entry that is not a trusted proxy, or the first of them
// when every one is.
void proxiedRequests(Scenario &s) {
    const QByteArray host = "policy.test:" + QByteArray::number(s.port);
    auto add = [&](const QByteArray &path, const QByteArray &forwardedFor, int status,
                   const QString &detail = {}) {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!forwardedFor.isEmpty())
            headers << qMakePair(QByteArray("X-Forwarded-For"), forwardedFor);
        s.requests << Request{"GET", host, path, headers};
        s.expected << Answer{status, detail};
    };
    add("/denied", {}, 403);
    add("/denied", "10.9.9.9", 200, QStringLiteral("web /denied"));
    add("/denied", "127.0.0.1", 403);
    add("/denied", "127.0.0.1, 127.0.0.2", 403);
    add("/denied", "10.9.9.9, 127.0.0.1", 200, QStringLiteral("web /denied"));
    add("/allowed", "10.9.9.9", 403);
    add("/allowed", "10.9.9.9, 127.0.0.2", 403);
    add("/allowed", "127.0.0.3", 200, QStringLiteral("web /allowed"));
    add("/outside", "10.1.2.3", 200, QStringLiteral("web /outside"));
    add("/outside", "10.1.2.3, 192.0.2.1", 403);
}

// CORS and security headers (browserTopology), from the spec (docs/topology-format.md): a
// preflight from an allowed origin is answered with 204 before the checks, others go on to
// the backend; answers to an allowed origin get the CORS fields, every answer the security
// headers, and none HSTS over HTTP.
void browserRequests(Scenario &s) {
    s.report = {"access-control-allow-origin",
                "access-control-allow-methods",
                "access-control-max-age",
                "access-control-allow-credentials",
                "access-control-expose-headers",
                "vary",
                "x-frame-options",
                "x-content-type-options",
                "referrer-policy",
                "strict-transport-security"};
    const QByteArray host = "cors.test:" + QByteArray::number(s.port);
    const QString security = QStringLiteral(" <x-frame-options=SAMEORIGIN <x-content-type-options="
                                            "nosniff <referrer-policy=strict-origin-when-cross-"
                                            "origin <strict-transport-security=-");
    // The CORS fields in `s.report` order: origin, methods, max age, credentials, expose, vary.
    auto cors = [&](const char *origin, const char *methods, const char *maxAge,
                    const char *credentials, const char *expose, const char *vary) {
        return QStringLiteral(" <access-control-allow-origin=%1 <access-control-allow-methods=%2 "
                              "<access-control-max-age=%3 <access-control-allow-credentials=%4 "
                              "<access-control-expose-headers=%5 <vary=%6")
                   .arg(QLatin1StringView(origin), QLatin1StringView(methods),
                        QLatin1StringView(maxAge), QLatin1StringView(credentials),
                        QLatin1StringView(expose), QLatin1StringView(vary)) +
               security;
    };
    const QString untouched = cors("-", "-", "-", "-", "-", "-");
    auto add = [&](const QByteArray &method, const QByteArray &path, const QByteArray &origin,
                   const QByteArray &requestMethod, int status, const QString &detail) {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!origin.isEmpty())
            headers << qMakePair(QByteArray("Origin"), origin);
        if (!requestMethod.isEmpty())
            headers << qMakePair(QByteArray("Access-Control-Request-Method"), requestMethod);
        s.requests << Request{method, host, path, headers};
        s.expected << Answer{status, detail};
    };
    const char *app = "https://app.example.com";
    add("OPTIONS", "/api", app, "POST", 204, cors(app, "GET, POST", "600", "true", "-", "Origin"));
    add("OPTIONS", "/api", "https://APP.example.com", "POST", 204,
        cors("https://APP.example.com", "GET, POST", "600", "true", "-", "Origin"));
    add("OPTIONS", "/api", "https://a.b.example.org", "GET", 204,
        cors("https://a.b.example.org", "GET, POST", "600", "true", "-", "Origin"));
    add("OPTIONS", "/api", "https://evil.test", "POST", 200, "web /api" + untouched);
    add("OPTIONS", "/api", "https://example.org", "POST", 200, "web /api" + untouched);
    add("OPTIONS", "/api", app, {}, 200,
        "web /api" + cors(app, "-", "-", "true", "X-Request-Id", "Origin"));
    add("GET", "/api", app, {}, 200,
        "web /api" + cors(app, "-", "-", "true", "X-Request-Id", "Origin"));
    add("GET", "/api", {}, {}, 200, "web /api" + untouched);
    add("GET", "/open", "https://evil.test", {}, 200,
        "web /open" + cors("*", "-", "-", "-", "-", "Origin"));
    add("OPTIONS", "/open", "https://evil.test", "PUT", 204,
        cors("*", "GET, PUT, POST, DELETE, PATCH, OPTIONS", "1728000", "-", "-", "Origin"));
    add("OPTIONS", "/none", app, "POST", 200, "web /none" + untouched);
    add("OPTIONS", "/closed", app, "POST", 204,
        cors(app, "GET, POST", "600", "true", "-", "Origin"));
    add("GET", "/closed", app, {}, 403, cors(app, "-", "-", "true", "X-Request-Id", "Origin"));
    add("GET", "/closed", {}, {}, 403, untouched);
}

Scenario makeScenario(const QString &name, const QList<int> &backends, const QString &files) {
    Scenario s;
    s.port = freePort();
    const QList<QPair<QByteArray, QByteArray>> none;
    const QList<QPair<QByteArray, QByteArray>> admin{{"X-Admin", "yes"}};
    if (name == u"shop" || name == u"shop with TLS") {
        const QString data = QStringLiteral(INGRESS_TEST_DATA);
        s.topology = name == u"shop" ? shopTopology(s.port, backends)
                                     : shopTopology(s.port, backends, data, freePort());
        s.requests = requestTable({"shop.example.com", "a.example.com", "a.b.example.com",
                                   "api.internal", "secure.example.com", "unknown.test"},
                                  {"/", "/api", "/api/x", "/api/admin/x", "/api/v1",
                                   "/api/v1/users", "/old", "/old/a", "/img/cat.png",
                                   "/img/Cat.png", "/cart", "/cart/1", "/v2/items", "/apix"},
                                  {"GET", "POST", "DELETE"}, {none, admin}, s.port);
    } else if (name == u"redirects") {
        s.topology = redirectTopology(s.port, backends);
        s.requests = requestTable({"redir.test", "rw.test", "a.wild.test", "nothing.test"},
                                  {"/old", "/old/a", "/old/a/b", "/oldx", "/gone/x", "/secure/x",
                                   "/port/y", "/exact", "/exact/", "/strip", "/strip/users",
                                   "/r/abc/def", "/r/ABC", "/e", "/v1", "/v1/x", "/", "/w/1"},
                                  {"GET", "POST"}, {none}, s.port);
    } else if (name == u"trailing slash") {
        s.topology = trailingSlashTopology(s.port, backends);
        s.requests =
            requestTable({"slash.test", "mixed.test", "other.test"},
                         {"/", "/foo", "/foo/", "/foo/x", "/foox", "/bar", "/bar/", "/bar/x",
                          "/baz", "/baz/", "/x", "/x/", "/x/y", "/x/y/", "/x/y/z"},
                         {"GET", "POST"}, {none}, s.port);
    } else if (name == u"features") {
        // Several matches per route, query and header regexes, the '*' host and fall-through
        // to it from hosts without a route for the request, rewritePath, direct responses.
        s.topology = featuresTopology(s.port, backends);
        s.requests = requestTable({"multi.test", "other.test", "unknown.test"},
                                  {"/a", "/a/x", "/b", "/b?v=1", "/b/x?v=1&w=2", "/b?v=2", "/h/1",
                                   "/q?id=12", "/q?id=x", "/full/x?k=1", "/filters/x", "/mirror/1",
                                   "/m", "/any", "/any/x", "/o/1", "/zzz", "/ok", "/gone/x"},
                                  {"GET"},
                                  {none,
                                   {{"X-Ver", "v2"}},
                                   {{"X-Ver", "2"}},
                                   {{kEchoHeader, "1"}, {"X-Add", "one"}, {"X-Remove", "bye"}}},
                                  s.port);
    } else if (name == u"policies") {
        s.topology = policyTopology(s.port, backends, writeHtpasswd(files));
        policyRequests(s);
    } else if (name == u"cors and security headers") {
        s.topology = browserTopology(s.port, backends);
        browserRequests(s);
    } else if (name == u"trusted proxies") {
        s.topology = policyTopology(s.port, backends, writeHtpasswd(files));
        s.topology.listeners.first().trustedProxies = {QStringLiteral("127.0.0.0/8")};
        proxiedRequests(s);
    } else {
        s.topology = defaultOnlyTopology(s.port, backends.first());
        // Its one service answers as backend "web".
        s.topology.services.first().name = QStringLiteral("web");
        s.topology.defaultService = QStringLiteral("web");
        s.requests = requestTable({"any.test", "shop.example.com"}, {"/", "/a/b", "/x?y=1"},
                                  {"GET", "PUT"}, {none}, s.port);
    }
    return s;
}

// The exporter warned about this route or its host: a difference there is declared.
bool declared(const ExportResult &result, const Topology &topology, const CompiledHost *host,
              const CompiledRoute *route) {
    if (!host)
        return false;
    const VirtualHost &vh = topology.hosts[host->index];
    for (const ExportWarning &warning : result.warnings) {
        if (warning.subject == exportsupport::hostSubject(vh))
            return true;
        if (route && warning.subject == exportsupport::routeSubject(vh, *route))
            return true;
    }
    return false;
}

} // namespace

class TestDifferential : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameAnswers_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("target");
        for (const char *scenario :
             {"shop", "shop with TLS", "redirects", "trailing slash", "default only", "features",
              "policies", "trusted proxies", "cors and security headers"})
            for (const char *target : {"nginx", "haproxy", "caddy", "engine"})
                QTest::addRow("%s on %s", scenario, target)
                    << QString::fromLatin1(scenario) << QString::fromLatin1(target);
    }

    void sameAnswers() {
        QFETCH(QString, scenario);
        QFETCH(QString, target);
        // The features scenario's fourth service is "copy" (a mirror: never answers a client).
        BackendPool backends(
            {QStringLiteral("web"), QStringLiteral("api"), QStringLiteral("admin"),
             scenario == u"features" ? QStringLiteral("copy") : QStringLiteral("fallback")});
        QList<int> ports = backends.startAll();
        if (scenario == u"default only")
            ports = {ports.value(0)};
        QTemporaryDir files; // the policies' htpasswd file
        Scenario s = makeScenario(scenario, ports, files.path());
        const bool policies = scenario == u"policies" || scenario == u"trusted proxies" ||
                              scenario == u"cors and security headers";
        if (policies && scenario != u"cors and security headers" &&
            s.topology.hosts.first().routes[3].policy.basicAuth->htpasswd.isEmpty())
            INGRESS_MISSING_PEER("openssl is needed to make the htpasswd file");
        const RoutingTablePtr table = RoutingTable::compile(s.topology);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ExportOptions options;
        options.includeSecrets = true;
        options.outputDirectory = dir.path();
        ExportResult result;
        std::optional<ProcessGuard> server;
        QProcess *process = nullptr;
        std::unique_ptr<proxy::ProxyEngine> engine;
        if (target == u"engine") {
            engine = std::make_unique<proxy::ProxyEngine>();
            QStringList errors;
            QVERIFY2(engine->start(table, &errors), qPrintable(errors.join(u'\n')));
        } else {
            QString program;
            QStringList args;
            if (target == u"nginx") {
                result = NginxExporter().exportTopology(s.topology, options);
                program = findTool(QStringLiteral("nginx"));
                args = {QStringLiteral("-p"), dir.path() + u'/',
                        QStringLiteral("-c"), dir.filePath(QStringLiteral("nginx.conf")),
                        QStringLiteral("-e"), QStringLiteral("stderr"),
                        QStringLiteral("-g"), QStringLiteral("daemon off;")};
            } else if (target == u"haproxy") {
                result = HAProxyExporter().exportTopology(s.topology, options);
                program = findTool(QStringLiteral("haproxy"));
                args = {QStringLiteral("-f"), dir.filePath(QStringLiteral("haproxy.cfg")),
                        QStringLiteral("-db")};
            } else {
                result = CaddyExporter().exportTopology(s.topology, options);
                program = findTool(QStringLiteral("caddy"));
                args = {QStringLiteral("run"), QStringLiteral("--adapter"),
                        QStringLiteral("caddyfile"), QStringLiteral("--config"),
                        dir.filePath(QStringLiteral("Caddyfile"))};
            }
            if (program.isEmpty())
                INGRESS_MISSING_PEER("the target's binary is not installed");
            QVERIFY(writeExport(result, dir.path()));
            process = server.emplace().process.get();
            process->setWorkingDirectory(dir.path());
            process->setProcessChannelMode(QProcess::MergedChannels);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("HOME"), dir.path()); // Caddy's data and config folders
            env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
            process->setProcessEnvironment(env);
            process->start(program, args);
            QVERIFY2(process->waitForStarted(5000), qPrintable(process->errorString()));
        }
        if (!waitForPort(s.port)) {
            const QString log = process ? QString::fromUtf8(process->readAll()) : QString();
            QFAIL(qPrintable(QStringLiteral("%1 did not listen on %2:\n%3\n%4")
                                 .arg(target)
                                 .arg(s.port)
                                 .arg(log, QString::fromUtf8(result.mainText))));
        }

        // The client blocks, so it runs beside the event loop the engine may need.
        QList<Answer> answers(s.requests.size());
        std::atomic<bool> done = false;
        std::thread client([&] {
            for (qsizetype i = 0; i < s.requests.size(); ++i)
                answers[i] = sendRequest(s.port, s.requests[i], 3000, s.report);
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 40000);
        client.join();

        int compared = 0, allowed = 0;
        QStringList failures;
        for (qsizetype i = 0; i < s.requests.size(); ++i) {
            const CompiledRoute *route = nullptr;
            const CompiledHost *host = nullptr;
            const Answer routed = expectedAnswer(*table, 0, s.requests[i], &route, &host);
            const Answer expected = s.expected.isEmpty() ? routed : s.expected[i];
            ++compared;
            if (answers[i] == expected)
                continue;
            const QString line = QStringLiteral("%1: expected '%2', %3 answered '%4'")
                                     .arg(s.requests[i].describe(), expected.toString(), target,
                                          answers[i].toString());
            if (target != u"engine" && declared(result, s.topology, host, route)) {
                ++allowed;
                qInfo().noquote() << "declared difference:" << line;
            } else {
                failures << line;
            }
        }
        if (engine)
            engine->stop(Duration(500));
        // Agreement per target and scenario, for docs/exporters.md.
        const qsizetype agreed = compared - allowed - failures.size();
        qInfo().noquote() << QStringLiteral("%1 on %2: %3 of %4 requests agree (%5 %), %6 "
                                            "declared differences")
                                 .arg(target, scenario)
                                 .arg(agreed)
                                 .arg(compared)
                                 .arg(compared ? 100.0 * double(agreed) / compared : 100.0, 0, 'f',
                                      1)
                                 .arg(allowed);
        if (!failures.isEmpty() && process)
            qWarning().noquote() << QString::fromUtf8(result.mainText);
        QVERIFY2(failures.isEmpty(),
                 qPrintable(QStringLiteral("%1 differences:\n").arg(failures.size()) +
                            failures.mid(0, 40).join(u'\n')));
        // nginx and HAProxy express every policy here: none of their answers may be excused.
        if (policies && (target == u"nginx" || target == u"haproxy"))
            QCOMPARE(allowed, 0);
    }
};

INGRESS_PEER_TEST_MAIN(TestDifferential)
#include "tst_differential.moc"
