#include "model/validation/validator.h"
#include "tests/export/gatewayimporttesthelpers.h"

#include <QTest>

using namespace ingress;
using namespace ingress::gatewayimporttest;

// `import --from kubernetes` of Gateway API manifests: each field of Gateways, HTTPRoutes and
// ReferenceGrants into the topology, and what the topology cannot hold reported at its place.
class TestGatewayImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fields_data();
    void fields();
    void hostnameIntersection_data();
    void hostnameIntersection();
    void parentRefs_data();
    void parentRefs();
    void reported_data();
    void reported();
    void invalidReferencesLeaveTheRest();
    void referenceGrant_data();
    void referenceGrant();
    void certificates_data();
    void certificates();
};

void TestGatewayImport::fields_data() {
    QTest::addColumn<int>("rule");
    QTest::addColumn<Route>("expected");

    Route matches = routeTo(QStringLiteral("web"), QStringLiteral("/exact"), PathType::Exact);
    RouteMatchRule regex;
    regex.path = QStringLiteral("/re/[0-9]+");
    regex.pathType = PathType::Regex;
    regex.methods = {QStringLiteral("POST")};
    RouteMatchRule headers;
    headers.path = QStringLiteral("/h");
    headers.headers = {
        {QStringLiteral("X-Env"), QStringLiteral("canary"), ValueMatch::Exact},
        {QStringLiteral("X-Id"), QStringLiteral("[a-z]+"), ValueMatch::RegularExpression}};
    headers.queryParams = {
        {QStringLiteral("debug"), QStringLiteral("1"), ValueMatch::Exact},
        {QStringLiteral("page"), QStringLiteral("[0-9]+"), ValueMatch::RegularExpression}};
    matches.matches << regex << headers;
    QTest::newRow("matches: Exact, RegularExpression with method, PathPrefix with headers and "
                  "query parameters")
        << 0 << matches;

    Route split = routeTo({}, QStringLiteral("/api"));
    split.backends = {{QStringLiteral("api"), 90, {}},
                      {QStringLiteral("api-v2"), 10, {}},
                      {QStringLiteral("api-v3"), 0, {}}};
    split.requestHeaders.set = {{QStringLiteral("X-A"), QStringLiteral("1")}};
    split.requestHeaders.add = {{QStringLiteral("X-B"), QStringLiteral("2")}};
    split.requestHeaders.remove = {QStringLiteral("X-C")};
    split.responseHeaders.set = {{QStringLiteral("X-D"), QStringLiteral("3")}};
    split.rewriteHost = QStringLiteral("internal.example.com");
    split.rewritePrefix = QStringLiteral("/v1");
    split.mirrors = {{QStringLiteral("mirror"), 25, {}}};
    split.timeout = Duration(2000);
    QTest::newRow("weighted split (weight 0 kept), header filters, URLRewrite prefix and host, "
                  "mirror percent, the tighter timeout")
        << 1 << split;

    Route redirect = routeTo({}, QStringLiteral("/old"), PathType::Exact);
    redirect.redirect = Redirect{QStringLiteral("https"),
                                 QStringLiteral("new.example.com"),
                                 8443,
                                 QStringLiteral("/new"),
                                 {},
                                 301,
                                 {}};
    QTest::newRow("RequestRedirect ReplaceFullPath with scheme, host, port, status")
        << 2 << redirect;

    Route prefixRedirect = routeTo({}, QStringLiteral("/legacy"));
    prefixRedirect.redirect =
        Redirect{{}, {}, std::nullopt, {}, QStringLiteral("/modern"), 302, {}};
    QTest::newRow("RequestRedirect ReplacePrefixMatch, default status 302") << 3 << prefixRedirect;

    Route fullRewrite = routeTo(QStringLiteral("web"), QStringLiteral("/full"));
    fullRewrite.rewritePath = QStringLiteral("/index.html");
    fullRewrite.mirrors = {{QStringLiteral("mirror"), 25, {}}};
    fullRewrite.timeout = Duration(1500);
    QTest::newRow("URLRewrite ReplaceFullPath, mirror fraction, one weighted backend, "
                  "backendRequest timeout")
        << 4 << fullRewrite;

    QTest::newRow("no matches: PathPrefix /") << 5 << routeTo(QStringLiteral("web"));
}

