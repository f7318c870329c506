// ingress-nginx's external authentication (auth-url and the auth-* around it) imported as the
// externalAuth of the routes its Ingress contributes: the service the URL names (a Service of
// the input, a route's service for $host, or one made for the URL's host), the path, the
// response headers and the sign-in; what does not translate is reported at its place with the
// reason, and counted.
#include "export/kubernetesexporter.h"
#include "export/kubernetesimporter.h"
#include "model/routing/routingtable.h"
#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"
#include "tests/export/ingressnginxtesthelpers.h"

#include <QTest>

using namespace ingress;
using namespace ingress::ingressnginxtest;

namespace {

// "SERVICE PATH [headers A,B] [signIn URL]", or "none".
QString authText(const Policy &policy) {
    if (!policy.externalAuth)
        return QStringLiteral("none");
    const ExternalAuth &auth = *policy.externalAuth;
    QString text = auth.service + u' ' + auth.path;
    if (!auth.responseHeaders.isEmpty())
        text += QStringLiteral(" headers ") + auth.responseHeaders.join(u',');
    if (!auth.signIn.isEmpty())
        text += QStringLiteral(" signIn ") + auth.signIn;
    return text;
}

// "NAME [NAMESPACE] port P [ENDPOINT,...]", or "-" when there is no such service.
QString serviceText(const Topology &topology, const QString &name) {
    const Service *s = topology.findService(name);
    if (!s)
        return QStringLiteral("-");
    QStringList endpoints;
    for (const Endpoint &e : s->endpoints)
        endpoints << e.address;
    return QStringLiteral("%1%2 port %3%4")
        .arg(s->name, s->nameSpace.isEmpty() ? QString() : u' ' + s->nameSpace)
        .arg(s->port)
        .arg(endpoints.isEmpty() ? QString() : u' ' + endpoints.join(u','));
}

ImportResult import(const QByteArray &yaml) {
    KubernetesImporter importer;
    importer.addData(yaml, QStringLiteral("annotated.yaml"));
    return importer.finish({});
}

const QByteArray oauth2ProxyService = R"(---
apiVersion: v1
kind: Service
metadata: {name: oauth2-proxy, namespace: auth}
spec: {ports: [{name: http, port: 4180}]}
)";

// oauth2-proxy's own paths on food.bar.com, as its guide has them: an Ingress of their own.
const QByteArray oauth2ProxyIngress = R"(---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: oauth2-proxy}
spec:
  rules:
  - host: food.bar.com
    http:
      paths:
      - path: /oauth2
        pathType: Prefix
        backend: {service: {name: oauth2-proxy, port: {number: 4180}}}
)";

// Another host whose route sends to the Service oauth2-proxy of the default namespace.
const QByteArray proxyIngress = R"(---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: proxy}
spec:
  rules:
  - host: proxy.bar.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: oauth2-proxy, port: {number: 80}}}
)";

} // namespace

class TestIngressNginxExternalAuth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void externalAuth_data();
    void externalAuth();
    void reported_data();
    void reported();
    void sharedAndBound();
    void compiledAndSaved();
    void exportedAndImportedBack();
};

