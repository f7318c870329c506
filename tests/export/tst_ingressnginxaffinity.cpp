// ingress-nginx's cookie affinity annotations (affinity, affinity-mode, session-cookie-*) and
// Gateway API's sessionPersistence imported as the sticky session of the services their routes
// send to, checked field by field, in the compiled snapshot, and saved and loaded back; what
// does not translate is reported at its place with the reason, and counted.
#include "export/kubernetesimporter.h"
#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"
#include "tests/export/ingressnginxtesthelpers.h"

#include <algorithm>
#include <QTest>

using namespace ingress;
using namespace ingress::ingressnginxtest;

namespace {

// "COOKIE [TTL]", or "none".
QString stickyText(const Topology &topology, const QString &service) {
    const Service *s = topology.findService(service);
    if (!s || !s->stickySession)
        return QStringLiteral("none");
    QString text = s->stickySession->cookie;
    if (s->stickySession->ttl)
        text += u' ' + formatDuration(*s->stickySession->ttl);
    return text;
}

ImportResult import(const QByteArray &yaml) {
    KubernetesImporter importer;
    importer.addData(yaml, QStringLiteral("annotated.yaml"));
    return importer.finish({});
}

// An Ingress `name` for HOST/PATH -> SERVICE per path, with `annotations`.
QByteArray ingressYaml(const QByteArray &name, const QByteArray &host,
                       const QList<std::pair<QByteArray, QByteArray>> &paths,
                       const QByteArray &annotations = {}) {
    QByteArray yaml =
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: " + name +
        (annotations.isEmpty() ? QByteArray() : "\n  annotations:\n" + annotations) +
        "\nspec:\n  rules:\n  - host: " + host + "\n    http:\n      paths:\n";
    for (const auto &[path, service] : paths)
        yaml += "      - path: " + path +
                "\n        pathType: Prefix\n        backend:\n          service:\n            "
                "name: " +
                service + "\n            port: {number: 80}\n";
    return yaml;
}

const QByteArray gateway = R"(apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  listeners:
  - {name: web, port: 8080, protocol: HTTP}
---
apiVersion: v1
kind: Service
metadata: {name: shop}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: cart}
spec: {ports: [{port: 80}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: store}
spec:
  parentRefs: [{name: gw}]
  hostnames: [store.example.com]
  rules:
  - matches: [{path: {value: /}}]
    backendRefs: [{name: shop, port: 80}]
)";

} // namespace

class TestIngressNginxAffinity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void translated_data();
    void translated();
    void sharedService();
    void differentCookies();
    void sameCookieOnOneHost();
    void canary();
    void compiled();
    void gatewaySessionPersistence_data();
    void gatewaySessionPersistence();
    void roundTrip_data();
    void roundTrip();
};