void TestGatewayImport::fields() {
    QFETCH(int, rule);
    QFETCH(Route, expected);
    const ImportResult result = KubernetesImporter::importFiles({dataFile("fields.yaml")});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const VirtualHost *host = findHost(result.topology, QStringLiteral("shop.example.com"));
    QVERIFY(host);
    QCOMPARE(host->routes.size(), 6);
    QCOMPARE(routeYaml(host->routes[rule]), routeYaml(expected));
    QVERIFY(host->routes[rule] == expected);
}

// After the Gateway API conformance test HTTPRouteHostnameIntersection: a route hostname is
// served on a listener only where both cover it.
void TestGatewayImport::hostnameIntersection_data() {
    QTest::addColumn<QString>("listener");
    QTest::addColumn<QStringList>("routeHostnames");
    QTest::addColumn<QStringList>("hosts"); // empty: not attached

    QTest::newRow("exact listener, one matching route hostname")
        << "very.specific.com"
        << QStringList{"non.matching.com", "*.nonmatchingwildcard.io", "very.specific.com"}
        << QStringList{"very.specific.com"};
    QTest::newRow("exact listener, wildcard route hostname above it")
        << "very.specific.com" << QStringList{"*.specific.com"} << QStringList{"very.specific.com"};
    QTest::newRow("wildcard listener, exact names one and two labels deep")
        << "*.wildcard.io" << QStringList{"bar.wildcard.io", "foo.bar.wildcard.io", "wildcard.io"}
        << QStringList{"bar.wildcard.io", "foo.bar.wildcard.io"};
    QTest::newRow("wildcard listener, the same wildcard")
        << "*.anotherwildcard.io" << QStringList{"*.anotherwildcard.io"}
        << QStringList{"*.anotherwildcard.io"};
    QTest::newRow("wildcard listener, a wider wildcard: the listener's")
        << "*.wildcard.io" << QStringList{"*.io"} << QStringList{"*.wildcard.io"};
    QTest::newRow("wildcard listener, a narrower wildcard")
        << "*.wildcard.io" << QStringList{"*.foo.wildcard.io"} << QStringList{"*.foo.wildcard.io"};
    QTest::newRow("case-insensitive") << "Very.Specific.com" << QStringList{"VERY.specific.COM"}
                                      << QStringList{"very.specific.com"};
    QTest::newRow("nothing in common: not attached")
        << "very.specific.com" << QStringList{"non.matching.com", "*.nonmatchingwildcard.io"}
        << QStringList{};
    QTest::newRow("no listener hostname, no route hostnames: every host")
        << "" << QStringList{} << QStringList{"*"};
    QTest::newRow("listener hostname, no route hostnames: the listener's")
        << "*.example.com" << QStringList{} << QStringList{"*.example.com"};
    QTest::newRow("no listener hostname: the route's")
        << "" << QStringList{"a.example.com", "*.b.example.com"}
        << QStringList{"a.example.com", "*.b.example.com"};
}

void TestGatewayImport::hostnameIntersection() {
    QFETCH(QString, listener);
    QFETCH(QStringList, routeHostnames);
    QFETCH(QStringList, hosts);
    QByteArray yaml = gatewayAndWeb;
    yaml.replace("{name: a, port: 8080, protocol: HTTP,",
                 listener.isEmpty() ? QByteArray("{name: a, port: 8080, protocol: HTTP,")
                                    : "{name: a, port: 8080, protocol: HTTP, hostname: '" +
                                          listener.toUtf8() + "',");
    yaml += "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
            "metadata: {name: r, namespace: gw}\nspec:\n"
            "  parentRefs: [{name: gw, sectionName: a}]\n";
    if (!routeHostnames.isEmpty())
        yaml += "  hostnames: ['" + routeHostnames.join(u"', '").toUtf8() + "']\n";
    yaml += "  rules: [{backendRefs: [{name: web, port: 80}]}]\n";
    const ImportResult result = importText(yaml);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QStringList names;
    for (const VirtualHost &host : result.topology.hosts) {
        names << host.host;
        QCOMPARE(host.listeners, QStringList{"gw-a"});
        QCOMPARE(host.routes.size(), 1);
    }
    QCOMPARE(names, hosts);
    if (hosts.isEmpty())
        QVERIFY2(dump(result.diagnostics).contains("the route is not attached"),
                 qPrintable(dump(result.diagnostics)));
}