// The external auth of the Ingress's route and the service it asks.
void TestIngressNginxExternalAuth::externalAuth_data() {
    QTest::addColumn<QByteArray>("annotations"); // of the Ingress food.bar.com/ -> food
    QTest::addColumn<QByteArray>("more");        // manifests after it
    QTest::addColumn<QString>("auth");           // its route's (authText)
    QTest::addColumn<QString>("service");        // the service it asks (serviceText)
    QTest::addColumn<QStringList>("report");     // lines of the import report

    const QString all = QStringLiteral(":6:5: note: %1 of %1 annotations translated [import]");
    const QString cookie = QStringLiteral(
        ":6:5: note: annotation 'nginx.ingress.kubernetes.io/auth-url': ingress-nginx also sets "
        "the Set-Cookie of a 2xx authentication answer on the response (oauth2-proxy refreshes "
        "its cookie that way); the engine does not [import]");
    QTest::newRow("Service of the input")
        << nginx({"auth-url: http://oauth2-proxy.auth.svc.cluster.local:4180/oauth2/auth"})
        << oauth2ProxyService << "oauth2-proxy /oauth2/auth"
        << "oauth2-proxy auth port 4180" << QStringList{cookie, all.arg(1)};
    QTest::newRow("Service of the input, .svc")
        << nginx({"auth-url: http://oauth2-proxy.auth.svc:4180/oauth2/auth?allowed_groups=admins"})
        << oauth2ProxyService << "oauth2-proxy /oauth2/auth?allowed_groups=admins"
        << "oauth2-proxy auth port 4180" << QStringList{all.arg(1)};
    QTest::newRow("Service of the input, NAME.NAMESPACE")
        << nginx({"auth-url: http://oauth2-proxy.auth:4180/oauth2/auth"}) << oauth2ProxyService
        << "oauth2-proxy /oauth2/auth"
        << "oauth2-proxy auth port 4180" << QStringList{all.arg(1)};
    QTest::newRow("Service of the input, its port not the URL's")
        << nginx({"auth-url: http://oauth2-proxy.auth.svc:8080/oauth2/auth"}) << oauth2ProxyService
        << "oauth2-proxy /oauth2/auth"
        << "oauth2-proxy auth port 4180"
        << QStringList{":6:43: note: auth-url 'http://oauth2-proxy.auth.svc:8080/oauth2/auth': "
                       "Service 'oauth2-proxy' of namespace 'auth' has no port 8080; the topology "
                       "keeps its port 4180, which exports send to [import]",
                       all.arg(1)};
    QTest::newRow("Service not in the input")
        << nginx({"auth-url: http://oauth2-proxy.auth.svc.cluster.local:4180/oauth2/auth"})
        << QByteArray() << "oauth2-proxy /oauth2/auth"
        << "oauth2-proxy auth port 4180 oauth2-proxy.auth.svc.cluster.local:4180"
        << QStringList{":6:43: warning: auth-url "
                       "'http://oauth2-proxy.auth.svc.cluster.local:4180/oauth2/auth': Service "
                       "'oauth2-proxy' of namespace 'auth' is not in the input: service "
                       "'oauth2-proxy' is made for it with the endpoint "
                       "oauth2-proxy.auth.svc.cluster.local:4180, its name in the cluster (bind "
                       "it with --endpoint auth/oauth2-proxy=HOST:PORT) [import]",
                       all.arg(1)};
    QTest::newRow("bare Service name")
        << nginx({"auth-url: http://authz/check"}) << QByteArray() << "authz /check"
        << "authz port 80 authz:80"
        << QStringList{":6:43: warning: auth-url 'http://authz/check': Service 'authz' of "
                       "namespace 'default' is not in the input",
                       all.arg(1)};
    QTest::newRow("outside the cluster")
        << nginx({"auth-url: http://auth.example.com:9091/api/verify"}) << QByteArray()
        << "auth-example-com /api/verify"
        << "auth-example-com port 9091 auth.example.com:9091"
        << QStringList{":6:43: note: auth-url 'http://auth.example.com:9091/api/verify': "
                       "service 'auth-example-com' is made for auth.example.com:9091, outside "
                       "the cluster [import]",
                       all.arg(1)};
    QTest::newRow("https")
        << nginx({"auth-url: https://auth.example.com/check"}) << QByteArray()
        << "auth-example-com /check"
        << "auth-example-com port 443 auth.example.com:443"
        << QStringList{":6:43: warning: annotation 'nginx.ingress.kubernetes.io/auth-url' is "
                       "translated in part: it asks over HTTPS, and the engine speaks plain HTTP "
                       "to services (the authentication service must answer HTTP on its "
                       "endpoints) [import]",
                       ":6:5: note: 0 of 1 annotations translated; not translated: "
                       "nginx.ingress.kubernetes.io/auth-url [import]"};
    QTest::newRow("variables in the query")
        << nginx({"auth-url: \"http://authz/check?uri=$request_uri&group=admins\""}) << QByteArray()
        << "authz /check?group=admins"
        << "authz port 80 authz:80"
        << QStringList{":6:43: warning: annotation 'nginx.ingress.kubernetes.io/auth-url' is "
                       "translated in part: the engine fills in no nginx variables: "
                       "'uri=$request_uri' left out of the path (it sends the request's URL in "
                       "X-Original-URL and X-Forwarded-Uri) [import]"};
    QTest::newRow("variable in the path")
        << nginx({"auth-url: http://authz/check/$host"}) << QByteArray() << "authz /check/"
        << "authz port 80 authz:80"
        << QStringList{"the engine fills in no nginx variables: '$host' left out of the path"};
    QTest::newRow("$host: the route for the path")
        << nginx({"auth-url: http://$host/oauth2/auth"}) << oauth2ProxyIngress
        << "oauth2-proxy /oauth2/auth"
        << "oauth2-proxy port 4180"
        << QStringList{":6:43: warning: annotation 'nginx.ingress.kubernetes.io/auth-url' is "
                       "translated in part: its host '$host' is the request's own, so "
                       "ingress-nginx asks through itself (with that route's rewrites and "
                       "policy); the engine asks the service of the route that serves "
                       "'/oauth2/auth' on the same host directly [import]",
                       ":6:43: note: auth-url 'http://$host/oauth2/auth': the routes ask the "
                       "service of the route for /oauth2/auth on their own host (food.bar.com: "
                       "service 'oauth2-proxy') [import]"};
    QTest::newRow("$host without such a route")
        << nginx({"auth-url: https://$host/oauth2/auth"}) << QByteArray()
        << "external-auth /oauth2/auth"
        << "external-auth port 80"
        << QStringList{":6:43: warning: annotation 'nginx.ingress.kubernetes.io/auth-url' is "
                       "translated in part: its host '$host' is the request's own, so "
                       "ingress-nginx asks through itself",
                       ":6:43: warning: auth-url 'https://$host/oauth2/auth': no route of "
                       "food.bar.com serves /oauth2/auth (apart from those it protects): their "
                       "routes ask service 'external-auth', made without endpoints, and answer "
                       "500 until it has the authentication service's [import]"};
    QTest::newRow("response headers and sign-in")
        << nginx({"auth-url: http://authz/check",
                  "auth-response-headers: X-Auth-Request-User, X-Auth-Request-Email",
                  "auth-signin: https://auth.example.com/oauth2/start"})
        << QByteArray()
        << "authz /check headers X-Auth-Request-User,X-Auth-Request-Email signIn "
           "https://auth.example.com/oauth2/start"
        << "authz port 80 authz:80" << QStringList{all.arg(3)};
    QTest::newRow("sign-in with rd=$escaped_request_uri")
        << nginx({"auth-url: http://authz/check",
                  "auth-signin: \"https://auth.example.com/oauth2/start?rd=$escaped_request_uri\""})
        << QByteArray() << "authz /check signIn https://auth.example.com/oauth2/start"
        << "authz port 80 authz:80"
        << QStringList{":7:46: note: annotation 'nginx.ingress.kubernetes.io/auth-signin': "
                       "'rd=$escaped_request_uri' left out: the engine adds rd itself, with the "
                       "request's whole URL [import]",
                       all.arg(2)};
    QTest::newRow("sign-in on $host")
        << nginx({"auth-url: http://authz/check",
                  "auth-signin: \"https://$host/oauth2/start?rd=$escaped_request_uri\""})
        << QByteArray() << "authz /check signIn /oauth2/start"
        << "authz port 80 authz:80"
        << QStringList{":7:46: note: annotation 'nginx.ingress.kubernetes.io/auth-signin': "
                       "'rd=$escaped_request_uri' left out: the engine adds rd itself, with the "
                       "request's whole URL; its host is the request's own: the sign-in is the "
                       "path '/oauth2/start' of the host the request went to, on the request's "
                       "scheme [import]",
                       all.arg(2)};
    QTest::newRow("sign-in with a fixed rd")
        << nginx({"auth-url: http://authz/check",
                  "auth-signin: https://auth.example.com/start?rd=https://food.bar.com/&x=1"})
        << QByteArray() << "authz /check signIn https://auth.example.com/start?x=1"
        << "authz port 80 authz:80"
        << QStringList{":7:46: warning: annotation 'nginx.ingress.kubernetes.io/auth-signin' is "
                       "translated in part: 'rd=https://food.bar.com/' left out: the engine adds "
                       "rd itself, with the request's URL, so browsers come back to where they "
                       "were going [import]",
                       ":6:5: note: 1 of 2 annotations translated; not translated: "
                       "nginx.ingress.kubernetes.io/auth-signin [import]"};
    QTest::newRow("sign-in with another variable")
        << nginx({"auth-url: http://authz/check", "auth-signin: \"https://auth.$domain/start\""})
        << QByteArray() << "authz /check"
        << "authz port 80 authz:80"
        << QStringList{":7:46: warning: annotation 'nginx.ingress.kubernetes.io/auth-signin' is "
                       "not translated: 'https://auth.$domain/start' holds nginx variables, "
                       "which the engine does not fill in; a 401 goes back to the client as it "
                       "came [import]"};
    QTest::newRow("redirect param rd")
        << nginx({"auth-url: http://authz/check", "auth-signin: /oauth2/start",
                  "auth-signin-redirect-param: rd"})
        << QByteArray() << "authz /check signIn /oauth2/start"
        << "authz port 80 authz:80" << QStringList{all.arg(3)};
    QTest::newRow("redirect param other")
        << nginx({"auth-url: http://authz/check", "auth-signin: /oauth2/start",
                  "auth-signin-redirect-param: return_to"})
        << QByteArray() << "authz /check signIn /oauth2/start"
        << "authz port 80 authz:80"
        << QStringList{":8:61: warning: annotation "
                       "'nginx.ingress.kubernetes.io/auth-signin-redirect-param' is not "
                       "translated: the engine names the sign-in's parameter rd; a sign-in "
                       "service that reads 'return_to' does not find the request's URL [import]"};
    QTest::newRow("bad response header")
        << nginx({"auth-url: http://authz/check", "auth-response-headers: X-User, X User"})
        << QByteArray() << "authz /check headers X-User"
        << "authz port 80 authz:80"
        << QStringList{":7:56: warning: annotation "
                       "'nginx.ingress.kubernetes.io/auth-response-headers': 'X User' is not a "
                       "header name; left out (ingress-nginx refuses the list and answers 503) "
                       "[import]"};
    QTest::newRow("auth-method GET") << nginx({"auth-url: http://authz/check", "auth-method: GET"})
                                     << QByteArray() << "authz /check"
                                     << "authz port 80 authz:80" << QStringList{all.arg(2)};
}

