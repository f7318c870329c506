// Reading good topology files: every field of the examples and test data as the model holds it,
// and aliases within bounds. Bad input: tst_topologyloaderdiagnostics.
#include "model/yaml/topologyloader.h"
#include "tests/common/diagnosticstext.h"

#include <QTest>

using namespace ingress;
using namespace std::chrono_literals;

namespace {

const QByteArray header = "apiVersion: ingress-studio/v1\nkind: Topology\n";

} // namespace

class TestTopologyLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shopExample() {
        const QString path = QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml");
        const LoadResult result = TopologyLoader::loadFile(path);
        QVERIFY2(result.ok(), qPrintable(testing::dump(result.diagnostics)));
        QVERIFY2(result.diagnostics.isEmpty(), qPrintable(testing::dump(result.diagnostics)));
        const Topology &t = *result.topology;
        QCOMPARE(t.origin.filePath, path);
        QCOMPARE(t.apiVersion, QStringLiteral("ingress-studio/v1"));
        QCOMPARE(t.name, QStringLiteral("shop"));

        QCOMPARE(t.listeners.size(), 2);
        QCOMPARE(t.listeners[0].name, QStringLiteral("web"));
        QCOMPARE(t.listeners[0].bind, QStringLiteral("127.0.0.1:8080"));
        QCOMPARE(t.listeners[0].protocol, Protocol::Http);
        QCOMPARE(t.listeners[1].protocol, Protocol::Https);
        QCOMPARE(t.listeners[1].src.at(QStringLiteral("bind")), (SourceLocation{10, 11}));

        QCOMPARE(t.services.size(), 3);
        const Service &food = t.services[0];
        QCOMPARE(food.name, QStringLiteral("food"));
        QCOMPARE(food.nameSpace, QStringLiteral("default"));
        QCOMPARE(food.type, ServiceType::ClusterIP);
        QCOMPARE(food.port, 80);
        QVERIFY(!food.nodePort);
        QCOMPARE(food.loadBalancing, LoadBalancing::RoundRobin);
        QCOMPARE(food.endpoints.size(), 2);
        QCOMPARE(food.endpoints[0].address, QStringLiteral("127.0.0.1:9001"));
        QCOMPARE(food.endpoints[0].weight, 1);
        QCOMPARE(food.endpoints[1].address, QStringLiteral("127.0.0.1:9002"));
        QCOMPARE(food.endpoints[1].weight, 3);
        QCOMPARE(food.endpoints[1].src.at(QStringLiteral("weight")), (SourceLocation{21, 17}));
        QVERIFY(food.healthCheck);
        QCOMPARE(food.healthCheck->path, QStringLiteral("/healthz"));
        QCOMPARE(food.healthCheck->interval, 2s);
        QCOMPARE(food.healthCheck->timeout, 1s);
        QCOMPARE(food.healthCheck->unhealthyThreshold, 3);
        QCOMPARE(food.healthCheck->healthyThreshold, 2);
        const Service &abc = t.services[1];
        QCOMPARE(abc.type, ServiceType::NodePort);
        QCOMPARE(abc.nodePort, std::optional<int>(30080));
        QCOMPARE(abc.src.at(QStringLiteral("nodePort")), (SourceLocation{32, 15}));
        QVERIFY(!abc.healthCheck);
        const Service &fallback = t.services[2];
        QCOMPARE(fallback.type, ServiceType::LoadBalancer);
        QVERIFY(fallback.nameSpace.isEmpty());
        QCOMPARE(fallback.effectiveNamespace(), QStringLiteral("default"));

        QCOMPARE(t.certificates.size(), 1);
        QCOMPARE(t.certificates[0].name, QStringLiteral("bar-com"));
        QCOMPARE(t.certificates[0].certificate, QStringLiteral("certs/bar-com.crt"));
        QVERIFY(t.certificates[0].keyInKeychain());
        QCOMPARE(t.certificates[0].src.at(QStringLiteral("certificate")), (SourceLocation{42, 18}));
        QCOMPARE(t.resolvePath(t.certificates[0].certificate),
                 QStringLiteral(INGRESS_SOURCE_DIR "/examples/certs/bar-com.crt"));