void TestGatewayImport::parentRefs_data() {
    QTest::addColumn<QByteArray>("nameSpace");
    QTest::addColumn<QByteArray>("parentRefs");
    QTest::addColumn<QStringList>("hosts");
    QTest::addColumn<QString>("reported");

    QTest::newRow("the whole Gateway: every listener that allows the route")
        << QByteArray("gw") << QByteArray("[{name: gw}]")
        << QStringList{"*@gw-a", "*@gw-b", "*@gw-c"} << QString();
    QTest::newRow("sectionName") << QByteArray("gw") << QByteArray("[{name: gw, sectionName: b}]")
                                 << QStringList{"*@gw-b"} << QString();
    QTest::newRow("port") << QByteArray("gw") << QByteArray("[{name: gw, port: 8082}]")
                          << QStringList{"*@gw-c"} << QString();
    QTest::newRow("two sections") << QByteArray("gw")
                                  << QByteArray(
                                         "[{name: gw, sectionName: a}, {name: gw, port: 8081}]")
                                  << QStringList{"*@gw-a", "*@gw-b"} << QString();
    QTest::newRow("sectionName and port that disagree: nothing")
        << QByteArray("gw") << QByteArray("[{name: gw, sectionName: a, port: 8081}]")
        << QStringList{} << "the Gateway has no imported listener named 'a' on port 8081";
    QTest::newRow("another namespace: only listeners allowing All")
        << QByteArray("team") << QByteArray("[{name: gw, namespace: gw}]")
        << QStringList{"*@gw-a", "*@gw-b"} << QString();
    QTest::newRow("another namespace, section allowing Same only")
        << QByteArray("team") << QByteArray("[{name: gw, namespace: gw, sectionName: c}]")
        << QStringList{} << "does not allow routes from namespace 'team'";
    QTest::newRow("Gateway not in the input")
        << QByteArray("gw") << QByteArray("[{name: other}]") << QStringList{}
        << "no Gateway gw/other with an HTTP or HTTPS listener in the input";
    QTest::newRow("Gateway of the route's namespace by default")
        << QByteArray("team") << QByteArray("[{name: gw}]") << QStringList{}
        << "no Gateway team/gw";
    QTest::newRow("a Service parent (mesh)")
        << QByteArray("gw") << QByteArray("[{kind: Service, group: '', name: web}]")
        << QStringList{} << "is a Service, not a Gateway";
}

void TestGatewayImport::parentRefs() {
    QFETCH(QByteArray, nameSpace);
    QFETCH(QByteArray, parentRefs);
    QFETCH(QStringList, hosts);
    QFETCH(QString, reported);
    QByteArray yaml = gatewayAndWeb;
    yaml += "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
            "metadata: {name: r, namespace: " +
            nameSpace + "}\nspec:\n  parentRefs: " + parentRefs +
            "\n  rules: [{backendRefs: [{name: web, namespace: gw, port: 80}]}]\n"
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant\n"
            "metadata: {name: g, namespace: gw}\nspec:\n"
            "  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: team}]\n"
            "  to: [{group: '', kind: Service}]\n";
    const ImportResult result = importText(yaml);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(hostsOnListeners(result.topology), hosts);
    QStringList listeners;
    for (const Listener &l : result.topology.listeners)
        listeners << QStringLiteral("%1=%2").arg(l.name, l.bind);
    QCOMPARE(listeners,
             (QStringList{"gw-a=127.0.0.1:8080", "gw-b=127.0.0.1:8081", "gw-c=127.0.0.1:8082"}));
    if (!reported.isEmpty())
        QVERIFY2(dump(result.diagnostics).contains(reported), qPrintable(dump(result.diagnostics)));
}