void TestIngressNginxAffinity::translated_data() {
    QTest::addColumn<QByteArray>("annotations"); // of the Ingress food.bar.com/ -> food
    QTest::addColumn<QString>("sticky");         // of the service food (stickyText)
    QTest::addColumn<QStringList>("report");     // lines of the import report

    const QString all = QStringLiteral(":6:5: note: %1 of %1 annotations translated [import]");
    const QString balanced = QStringLiteral(
        "note: ingress-nginx's balanced affinity mode (its default) moves some clients to new "
        "endpoints when the service scales up; the engine moves a client only when its endpoint "
        "is ejected or removed (as affinity-mode: persistent does) [import]");
    QTest::newRow("affinity") << nginx({"affinity: cookie"}) << "INGRESSCOOKIE"
                              << QStringList{QStringLiteral(":6:5: ") + balanced, all.arg(1)};
    QTest::newRow("name and max-age")
        << nginx({"affinity: cookie", "session-cookie-name: shop_route",
                  "session-cookie-max-age: \"172800\""})
        << "shop_route 48h" << QStringList{all.arg(3)};
    QTest::newRow("expires without max-age")
        << nginx({"affinity: cookie", "session-cookie-expires: \"3600\""}) << "INGRESSCOOKIE 1h"
        << QStringList{all.arg(2)};
    QTest::newRow("max-age over expires")
        << nginx({"affinity: cookie", "session-cookie-expires: \"3600\"",
                  "session-cookie-max-age: \"60\""})
        << "INGRESSCOOKIE 1m" << QStringList{all.arg(3)};
    // What the Kubernetes export writes.
    QTest::newRow("as exported")
        << nginx({"affinity: cookie", "session-cookie-name: route", "session-cookie-path: /",
                  "session-cookie-change-on-failure: \"true\"", "session-cookie-max-age: \"43200\"",
                  "session-cookie-expires: \"43200\""})
        << "route 12h"
        << QStringList{":9:5: note: annotation "
                       "'nginx.ingress.kubernetes.io/session-cookie-change-on-failure': "
                       "ingress-nginx moves a client after one failed attempt; the engine moves "
                       "it once its endpoint is ejected (health checks, passive failures) [import]",
                       all.arg(6)};
    QTest::newRow("max-age not a number")
        << nginx({"affinity: cookie", "session-cookie-max-age: 2d",
                  "session-cookie-expires: \"120\""})
        << "INGRESSCOOKIE 2m"
        << QStringList{":7:57: warning: annotation "
                       "'nginx.ingress.kubernetes.io/session-cookie-max-age': '2d' is not a number "
                       "of seconds; ingress-nginx ignores it, and so does the import [import]",
                       ":6:5: note: 2 of 3 annotations translated; not translated: "
                       "nginx.ingress.kubernetes.io/session-cookie-max-age [import]"};
    QTest::newRow("max-age zero")
        << nginx({"affinity: cookie", "session-cookie-max-age: \"0\""}) << "INGRESSCOOKIE"
        << QStringList{":7:5: warning: annotation "
                       "'nginx.ingress.kubernetes.io/session-cookie-max-age' is not translated: a "
                       "cookie that expires at once (0 s) never keeps a client; the import leaves "
                       "the ttl out (a cookie for the browser session) [import]"};
    QTest::newRow("cookie name not a token")
        << nginx({"affinity: cookie", "session-cookie-name: \"my route\""}) << "INGRESSCOOKIE"
        << QStringList{":7:54: warning: annotation "
                       "'nginx.ingress.kubernetes.io/session-cookie-name': 'my route' is not a "
                       "cookie name (letters, digits and !#$%&'*+-.^_`|~); the import keeps "
                       "INGRESSCOOKIE [import]",
                       ":6:5: note: 1 of 2 annotations translated"};
    QTest::newRow("cookie path")
        << nginx({"affinity: cookie", "session-cookie-path: /shop"}) << "INGRESSCOOKIE"
        << QStringList{":7:5: warning: annotation "
                       "'nginx.ingress.kubernetes.io/session-cookie-path' is not translated: the "
                       "engine sets the cookie with Path=/: browsers send it on every path of the "
                       "host, not only under '/shop' [import]",
                       ":6:5: note: 1 of 2 annotations translated; not translated: "
                       "nginx.ingress.kubernetes.io/session-cookie-path [import]"};
    QTest::newRow("persistent")
        << nginx({"affinity: cookie", "affinity-mode: persistent"}) << "INGRESSCOOKIE"
        << QStringList{":7:5: note: annotation 'nginx.ingress.kubernetes.io/affinity-mode': the "
                       "engine moves a client only when its endpoint is ejected or removed, "
                       "which is what persistent means [import]",
                       all.arg(2)};
    QTest::newRow("balanced") << nginx({"affinity: cookie", "affinity-mode: balanced"})
                              << "INGRESSCOOKIE"
                              << QStringList{QStringLiteral(":7:5: ") + balanced, all.arg(2)};
    QTest::newRow("persistent-drainable")
        << nginx({"affinity: cookie", "affinity-mode: persistent-drainable"}) << "INGRESSCOOKIE"
        << QStringList{":7:5: warning: annotation 'nginx.ingress.kubernetes.io/affinity-mode' is "
                       "not translated: ingress-nginx keeps clients on an endpoint that is "
                       "shutting down until it is gone; the engine moves them once the endpoint "
                       "is ejected or removed, as affinity-mode: persistent does [import]",
                       ":6:5: note: 1 of 2 annotations translated"};
    QTest::newRow("unknown mode")
        << nginx({"affinity: cookie", "affinity-mode: sticky"}) << "INGRESSCOOKIE"
        << QStringList{":7:48: warning: annotation 'nginx.ingress.kubernetes.io/affinity-mode': "
                       "'sticky' is not balanced or persistent; ingress-nginx reads it as "
                       "balanced, and the engine moves a client only when its endpoint is "
                       "ejected or removed [import]"};
    QTest::newRow("change-on-failure false")
        << nginx({"affinity: cookie", "session-cookie-change-on-failure: \"false\""})
        << "INGRESSCOOKIE"
        << QStringList{":7:5: warning: annotation "
                       "'nginx.ingress.kubernetes.io/session-cookie-change-on-failure' is not "
                       "translated: ingress-nginx keeps a client on its endpoint after a failed "
                       "attempt; the engine always moves the client once its endpoint is "
                       "ejected (health checks, passive failures) [import]"};
    QTest::newRow("cookie attributes")
        << nginx({"affinity: cookie", "session-cookie-samesite: Strict",
                  "session-cookie-secure: \"true\"",
                  "session-cookie-conditional-samesite-none: \"true\"",
                  "session-cookie-domain: bar.com", "session-cookie-hash: sha1"})
        << "INGRESSCOOKIE"
        << QStringList{
               ":7:5: warning: annotation "
               "'nginx.ingress.kubernetes.io/session-cookie-samesite' is not translated: "
               "the engine sets the cookie with Path=/ and HttpOnly only, not SameSite "
               "(browsers then treat the cookie as Lax) [import]",
               ":8:5: warning: annotation 'nginx.ingress.kubernetes.io/session-cookie-secure' "
               "is not translated: the engine sets the cookie with Path=/ and HttpOnly "
               "only, not Secure [import]",
               ":9:5: warning: annotation "
               "'nginx.ingress.kubernetes.io/session-cookie-conditional-samesite-none' is "
               "not translated: the engine sets the cookie with Path=/ and HttpOnly only, "
               "not SameSite",
               ":10:5: warning: annotation 'nginx.ingress.kubernetes.io/session-cookie-domain' "
               "is not translated: the engine sets the cookie with Path=/ and HttpOnly "
               "only, not Domain: the cookie is the host's only [import]",
               ":11:5: warning: annotation 'nginx.ingress.kubernetes.io/session-cookie-hash' "
               "is not translated: ingress-nginx no longer reads it",
               ":6:5: note: 1 of 6 annotations translated"};
    QTest::newRow("secure false") << nginx({"affinity: cookie", "session-cookie-secure: \"false\""})
                                  << "INGRESSCOOKIE" << QStringList{all.arg(2)};
    QTest::newRow("canary behavior on a main Ingress")
        << nginx({"affinity: cookie", "affinity-canary-behavior: sticky"}) << "INGRESSCOOKIE"
        << QStringList{":7:5: warning: annotation "
                       "'nginx.ingress.kubernetes.io/affinity-canary-behavior' is not "
                       "translated: it means something on a canary Ingress only [import]"};
    QTest::newRow("affinity not cookie")
        << nginx({"affinity: ip", "session-cookie-name: route"}) << "none"
        << QStringList{
               ":6:43: warning: annotation 'nginx.ingress.kubernetes.io/affinity': 'ip' "
               "is not cookie, ingress-nginx's only affinity; it then has none, and "
               "neither has the import [import]",
               ":7:5: warning: annotation 'nginx.ingress.kubernetes.io/session-cookie-name' "
               "is not translated: affinity is not cookie, and ingress-nginx ignores it "
               "then [import]",
               ":6:5: note: 0 of 2 annotations translated"};
    QTest::newRow("session-cookie without affinity")
        << nginx({"session-cookie-name: route", "session-cookie-max-age: \"60\""}) << "none"
        << QStringList{
               ":6:5: warning: annotation 'nginx.ingress.kubernetes.io/session-cookie-name' "
               "is not translated: there is no affinity: cookie, without which "
               "ingress-nginx ignores it [import]",
               ":7:5: warning: annotation "
               "'nginx.ingress.kubernetes.io/session-cookie-max-age' is not translated: "
               "there is no affinity: cookie",
               ":6:5: note: 0 of 2 annotations translated"};
    QTest::newRow("HAProxy cookie-persistence")
        << QByteArray("    haproxy.org/cookie-persistence: SRVID\n") << "SRVID"
        << QStringList{all.arg(1)};
}