        QCOMPARE(t.hosts.size(), 3);
        QCOMPARE(t.hosts[0].host, QStringLiteral("food.bar.com"));
        QCOMPARE(t.hosts[0].tls, QStringLiteral("bar-com"));
        QCOMPARE(t.hosts[0].src.at(QStringLiteral("host")), (SourceLocation{45, 11}));
        QVERIFY(t.hosts[0].redirectsToHttps());
        const VirtualHost &abcHost = t.hosts[1];
        QCOMPARE(abcHost.routes.size(), 3);
        QCOMPARE(abcHost.routes[0].firstMatch().path, QStringLiteral("/api"));
        QCOMPARE(abcHost.routes[0].rewritePrefix, std::optional<QString>(QStringLiteral("/")));
        QCOMPARE(abcHost.routes[1].firstMatch().pathType, PathType::Exact);
        QVERIFY(!abcHost.routes[1].rewritePrefix);
        const Route &regex = abcHost.routes[2];
        QCOMPARE(regex.firstMatch().pathType, PathType::Regex);
        QCOMPARE(regex.firstMatch().path, QStringLiteral("^/v[0-9]+/items$"));
        QCOMPARE(regex.service, QStringLiteral("food"));
        QCOMPARE(regex.firstMatch().methods,
                 (QStringList{QStringLiteral("GET"), QStringLiteral("HEAD")}));
        QCOMPARE(regex.firstMatch().headers.size(), 1);
        QCOMPARE(regex.firstMatch().headers[0].name, QStringLiteral("X-Canary"));
        QCOMPARE(regex.firstMatch().headers[0].value, QStringLiteral("true"));
        QCOMPARE(t.hosts[2].host, QStringLiteral("*.bar.com"));
        QVERIFY(t.hosts[2].isWildcard());
        QCOMPARE(t.hosts[2].src.at(QStringLiteral("host")), (SourceLocation{67, 11}));
        QVERIFY(t.hosts[2].tls.isEmpty());
        QCOMPARE(t.defaultService, QStringLiteral("fallback"));
    }

    void minimalFile() {
        const LoadResult result =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_TEST_DATA "/minimal.yaml"));
        QVERIFY2(result.ok(), qPrintable(testing::dump(result.diagnostics)));
        QVERIFY(result.diagnostics.isEmpty());
        const Topology &t = *result.topology;
        QVERIFY(t.name.isEmpty());
        QCOMPARE(t.listeners.size(), 1);
        QCOMPARE(t.listeners[0].bind, QStringLiteral(":8080"));
        QCOMPARE(t.listeners[0].protocol, Protocol::Http);
        // Defaults from the structs.
        const Service &app = t.services.value(0);
        QCOMPARE(app.type, ServiceType::ClusterIP);
        QCOMPARE(app.port, 80);
        QCOMPARE(app.loadBalancing, LoadBalancing::RoundRobin);
        QVERIFY(!app.healthCheck);
        QVERIFY(app.timeouts.isEmpty());
        const Route route = t.hosts.value(0).routes.value(0);
        QCOMPARE(route.firstMatch().pathType, PathType::Prefix);
        QCOMPARE(route.service, QStringLiteral("app"));
        QVERIFY(route.firstMatch().methods.isEmpty());
        QVERIFY(!route.redirect);
        QVERIFY(!t.hosts.value(0).sslRedirect);
        QVERIFY(t.certificates.isEmpty());
        QVERIFY(t.defaultService.isEmpty());
    }

    void extensionFields() {
        const LoadResult result =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_TEST_DATA "/extensions.yaml"));
        QVERIFY2(result.ok(), qPrintable(testing::dump(result.diagnostics)));
        QVERIFY2(result.diagnostics.isEmpty(), qPrintable(testing::dump(result.diagnostics)));
        const Topology &t = *result.topology;
        QCOMPARE(t.listeners[1].bind, QStringLiteral("[::1]:8443"));
        const Service &api = t.services.value(0);
        QCOMPARE(api.nameSpace, QStringLiteral("shop"));
        QCOMPARE(api.port, 8080);
        QCOMPARE(api.loadBalancing, LoadBalancing::LeastConnections);
        QCOMPARE(api.stickySession->cookie, QStringLiteral("api_route"));
        QCOMPARE(api.stickySession->ttl, std::optional<Duration>(12h));
        QCOMPARE(api.selector.value(QStringLiteral("app")), QStringLiteral("api"));
        QCOMPARE(api.selector.value(QStringLiteral("tier")), QStringLiteral("backend"));
        QCOMPARE(api.endpoints.value(1).weight, 5);
        QCOMPARE(api.healthCheck->path, QStringLiteral("/ready"));
        QCOMPARE(api.healthCheck->interval, 90s);
        QCOMPARE(api.healthCheck->timeout, 250ms);
        QCOMPARE(api.healthCheck->unhealthyThreshold, 5);
        QCOMPARE(api.healthCheck->healthyThreshold, 1);
        QCOMPARE(api.timeouts.connect, std::optional<Duration>(2s));
        QCOMPARE(api.timeouts.response, std::optional<Duration>(30s));
        QCOMPARE(api.timeouts.idle, std::optional<Duration>(1min));
        QCOMPARE(t.certificates[0].privateKey, QStringLiteral("certs/example.key"));
        QVERIFY(!t.certificates[0].keyInKeychain());

        const VirtualHost &host = t.hosts.value(0);
        QCOMPARE(host.listeners, QStringList{QStringLiteral("websecure")});
        QCOMPARE(host.sslRedirect, std::optional<bool>(false));
        QVERIFY(!host.redirectsToHttps());
        QCOMPARE(host.routes.size(), 4);
        const Route &upload = host.routes[0];
        QCOMPARE(upload.maxBodySize, std::optional<qint64>(10 * 1024 * 1024));
        QCOMPARE(upload.timeout, std::optional<Duration>(2min));
        const Route &old = host.routes[1];
        QVERIFY(old.service.isEmpty());
        QVERIFY(old.redirect);
        QCOMPARE(old.redirect->scheme, QStringLiteral("https"));
        QCOMPARE(old.redirect->host, QStringLiteral("www.example.com"));
        QCOMPARE(old.redirect->port, std::optional<int>(8443));
        QCOMPARE(old.redirect->path, QStringLiteral("/new"));
        QCOMPARE(old.redirect->code, 301);
        const Route &docs = host.routes[2];
        QCOMPARE(docs.redirect->prefixPath, QStringLiteral("/manual"));
        QCOMPARE(docs.redirect->code, 308);
        QVERIFY(!docs.redirect->port);
        const Route &v1 = host.routes[3];
        QCOMPARE(v1.firstMatch().pathType, PathType::Prefix);
        QCOMPARE(v1.firstMatch().methods,
                 (QStringList{QStringLiteral("GET"), QStringLiteral("POST")}));
        QCOMPARE(v1.firstMatch().headers.size(), 2);
        QCOMPARE(v1.firstMatch().headers[0].name, QStringLiteral("X-Version"));
        QCOMPARE(v1.firstMatch().headers[0].value, QStringLiteral("1"));
        QCOMPARE(v1.firstMatch().headers[1].name, QStringLiteral("X-Canary"));
        QCOMPARE(t.defaultService, QStringLiteral("api"));
    }

    void splitBackends() {
        const LoadResult result =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_TEST_DATA "/split.yaml"));
        QVERIFY2(result.ok(), qPrintable(testing::dump(result.diagnostics)));
        QVERIFY2(result.diagnostics.isEmpty(), qPrintable(testing::dump(result.diagnostics)));
        const Route &main = result.topology->hosts.value(0).routes.value(0);
        QVERIFY(main.service.isEmpty());
        QCOMPARE(main.backends.size(), 2);
        QCOMPARE(main.backends[0].service, QStringLiteral("food"));
        QCOMPARE(main.backends[0].weight, 90);
        QCOMPARE(main.backends[1].service, QStringLiteral("food-canary"));
        QCOMPARE(main.backends[1].weight, 10);
        QCOMPARE(main.backends[1].src.at(QStringLiteral("weight")), (SourceLocation{21, 21}));
        QCOMPARE(main.serviceNames(),
                 (QStringList{QStringLiteral("food"), QStringLiteral("food-canary")}));
        const Route &beta = result.topology->hosts.value(0).routes.value(1);
        QCOMPARE(beta.backends.value(0).weight, 1); // the default
        QCOMPARE(beta.backends.value(1).weight, 0); // drained
    }

    void gatewayFields() {
        const LoadResult result =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_TEST_DATA "/gateway.yaml"));
        QVERIFY2(result.ok(), qPrintable(testing::dump(result.diagnostics)));
        QVERIFY2(result.diagnostics.isEmpty(), qPrintable(testing::dump(result.diagnostics)));
        const Route &r = result.topology->hosts.value(0).routes.value(0);
        QCOMPARE(r.matches.size(), 2);
        QCOMPARE(r.matches[0].path, QStringLiteral("/login"));
        QCOMPARE(r.matches[0].pathType, PathType::Exact);
        QCOMPARE(r.matches[0].methods, QStringList{QStringLiteral("POST")});
        QCOMPARE(r.matches[0].src.node, (SourceLocation{17, 13}));
        QCOMPARE(r.matches[1].pathType, PathType::Prefix); // the default
        QCOMPARE(r.matches[1].headers,
                 (QList<HeaderMatch>{
                     {QStringLiteral("X-Env"), QStringLiteral("prod"), ValueMatch::Exact}}));
        QCOMPARE(r.matches[1].queryParams,
                 (QList<HeaderMatch>{{QStringLiteral("version"), QStringLiteral("v[0-9]+"),
                                      ValueMatch::RegularExpression}}));
        QCOMPARE(r.rewritePath, std::optional(QStringLiteral("/signin")));
        QCOMPARE(r.rewriteHost, QStringLiteral("internal.bar.com"));
        QCOMPARE(r.requestHeaders.set,
                 (QList<HeaderValue>{{QStringLiteral("X-Env"), QStringLiteral("prod")}}));
        QCOMPARE(r.requestHeaders.add,
                 (QList<HeaderValue>{{QStringLiteral("X-Trace"), QStringLiteral("studio")}}));
        QCOMPARE(r.requestHeaders.remove, QStringList{QStringLiteral("X-Debug")});
        QCOMPARE(r.responseHeaders.set.size(), 1);
        QCOMPARE(r.mirrors.size(), 1);
        QCOMPARE(r.mirrors[0].service, QStringLiteral("shadow"));
        QCOMPARE(r.mirrors[0].percent, 25);
        const Route &search = result.topology->hosts.value(0).routes.value(1);
        QCOMPARE(search.matches.size(), 1);
        QCOMPARE(search.firstMatch().queryParams.value(0).name, QStringLiteral("q"));
        const Route &maintenance = result.topology->hosts.value(0).routes.value(2);
        QVERIFY(maintenance.respond);
        QCOMPARE(maintenance.respond->status, 503);
        QCOMPARE(maintenance.respond->body, QStringLiteral("back soon"));
        QVERIFY(!maintenance.hasBackend());
        const VirtualHost &every = result.topology->hosts.value(1);
        QVERIFY(every.isCatchAll());
        QCOMPARE(every.routes.value(0).mirrors.value(0).percent, 100); // the default
        // A route without `path` matches everything: Prefix /.
        const LoadResult bare = TopologyLoader::loadData(
            "apiVersion: ingress-studio/v1\nkind: Topology\nservices: [{name: s}]\n"
            "hosts:\n  - host: a.com\n    routes:\n      - service: s\n",
            QStringLiteral("bare.yaml"));
        QVERIFY2(bare.ok(), qPrintable(testing::dump(bare.diagnostics)));
        QCOMPARE(bare.topology->hosts[0].routes[0].firstMatch().path, QStringLiteral("/"));
        QCOMPARE(bare.topology->hosts[0].routes[0].firstMatch().pathType, PathType::Prefix);
    }

    void aliasesWithinBounds() {
        // Anchors and aliases are YAML; only their explosion is refused.
        const QByteArray yaml = header + "services:\n"
                                         "  - name: a\n"
                                         "    endpoints: &pool [127.0.0.1:1, 127.0.0.1:2]\n"
                                         "  - name: b\n"
                                         "    endpoints: *pool\n";
        const LoadResult result = TopologyLoader::loadData(yaml, QStringLiteral("alias.yaml"));
        QVERIFY2(result.ok(), qPrintable(testing::dump(result.diagnostics)));
        QCOMPARE(result.topology->services.value(1).endpoints.size(), 2);
        QCOMPARE(result.topology->services.value(1).endpoints.value(1).address,
                 QStringLiteral("127.0.0.1:2"));
    }
};

QTEST_GUILESS_MAIN(TestTopologyLoader)
#include "tst_topologyloader.moc"