void TestGatewayImport::reported_data() {
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    QTest::newRow("TCP listener") << "listener 'raw': protocol TCP is not imported" << 10 << 39;
    QTest::newRow("TLS listener") << "listener 'pass': protocol TLS is not imported" << 13 << 15;
    QTest::newRow("certificate in another namespace without a ReferenceGrant")
        << "Secret certs/edge-tls is in another namespace and no ReferenceGrant allows it" << 19
        << 25;
    QTest::newRow("unknown Service")
        << "backendRef 'ghost' names Service apps/ghost, which is not in the input "
           "(BackendNotFound"
        << 52 << 7;
    QTest::newRow("unknown Service: its share")
        << "answers 500 for its share of the requests (1 of 8)" << 52 << 7;
    QTest::newRow("unknown kind") << "backendRef 'files' is a Bucket.storage.example.com, not a "
                                     "Service (InvalidKind)"
                                  << 53 << 7;
    QTest::newRow("another namespace without a ReferenceGrant")
        << "backendRef 'shared' is in namespace 'team' and no ReferenceGrant there allows "
           "HTTPRoutes of 'apps' to refer to it (RefNotPermitted)"
        << 54 << 7;
    QTest::newRow("the only backend unknown")
        << "Gateway API answers 500 for the requests of the rule" << 57 << 19;
    QTest::newRow("rule without a backend left")
        << "HTTPRoute 'refs' rule #2 has no backend that Gateway API resolves: imported as a "
           "route that answers 500 itself (respond)"
        << 56 << 5;
    QTest::newRow("per-backend filters")
        << "filters on a backendRef (per backend) are not representable" << 62 << 7;
    QTest::newRow("ExtensionRef") << "filter ExtensionRef is not representable" << 64 << 7;
    QTest::newRow("sessionPersistence of type Header")
        << "sessionPersistence type Header is not imported" << 66 << 48;
    QTest::newRow("rule without backendRefs")
        << "HTTPRoute 'refs' rule #4 sends nowhere: imported as a route that answers 500 itself"
        << 67 << 5;
    QTest::newRow("GRPCRoute") << "GRPCRoute is not imported" << 70 << 7;
    QTest::newRow("Gateway not in the input")
        << "parentRef apps/nowhere: no Gateway apps/nowhere" << 78 << 16;
    QTest::newRow("sectionName of no listener")
        << "parentRef apps/edge/missing: the Gateway has no imported listener named 'missing'" << 78
        << 33;
    QTest::newRow("port of a listener not imported")
        << "the Gateway has no imported listener on port 9000" << 78 << 69;
}

void TestGatewayImport::reported() {
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);
    const ImportResult result = KubernetesImporter::importFiles({dataFile("invalid-refs.yaml")});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    for (const Diagnostic &d : result.diagnostics)
        if (d.message.contains(message)) {
            QVERIFY2(d.severity == Severity::Warning, qPrintable(d.toString()));
            QVERIFY2(d.file.endsWith(u"invalid-refs.yaml"), qPrintable(d.toString()));
            QCOMPARE(d.location.line, line);
            QCOMPARE(d.location.column, column);
            return;
        }
    QFAIL(
        qPrintable(QStringLiteral("not reported: %1\n%2").arg(message, dump(result.diagnostics))));
}