void TestIngressNginxAffinity::translated() {
    QFETCH(QByteArray, annotations);
    QFETCH(QString, sticky);
    QFETCH(QStringList, report);
    const ImportResult result = import(manifests(annotations, {}));
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(stickyText(result.topology, QStringLiteral("food")), sticky);
    expectReportAndValid(result.diagnostics, report, result.topology);
}

// Affinity belongs to an Ingress in ingress-nginx, to a service in the topology: the routes of
// another Ingress to that service become sticky too, which is reported where they send to it.
void TestIngressNginxAffinity::sharedService() {
    const ImportResult result = import(
        ingressYaml("shop", "shop.example.com", {{"/", "food"}}, nginx({"affinity: cookie"})) +
        "---\n" + ingressYaml("menu", "menu.example.com", {{"/", "food"}, {"/x", "other"}}));
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(stickyText(result.topology, QStringLiteral("food")), QStringLiteral("INGRESSCOOKIE"));
    QCOMPARE(stickyText(result.topology, QStringLiteral("other")), QStringLiteral("none"));
    expectReport(result.diagnostics,
                 {":32:11: warning: service 'food' is sent to here without cookie affinity, and "
                  "Ingress 'shop' (annotated.yaml:6:5) asks for it: the topology's sticky "
                  "session belongs to the service, so the imported service is sticky for both "
                  "[import]"});
    QVERIFY2(!dump(result.diagnostics).contains(u"service 'other' is sent"),
             qPrintable(dump(result.diagnostics)));
}