void TestIngressNginxExternalAuth::externalAuth() {
    QFETCH(QByteArray, annotations);
    QFETCH(QByteArray, more);
    QFETCH(QString, auth);
    QFETCH(QString, service);
    QFETCH(QStringList, report);
    const ImportResult result = import(manifests(annotations, {}) + more);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const VirtualHost host = result.topology.hosts.value(0);
    const Route route = host.routes.value(0);
    QCOMPARE(route.service, QStringLiteral("food"));
    QCOMPARE(authText(route.policy), auth);
    QCOMPARE(serviceText(result.topology, route.policy.externalAuth->service), service);
    QVERIFY(host.policy.isEmpty());
    expectReportAndValid(result.diagnostics, report, result.topology);
}

// What the topology has no place for, and auth-* without auth-url or on a canary.
void TestIngressNginxExternalAuth::reported_data() {
    QTest::addColumn<QByteArray>("annotations"); // of the Ingress food.bar.com/ -> food
    QTest::addColumn<QByteArray>("canary");      // of its canary Ingress
    QTest::addColumn<QString>("auth");           // of the main route (authText)
    QTest::addColumn<QStringList>("report");

    // The warning at the annotation's name on `line`, whole or (`whole` false) its start.
    const auto notTranslated = [](int line, const char *name, const char *why, bool whole = true) {
        return QStringLiteral(":%1:5: warning: annotation 'nginx.ingress.kubernetes.io/%2' is "
                              "not translated: %3%4")
            .arg(line)
            .arg(QLatin1StringView(name), QLatin1StringView(why),
                 whole ? QStringLiteral(" [import]") : QString());
    };
    QTest::newRow("no place in the topology")
        << nginx({"auth-url: http://authz/check", "auth-method: POST",
                  "auth-cache-key: $remote_user", "auth-cache-duration: 200 202 401 5m",
                  "auth-snippet: proxy_set_header X-A b;", "auth-proxy-set-headers: auth/headers",
                  "auth-request-redirect: /login", "auth-always-set-cookie: \"true\"",
                  "auth-keepalive: \"10\"", "auth-keepalive-timeout: \"60\"",
                  "enable-global-auth: \"false\""})
        << QByteArray() << "authz /check"
        << QStringList{
               notTranslated(7, "auth-method",
                             "the engine asks the authentication service with GET, not POST"),
               notTranslated(8, "auth-cache-key",
                             "the engine asks the authentication service on every request; it "
                             "keeps no answers"),
               notTranslated(9, "auth-cache-duration",
                             "the engine asks the authentication service on every request; it "
                             "keeps no answers"),
               notTranslated(10, "auth-snippet",
                             "raw nginx configuration for the authentication request is not "
                             "translated; review it by hand"),
               notTranslated(11, "auth-proxy-set-headers",
                             "it names a ConfigMap of headers for the authentication request, "
                             "which the import does not read; the engine sends the client's "
                             "headers and X-Forwarded-*, X-Original-URL and X-Original-Method"),
               notTranslated(12, "auth-request-redirect",
                             "the engine sends no X-Auth-Request-Redirect; the authentication "
                             "service gets the request's URL in X-Original-URL"),
               notTranslated(13, "auth-always-set-cookie",
                             "the engine sets no cookie of the authentication service on the "
                             "response"),
               notTranslated(14, "auth-keepalive",
                             "the engine's connections to the authentication service are its "
                             "endpoints' own, not set per Ingress"),
               notTranslated(15, "auth-keepalive-timeout", "the engine's connections", false),
               notTranslated(16, "enable-global-auth",
                             "it turns the controller's global-auth-url (its ConfigMap) on or "
                             "off for this Ingress, and the import does not read the ConfigMap: "
                             "give the routes a policy.externalAuth by hand"),
               QStringLiteral(":6:5: note: 1 of 11 annotations translated")};
    QTest::newRow("without auth-url")
        << nginx({"auth-signin: https://auth.example.com/start", "auth-method: GET",
                  "enable-global-auth: \"false\""})
        << QByteArray() << "none"
        << QStringList{notTranslated(6, "auth-signin",
                                     "there is no auth-url, without which ingress-nginx asks no "
                                     "authentication service"),
                       notTranslated(7, "auth-method", "there is no auth-url", false),
                       notTranslated(8, "enable-global-auth",
                                     "it turns the controller's global-auth-url", false),
                       QStringLiteral(":6:5: note: 0 of 3 annotations translated")};
    QTest::newRow("not a URL")
        << nginx({"auth-url: oauth2-proxy:4180", "auth-signin: /start"}) << QByteArray() << "none"
        << QStringList{":6:43: warning: annotation 'nginx.ingress.kubernetes.io/auth-url' is not "
                       "translated: 'oauth2-proxy:4180' is not an http or https URL; "
                       "ingress-nginx then answers 503 on the Ingress's paths, and the routes "
                       "here ask no authentication service: give them a policy.externalAuth "
                       "[import]",
                       notTranslated(7, "auth-signin", "auth-url is not translated")};
    QTest::newRow("canary")
        << nginx({"auth-url: http://authz/check"})
        << nginx({"auth-url: http://other/check", "auth-signin: /start"}) << "authz /check"
        << QStringList{":26:5: warning: annotation 'nginx.ingress.kubernetes.io/auth-url' is not "
                       "translated: a canary Ingress takes the main Ingress's authentication "
                       "(ingress-nginx ignores its own) [import]",
                       notTranslated(27, "auth-signin",
                                     "a canary Ingress takes the main Ingress's authentication "
                                     "(ingress-nginx ignores its own)")};
    QTest::newRow("unknown auth- annotation")
        << nginx({"auth-url: http://authz/check", "auth-foo: bar"}) << QByteArray()
        << "authz /check"
        << QStringList{notTranslated(7, "auth-foo",
                                     "not an ingress-nginx authentication annotation the import "
                                     "knows; basic auth is auth-type, auth-secret, "
                                     "auth-secret-type and auth-realm, external auth auth-url and "
                                     "the auth-* that shape it")};
}