// Gateway API sends the share of an unresolvable backend to a 500; the topology keeps the other
// backends with their weights, and the rest of the route. A rule with no backend Gateway API
// resolves answers 500 itself, and so does one without backendRefs.
void TestGatewayImport::invalidReferencesLeaveTheRest() {
    const ImportResult result = KubernetesImporter::importFiles({dataFile("invalid-refs.yaml")});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(hostsOnListeners(result.topology), QStringList{"*@edge-web"});
    const QList<Route> &routes = result.topology.hosts[0].routes;
    QCOMPARE(routes.size(), 4);
    QCOMPARE(routes[0].firstMatch().path, QStringLiteral("/split"));
    QCOMPARE(routes[0].backends, (QList<RouteBackend>{{QStringLiteral("web"), 3, {}},
                                                      {QStringLiteral("granted"), 2, {}}}));
    QCOMPARE(routes[1].firstMatch().path, QStringLiteral("/nowhere"));
    QVERIFY(routes[1].respond);
    QCOMPARE(routes[1].respond->status, 500);
    QVERIFY(!routes[1].hasBackend());
    QCOMPARE(routes[2].firstMatch().path, QStringLiteral("/filtered"));
    QCOMPARE(routes[2].service, QStringLiteral("web"));
    QVERIFY(routes[2].requestHeaders.isEmpty());
    QCOMPARE(routes[3].firstMatch().path, QStringLiteral("/empty"));
    QCOMPARE(routes[3].respond->status, 500);
    QStringList listeners;
    for (const Listener &l : result.topology.listeners)
        listeners << l.name;
    QCOMPARE(listeners, QStringList{"edge-web"}); // TCP, TLS and the unusable HTTPS are not
    QVERIFY(result.topology.certificates.isEmpty());
    QVERIFY(!hasErrors(Validator::validate(result.topology)));
}

void TestGatewayImport::referenceGrant_data() {
    QTest::addColumn<QByteArray>("grant"); // the ReferenceGrant in namespace 'data', or none
    QTest::addColumn<bool>("allowed");

    QTest::newRow("no ReferenceGrant") << QByteArray() << false;
    QTest::newRow("every Service of the namespace")
        << QByteArray("from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
                      "apps}]\n  to: [{group: '', kind: Service}]")
        << true;
    QTest::newRow("that Service by name")
        << QByteArray("from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
                      "apps}]\n  to: [{group: '', kind: Service, name: db}]")
        << true;
    QTest::newRow("another Service by name")
        << QByteArray("from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
                      "apps}]\n  to: [{group: '', kind: Service, name: cache}]")
        << false;
    QTest::newRow("routes of another namespace")
        << QByteArray("from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
                      "web}]\n  to: [{group: '', kind: Service}]")
        << false;
    QTest::newRow("Gateways, not HTTPRoutes")
        << QByteArray("from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: "
                      "apps}]\n  to: [{group: '', kind: Service}]")
        << false;
    QTest::newRow("Secrets, not Services")
        << QByteArray("from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
                      "apps}]\n  to: [{group: '', kind: Secret}]")
        << false;
}

void TestGatewayImport::referenceGrant() {
    QFETCH(QByteArray, grant);
    QFETCH(bool, allowed);
    // The ReferenceGrant comes last: grants apply whatever the order of the input.
    QByteArray yaml = R"(
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: apps}
spec: {listeners: [{name: web, port: 8080, protocol: HTTP}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec: {ports: [{port: 5000}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: apps}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: db, namespace: data, port: 5000}]}]
)";
    if (!grant.isEmpty())
        yaml += "---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\n"
                "metadata: {name: g, namespace: data}\nspec:\n  " +
                grant + "\n";
    const ImportResult result = importText(yaml);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(result.topology.hosts.size(), 1);
    QCOMPARE(result.topology.hosts[0].routes.size(), 1);
    // Without a grant the rule answers 500, as Gateway API does.
    const Route &route = result.topology.hosts[0].routes[0];
    QCOMPARE(route.respond ? route.respond->status : 0, allowed ? 0 : 500);
    if (allowed) {
        QCOMPARE(route.service, QStringLiteral("db"));
        QCOMPARE(result.topology.findService("db")->port, 5000);
        QCOMPARE(result.topology.findService("db")->nameSpace, QStringLiteral("data"));
    } else {
        QVERIFY2(dump(result.diagnostics).contains("(RefNotPermitted)"),
                 qPrintable(dump(result.diagnostics)));
    }
}