// Two Ingresses asking one service for different cookies: the first one's is kept.
void TestIngressNginxAffinity::differentCookies() {
    const ImportResult result =
        import(ingressYaml("shop", "shop.example.com", {{"/", "food"}},
                           nginx({"affinity: cookie", "session-cookie-name: a"})) +
               "---\n" +
               ingressYaml("menu", "menu.example.com", {{"/", "food"}},
                           nginx({"affinity: cookie", "session-cookie-name: b"})));
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(stickyText(result.topology, QStringLiteral("food")), QStringLiteral("a"));
    expectReport(result.diagnostics,
                 {":26:5: warning: Ingress 'menu' makes service 'food' sticky with cookie b, but "
                  "Ingress 'shop' (annotated.yaml:6:5) made it sticky with cookie a already; the "
                  "topology keeps one sticky session per service, the first [import]"});
}

// ingress-nginx scopes each path's cookie to the path; the engine sets it on Path=/.
void TestIngressNginxAffinity::sameCookieOnOneHost() {
    const ImportResult result =
        import(ingressYaml("shop", "shop.example.com", {{"/api", "api"}, {"/web", "web"}},
                           nginx({"affinity: cookie"})));
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(stickyText(result.topology, QStringLiteral("api")), QStringLiteral("INGRESSCOOKIE"));
    QCOMPARE(stickyText(result.topology, QStringLiteral("web")), QStringLiteral("INGRESSCOOKIE"));
    expectReport(result.diagnostics,
                 {":6:5: warning: services 'api' and 'web' are both sticky with cookie "
                  "INGRESSCOOKIE on the same host: the engine sets it with Path=/ "
                  "(ingress-nginx: the matched path), so a client of both holds one cookie and "
                  "is balanced again at every switch; give one of them another "
                  "stickySession.cookie [import]"});
    // On different hosts the browser keeps one cookie per host.
    const ImportResult apart = import(
        ingressYaml("a", "a.example.com", {{"/", "api"}}, nginx({"affinity: cookie"})) + "---\n" +
        ingressYaml("b", "b.example.com", {{"/", "web"}}, nginx({"affinity: cookie"})));
    QVERIFY2(!dump(apart.diagnostics).contains(u"both sticky"),
             qPrintable(dump(apart.diagnostics)));
}