void TestIngressNginxExternalAuth::reported() {
    QFETCH(QByteArray, annotations);
    QFETCH(QByteArray, canary);
    QFETCH(QString, auth);
    QFETCH(QStringList, report);
    const ImportResult result = import(manifests(annotations, canary));
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const VirtualHost host = result.topology.hosts.value(0);
    QCOMPARE(authText(host.routes.value(0).policy), auth);
    // A canary's routes copy the main route's policy.
    for (const Route &route : host.routes)
        QCOMPARE(authText(route.policy), auth);
    expectReport(result.diagnostics, report);
}

// Two Ingresses asking the same URL share the service made for it, and --endpoint binds a
// service made for a Service that is not in the input, as it binds any other.
void TestIngressNginxExternalAuth::sharedAndBound() {
    QByteArray yaml = manifests(nginx({"auth-url: http://auth.example.com/check"}), {});
    yaml +=
        "---\n" +
        manifests(nginx({"auth-url: http://auth.example.com/check?admin=1", "auth-signin: /start"}),
                  {})
            .replace("food.bar.com", "admin.bar.com");
    yaml += "---\n" +
            manifests(nginx({"auth-url: http://oauth2-proxy.auth.svc.cluster.local:4180/"}), {})
                .replace("food.bar.com", "api.bar.com");
    KubernetesImporter importer;
    importer.addData(yaml, QStringLiteral("annotated.yaml"));
    const ImportResult result =
        importer.finish({{QStringLiteral("auth/oauth2-proxy"), QStringLiteral("127.0.0.1:4180")}});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QStringList auths;
    for (const VirtualHost &host : result.topology.hosts)
        auths << host.host + u' ' + authText(host.routes.value(0).policy);
    QCOMPARE(auths, (QStringList{QStringLiteral("food.bar.com auth-example-com /check"),
                                 QStringLiteral("admin.bar.com auth-example-com /check?admin=1 "
                                                "signIn /start"),
                                 QStringLiteral("api.bar.com oauth2-proxy /")}));
    QStringList services;
    for (const Service &s : result.topology.services)
        services << serviceText(result.topology, s.name);
    QCOMPARE(services, (QStringList{QStringLiteral("food port 80"),
                                    QStringLiteral("auth-example-com port 80 auth.example.com:80"),
                                    QStringLiteral("oauth2-proxy auth port 4180 127.0.0.1:4180")}));
    const Diagnostics problems = Validator::validate(result.topology);
    QVERIFY2(!hasErrors(problems), qPrintable(dump(problems)));
}