void TestGatewayImport::certificates_data() {
    QTest::addColumn<QByteArray>("certificateRef");
    QTest::addColumn<QByteArray>("extra"); // more documents
    QTest::addColumn<QString>("secret");   // the certificate's `secret`; "-": no certificate
    QTest::addColumn<bool>("files");

    const QByteArray secretInInput = R"(---
apiVersion: v1
kind: Secret
metadata: {name: site-tls, namespace: apps}
type: kubernetes.io/tls
data: {tls.crt: Y3J0, tls.key: a2V5}
)";
    const QByteArray grant = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: {name: g, namespace: certs}
spec:
  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: apps}]
  to: [{group: '', kind: Secret, name: site-tls}]
)";
    QTest::newRow("Secret in the input: files")
        << QByteArray("{name: site-tls}") << secretInInput << QString() << true;
    QTest::newRow("Secret not in the input: held by the cluster")
        << QByteArray("{kind: Secret, name: site-tls}") << QByteArray() << "apps/site-tls" << false;
    QTest::newRow("another namespace with a ReferenceGrant: held by the cluster")
        << QByteArray("{name: site-tls, namespace: certs}") << grant << "certs/site-tls" << false;
    QTest::newRow("another namespace without a ReferenceGrant: not imported")
        << QByteArray("{name: site-tls, namespace: certs}") << QByteArray() << "-" << false;
    QTest::newRow("not a Secret: not imported")
        << QByteArray("{group: example.com, kind: Vault, name: site-tls}") << QByteArray() << "-"
        << false;
}

void TestGatewayImport::certificates() {
    QFETCH(QByteArray, certificateRef);
    QFETCH(QByteArray, extra);
    QFETCH(QString, secret);
    QFETCH(bool, files);
    const QByteArray yaml = R"(
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: apps}
spec:
  listeners:
  - name: https
    port: 8443
    protocol: HTTPS
    hostname: site.example
    tls: {mode: Terminate, certificateRefs: [)" +
                            certificateRef +
                            R"(]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: apps}
spec: {ports: [{port: 80}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: apps}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
)" + extra;
    const ImportResult result = importText(yaml);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    if (secret == u"-") {
        QVERIFY(result.topology.certificates.isEmpty());
        QVERIFY(result.topology.hosts.isEmpty());
        QVERIFY(result.topology.listeners.isEmpty());
        return;
    }
    QCOMPARE(result.topology.certificates.size(), 1);
    const Certificate &certificate = result.topology.certificates[0];
    QCOMPARE(certificate.name, QStringLiteral("site-tls"));
    QCOMPARE(certificate.secret, secret);
    QCOMPARE(certificate.inCluster(), !files);
    QCOMPARE(hostsOnListeners(result.topology), QStringList{"site.example@gw-https"});
    QCOMPARE(result.topology.hosts[0].tls, QStringLiteral("site-tls"));
    QCOMPARE(result.topology.listeners.size(), 1);
    QCOMPARE(result.topology.listeners[0].protocol, Protocol::Https);
    QCOMPARE(result.topology.listeners[0].bind, QStringLiteral("127.0.0.1:8443"));
    if (files) {
        QCOMPARE(result.files.value("certs/site-tls.crt"), QByteArray("crt"));
        QCOMPARE(result.files.value("certs/site-tls.key"), QByteArray("key"));
    } else {
        QVERIFY(result.files.isEmpty());
        QVERIFY2(dump(result.diagnostics).contains(QStringLiteral("('secret: %1')").arg(secret)),
                 qPrintable(dump(result.diagnostics)));
        QVERIFY(!hasErrors(Validator::validate(result.topology)));
    }
}

QTEST_GUILESS_MAIN(TestGatewayImport)
#include "tst_gatewayimport.moc"