// A canary Ingress's affinity is its service's (ingress-nginx honours it, unless
// affinity-canary-behavior: legacy); the weighted split itself picks a service every time.
void TestIngressNginxAffinity::canary() {
    const ImportResult result = import(
        manifests(nginx({"affinity: cookie"}),
                  nginx({"canary-weight: \"20\"", "affinity: cookie", "session-cookie-name: canary",
                         "affinity-canary-behavior: sticky"})));
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(stickyText(result.topology, QStringLiteral("food")), QStringLiteral("INGRESSCOOKIE"));
    QCOMPARE(stickyText(result.topology, QStringLiteral("food-canary")), QStringLiteral("canary"));
    expectReport(result.diagnostics,
                 {":27:5: note: the engine picks the canary or the main service by weight on "
                  "every request; the cookie keeps a client on one endpoint of the service "
                  "picked, not on the canary as ingress-nginx does (affinity-canary-behavior: "
                  "sticky) [import]",
                  ":25:5: note: 5 of 5 annotations translated [import]"});

    const ImportResult legacy =
        import(manifests({}, nginx({"canary-weight: \"20\"", "affinity: cookie",
                                    "affinity-canary-behavior: legacy"})));
    QVERIFY2(legacy.ok(), qPrintable(dump(legacy.diagnostics)));
    QCOMPARE(stickyText(legacy.topology, QStringLiteral("food-canary")), QStringLiteral("none"));
    expectReport(legacy.diagnostics,
                 {":24:5: warning: annotation 'nginx.ingress.kubernetes.io/affinity' is not "
                  "translated: affinity-canary-behavior is legacy, and ingress-nginx then ignores "
                  "a canary Ingress's affinity [import]"});
}

// The engine's view: the compiled service sets the cookie with the ttl as Max-Age, and every
// endpoint has its token.
void TestIngressNginxAffinity::compiled() {
    QByteArray yaml = manifests(nginx({"affinity: cookie", "session-cookie-name: route",
                                       "session-cookie-max-age: \"3600\""}),
                                {});
    yaml += "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: food\n  annotations:\n"
            "    ingress-studio.io/endpoints: 127.0.0.1:9001,127.0.0.1:9002\n"
            "spec: {ports: [{port: 80}]}\n";
    const ImportResult result = import(yaml);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const auto table = RoutingTable::compile(result.topology);
    const CompiledService *food = table->findService("food");
    QVERIFY(food);
    QVERIFY(food->sticky);
    QCOMPARE(food->sticky->cookie, std::string("route"));
    QCOMPARE(food->sticky->attributes, std::string("; Path=/; HttpOnly; Max-Age=3600"));
    QCOMPARE(food->endpoints.size(), std::size_t(2));
    for (std::size_t i = 0; i < food->endpoints.size(); ++i)
        QCOMPARE(food->stickyEndpoint(food->endpoints[i].stickyToken), int(i));
    QVERIFY(food->endpoints[0].stickyToken != food->endpoints[1].stickyToken);
}