// The imported external auth compiles to the service it names, and saves and loads back.
void TestIngressNginxExternalAuth::compiledAndSaved() {
    const ImportResult result =
        import(manifests(nginx({"auth-url: http://oauth2-proxy.auth.svc:4180/oauth2/auth",
                                "auth-response-headers: X-Auth-Request-User"}),
                         {}) +
               oauth2ProxyService +
               // A Service of the same name in another namespace, which the routes send to: the
               // authentication service is renamed, and the routes follow.
               "---\napiVersion: v1\nkind: Service\nmetadata: {name: oauth2-proxy}\nspec: "
               "{ports: [{port: 80}]}\n" +
               proxyIngress);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const Route route = result.topology.hosts.value(0).routes.value(0);
    QCOMPARE(authText(route.policy), QStringLiteral("oauth2-proxy-auth /oauth2/auth headers "
                                                    "X-Auth-Request-User"));
    QCOMPARE(serviceText(result.topology, QStringLiteral("oauth2-proxy-auth")),
             QStringLiteral("oauth2-proxy-auth auth port 4180"));
    const auto table = RoutingTable::compile(result.topology);
    const CompiledPolicy *withAuth = nullptr;
    for (const CompiledPolicy &policy : table->policies())
        if (policy.externalAuth)
            withAuth = &policy;
    QVERIFY(withAuth);
    const CompiledPolicy &compiled = *withAuth;
    QCOMPARE(compiled.externalAuth->serviceName, std::string("oauth2-proxy-auth"));
    QVERIFY(compiled.externalAuth->service >= 0);
    QCOMPARE(compiled.externalAuth->path, std::string("/oauth2/auth"));

    const QByteArray saved = TopologyWriter::toYaml(result.topology);
    const LoadResult loaded = TopologyLoader::loadData(saved, QStringLiteral("saved.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(dump(loaded.diagnostics) + QString::fromUtf8(saved)));
    QVERIFY2(*loaded.topology == result.topology, saved.constData());
}

// What the Kubernetes export writes for an external auth (auth-url by the Service's cluster
// name, auth-response-headers, auth-signin) imports back as it was.
void TestIngressNginxExternalAuth::exportedAndImportedBack() {
    const ImportResult first =
        import(manifests(nginx({"auth-url: http://oauth2-proxy.auth.svc:4180/oauth2/auth?x=1",
                                "auth-response-headers: X-Auth-Request-User, X-Auth-Request-Email",
                                "auth-signin: https://auth.example.com/oauth2/start"}),
                         {}) +
               oauth2ProxyService);
    QVERIFY2(first.ok(), qPrintable(dump(first.diagnostics)));
    const Policy before = first.topology.hosts.value(0).routes.value(0).policy;
    QVERIFY(before.externalAuth);
    const ExportResult exported = KubernetesExporter().exportTopology(first.topology, {});
    QVERIFY2(exported.mainText.contains("auth-url"), exported.mainText.constData());
    const ImportResult again = import(exported.mainText);
    QVERIFY2(again.ok(), qPrintable(dump(again.diagnostics)));
    const Policy after = again.topology.hosts.value(0).routes.value(0).policy;
    QCOMPARE(authText(after), authText(before));
    QCOMPARE(serviceText(again.topology, after.externalAuth->service),
             serviceText(first.topology, before.externalAuth->service));
}

QTEST_GUILESS_MAIN(TestIngressNginxExternalAuth)
#include "tst_ingressnginxexternalauth.moc"
