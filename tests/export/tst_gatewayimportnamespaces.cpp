// Gateway API import where names and addresses meet namespaces and Gateways: services of one
// name in several namespaces, Gateways sharing a port, allowedRoutes by namespace selector.
#include "model/validation/validator.h"
#include "tests/export/gatewayimporttesthelpers.h"

#include <QTest>

using namespace ingress;
using namespace ingress::gatewayimporttest;

class TestGatewayImportNamespaces : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameServiceNameInTwoNamespaces();
    void gatewaysOnOnePort();
    void namespaceSelector_data();
    void namespaceSelector();
};

// The conformance suite's base manifests define `tls-backend` in two namespaces. The topology
// names a service once: the one the routes refer to keeps the name, the other is renamed with a
// warning at its place, and the result validates and keeps both bindings.
void TestGatewayImportNamespaces::sameServiceNameInTwoNamespaces() {
    const QByteArray yaml = R"(
apiVersion: v1
kind: Service
metadata: {name: api, namespace: one}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: two}
spec: {ports: [{port: 80}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: two}
spec: {listeners: [{name: web, port: 8080, protocol: HTTP}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: two}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: api, port: 80}]}]
)";
    const ImportResult result =
        importText(yaml, {{QStringLiteral("one/api"), QStringLiteral("127.0.0.1:9001")},
                          {QStringLiteral("two/api"), QStringLiteral("127.0.0.1:9002")}});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QVERIFY2(!hasErrors(Validator::validate(result.topology)),
             qPrintable(dump(Validator::validate(result.topology))));
    const Service *routed = result.topology.findService(QStringLiteral("api"));
    QVERIFY(routed);
    QCOMPARE(routed->nameSpace, QStringLiteral("two"));
    QCOMPARE(routed->endpoints.value(0).address, QStringLiteral("127.0.0.1:9002"));
    const Service *renamed = result.topology.findService(QStringLiteral("api-one"));
    QVERIFY(renamed);
    QCOMPARE(renamed->nameSpace, QStringLiteral("one"));
    QCOMPARE(renamed->endpoints.value(0).address, QStringLiteral("127.0.0.1:9001"));
    QCOMPARE(result.topology.hosts.value(0).routes.value(0).service, QStringLiteral("api"));
    const QString report = dump(result.diagnostics);
    QVERIFY2(report.contains(QStringLiteral("inline.yaml:2:1: warning: Service 'api' of namespace "
                                            "'one' is imported as 'api-one'")),
             qPrintable(report));
}

// Two Gateways on port 80 are two addresses in the cluster: the second binds the next loopback
// address, and a route attached to both is on each once (HTTPRouteMultipleGateways).
void TestGatewayImportNamespaces::gatewaysOnOnePort() {
    const QByteArray yaml = R"(
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: one, namespace: apps}
spec: {listeners: [{name: http, port: 80, protocol: HTTP}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: two, namespace: apps}
spec: {listeners: [{name: http, port: 80, protocol: HTTP}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shared, namespace: apps}
spec:
  parentRefs: [{name: one}, {name: two}]
  rules: [{matches: [{path: {type: PathPrefix, value: /shared}}], backendRefs: [{name: web, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: only-two, namespace: apps}
spec:
  parentRefs: [{name: two}]
  rules: [{backendRefs: [{name: api, port: 80}]}]
)";
    const ImportResult result =
        importText(yaml, {{QStringLiteral("apps/web"), QStringLiteral("127.0.0.1:9001")},
                          {QStringLiteral("apps/api"), QStringLiteral("127.0.0.1:9002")}});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const Diagnostics problems = Validator::validate(result.topology);
    QVERIFY2(!hasErrors(problems), qPrintable(dump(problems)));
    QStringList binds;
    for (const Listener &listener : result.topology.listeners)
        binds << listener.name + u'=' + listener.bind;
    QCOMPARE(binds, QStringList({QStringLiteral("one-http=127.0.0.1:80"),
                                 QStringLiteral("two-http=127.0.0.2:80")}));
    QCOMPARE(hostsOnListeners(result.topology),
             QStringList({QStringLiteral("*@one-http"), QStringLiteral("*@two-http")}));
    QCOMPARE(result.topology.hosts[0].routes.size(), 1);
    QCOMPARE(result.topology.hosts[1].routes.size(), 2);
}

void TestGatewayImportNamespaces::namespaceSelector_data() {
    QTest::addColumn<QByteArray>("selector");
    QTest::addColumn<bool>("attached"); // the route of namespace 'web' (labelled team: shop)

    QTest::newRow("matchLabels") << QByteArray("{matchLabels: {team: shop}}") << true;
    QTest::newRow("matchLabels other value") << QByteArray("{matchLabels: {team: ops}}") << false;
    QTest::newRow("In") << QByteArray("{matchExpressions: [{key: team, operator: In, values: "
                                      "[ops, shop]}]}")
                        << true;
    QTest::newRow("NotIn") << QByteArray("{matchExpressions: [{key: team, operator: NotIn, "
                                         "values: [shop]}]}")
                           << false;
    QTest::newRow("Exists") << QByteArray("{matchExpressions: [{key: team, operator: Exists}]}")
                            << true;
    QTest::newRow("DoesNotExist")
        << QByteArray("{matchExpressions: [{key: team, operator: DoesNotExist}]}") << false;
    QTest::newRow("the name label")
        << QByteArray("{matchLabels: {kubernetes.io/metadata.name: web}}") << true;
}

// allowedRoutes.namespaces.from: Selector is matched against the input's Namespace objects.
void TestGatewayImportNamespaces::namespaceSelector() {
    QFETCH(QByteArray, selector);
    QFETCH(bool, attached);
    const QByteArray yaml = R"(
apiVersion: v1
kind: Namespace
metadata: {name: web, labels: {team: shop}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  listeners:
  - name: http
    port: 8080
    protocol: HTTP
    allowedRoutes: {namespaces: {from: Selector, selector: )" +
                            selector + R"(}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: web}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  rules: [{backendRefs: [{name: app, port: 80}]}]
)";
    const ImportResult result =
        importText(yaml, {{QStringLiteral("web/app"), QStringLiteral("127.0.0.1:9001")}});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(result.topology.hosts.size(), attached ? 1 : 0);
}

QTEST_GUILESS_MAIN(TestGatewayImportNamespaces)
#include "tst_gatewayimportnamespaces.moc"