void TestIngressNginxAffinity::gatewaySessionPersistence_data() {
    QTest::addColumn<QByteArray>("persistence"); // the rule's sessionPersistence
    QTest::addColumn<QString>("sticky");         // of the service shop
    QTest::addColumn<QStringList>("report");

    QTest::newRow("cookie")
        << QByteArray("{sessionName: store, absoluteTimeout: 2h, cookieConfig: {lifetimeType: "
                      "Permanent}}")
        << "store 2h" << QStringList{};
    QTest::newRow("defaults") << QByteArray("{type: Cookie}") << "INGRESSCOOKIE" << QStringList{};
    QTest::newRow("session lifetime")
        << QByteArray("{sessionName: store, absoluteTimeout: 30m}") << "store 30m"
        << QStringList{"annotated.yaml:27:63: note: HTTPRoute 'store' rule #1: the session ends "
                       "after absoluteTimeout as the cookie's Max-Age, which keeps it past the "
                       "browser session (cookieConfig.lifetimeType: Permanent) [import]"};
    QTest::newRow("header")
        << QByteArray("{sessionName: X-Session, type: Header}") << "none"
        << QStringList{"annotated.yaml:27:56: warning: HTTPRoute 'store' rule #1: "
                       "sessionPersistence type Header is not imported: the topology's sticky "
                       "session is a cookie [import]"};
    QTest::newRow("idle timeout")
        << QByteArray("{idleTimeout: 10m}") << "INGRESSCOOKIE"
        << QStringList{"annotated.yaml:27:39: warning: HTTPRoute 'store' rule #1: "
                       "sessionPersistence idleTimeout is not imported: the topology's sticky "
                       "session ends with its ttl only [import]"};
    QTest::newRow("bad name")
        << QByteArray("{sessionName: \"a b\"}") << "INGRESSCOOKIE"
        << QStringList{"annotated.yaml:27:39: warning: HTTPRoute 'store' rule #1: sessionName "
                       "'a b' is not a cookie name"};
}

void TestIngressNginxAffinity::gatewaySessionPersistence() {
    QFETCH(QByteArray, persistence);
    QFETCH(QString, sticky);
    QFETCH(QStringList, report);
    // The rule's sessionPersistence on line 27, after its backendRefs.
    const QByteArray yaml = gateway + "    sessionPersistence: " + persistence +
                            "\n  - matches: [{path: {value: /cart}}]\n"
                            "    backendRefs: [{name: cart, port: 80}]\n";
    const ImportResult result = import(yaml);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(stickyText(result.topology, QStringLiteral("shop")), sticky);
    QCOMPARE(stickyText(result.topology, QStringLiteral("cart")), QStringLiteral("none"));
    for (const QString &line : report)
        QVERIFY2(dump(result.diagnostics).contains(line), qPrintable(dump(result.diagnostics)));
    if (report.isEmpty())
        QVERIFY2(!dump(result.diagnostics).contains(u"sessionPersistence"),
                 qPrintable(dump(result.diagnostics)));
    const Diagnostics problems = Validator::validate(result.topology);
    QVERIFY2(!hasErrors(problems), qPrintable(dump(problems)));
}

// Saved and loaded back, the imported topology is the same.
void TestIngressNginxAffinity::roundTrip_data() {
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("defaults") << manifests(nginx({"affinity: cookie"}), {});
    QTest::newRow("every field") << manifests(
        nginx({"affinity: cookie", "session-cookie-name: shop_route",
               "session-cookie-max-age: \"90\"", "session-cookie-path: /",
               "affinity-mode: persistent"}),
        {});
    QTest::newRow("canary") << manifests(
        nginx({"affinity: cookie"}),
        nginx({"canary-weight: \"20\"", "affinity: cookie", "session-cookie-expires: \"60\""}));
    QTest::newRow("HTTPRoute")
        << gateway + "    sessionPersistence: {sessionName: store, absoluteTimeout: 1h30m}\n";
}

void TestIngressNginxAffinity::roundTrip() {
    QFETCH(QByteArray, yaml);
    const ImportResult result = import(yaml);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QVERIFY(std::any_of(result.topology.services.begin(), result.topology.services.end(),
                        [](const Service &s) { return s.stickySession.has_value(); }));
    const QByteArray saved = TopologyWriter::toYaml(result.topology);
    const LoadResult loaded = TopologyLoader::loadData(saved, QStringLiteral("saved.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(dump(loaded.diagnostics) + QString::fromUtf8(saved)));
    QCOMPARE(loaded.topology->services.size(), result.topology.services.size());
    for (qsizetype i = 0; i < result.topology.services.size(); ++i)
        QCOMPARE(loaded.topology->services[i].stickySession,
                 result.topology.services[i].stickySession);
    QVERIFY2(*loaded.topology == result.topology, saved.constData());
}

QTEST_GUILESS_MAIN(TestIngressNginxAffinity)
#include "tst_ingressnginxaffinity.moc"
