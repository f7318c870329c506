// F5 NGINX Ingress Controller's routing annotations (nginx.org/redirect-to-https,
// proxy-set-headers, proxy-hide-headers, rewrites, path-regex) imported onto the routes and host
// of the Ingress that carries them, and those the topology cannot take (listen-ports,
// listen-ports-ssl, ssl-services, grpc-services) reported at their place with the reason.
#include "export/kubernetesimporter.h"
#include "model/validation/validator.h"
#include "tests/export/ingressnginxtesthelpers.h"

#include <QTest>

using namespace ingress;
using namespace ingress::ingressnginxtest;

namespace {

// An Ingress "cafe" for cafe.example.com /tea -> tea and /coffee -> coffee with `annotations`
// (from line 6), with TLS when asked, and after it an Ingress "milk" for the same host's /milk.
QByteArray cafe(const QByteArray &annotations, bool tls) {
    QByteArray yaml = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: cafe\n"
                      "  annotations:\n" +
                      annotations + "spec:\n";
    if (tls)
        yaml += "  tls:\n  - hosts: [cafe.example.com]\n    secretName: cafe-tls\n";
    yaml += "  rules:\n  - host: cafe.example.com\n    http:\n      paths:\n";
    for (const char *service : {"tea", "coffee"})
        yaml += QByteArray("      - path: /") + service +
                "\n        pathType: Prefix\n        backend:\n          service:\n"
                "            name: " +
                service + "\n            port: {number: 80}\n";
    yaml += "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: milk\n"
            "spec:\n  rules:\n  - host: cafe.example.com\n    http:\n      paths:\n      - path: "
            "/milk\n        pathType: Prefix\n        backend:\n          service:\n"
            "            name: milk\n            port: {number: 80}\n";
    return yaml;
}

ImportResult import(const QByteArray &annotations, bool tls = false) {
    KubernetesImporter importer;
    importer.addData(cafe(annotations, tls), QStringLiteral("annotated.yaml"));
    return importer.finish({});
}

// "PATH TYPE SERVICE[ rewrite PREFIX][ set N=V,...][ remove N,...]"
QString routeText(const Route &route) {
    static const char *types[] = {"Exact", "Prefix", "Regex"};
    const RouteMatchRule &match = route.matches.value(0);
    QString text =
        QStringLiteral("%1 %2 %3")
            .arg(match.path, QLatin1StringView(types[int(match.pathType)]), route.service);
    if (route.rewritePrefix)
        text += QStringLiteral(" rewrite ") + *route.rewritePrefix;
    QStringList set;
    for (const HeaderValue &header : route.requestHeaders.set)
        set << header.name + u'=' + header.value;
    if (!set.isEmpty())
        text += QStringLiteral(" set ") + set.join(u',');
    if (!route.responseHeaders.remove.isEmpty())
        text += QStringLiteral(" remove ") + route.responseHeaders.remove.join(u',');
    return text;
}

} // namespace

class TestNginxOrgAnnotations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void translated_data();
    void translated();
    void compiled();
};

void TestNginxOrgAnnotations::translated_data() {
    QTest::addColumn<QByteArray>("annotations"); // of the Ingress cafe
    QTest::addColumn<bool>("tls");               // cafe.example.com has a certificate
    QTest::addColumn<QStringList>("routes");     // of cafe.example.com (routeText)
    QTest::addColumn<bool>("sslRedirect");       // the host's, set to true
    QTest::addColumn<QStringList>("report");     // lines of the import report

    const QString all = QStringLiteral(":6:5: note: %1 of %1 annotations translated [import]");
    const QString milk = QStringLiteral("/milk Prefix milk");
    QTest::newRow("redirect-to-https")
        << nginxOrg({"redirect-to-https: \"true\""}) << true
        << QStringList{"/tea Prefix tea", "/coffee Prefix coffee", milk} << true
        << QStringList{":6:5: note: annotation 'nginx.org/redirect-to-https': F5 NGINX Ingress "
                       "Controller redirects the requests whose X-Forwarded-Proto is 'http' (TLS "
                       "ended by a load balancer in front of it); the import's hosts get "
                       "sslRedirect: true, which redirects every request that reaches this proxy "
                       "over plain HTTP, on hosts that have a certificate here [import]",
                       all.arg(1)};
    QTest::newRow("redirect-to-https without TLS")
        << nginxOrg({"redirect-to-https: \"true\""}) << false
        << QStringList{"/tea Prefix tea", "/coffee Prefix coffee", milk} << true
        << QStringList{":9:5: warning: nginx.org/redirect-to-https: host 'cafe.example.com' has "
                       "no TLS here, and the topology redirects to HTTPS only where it has a "
                       "certificate; not translated [import]"};
    QTest::newRow("redirect-to-https not a boolean")
        << nginxOrg({"redirect-to-https: \"yes\""}) << true
        << QStringList{"/tea Prefix tea", "/coffee Prefix coffee", milk} << false
        << QStringList{":6:34: warning: annotation 'nginx.org/redirect-to-https': 'yes' is not "
                       "true or false; F5 NGINX Ingress Controller then does not redirect, and "
                       "neither does the import [import]",
                       ":6:5: note: 0 of 1 annotations translated; not translated: "
                       "nginx.org/redirect-to-https [import]"};
    QTest::newRow("proxy-set-headers")
        << nginxOrg({"proxy-set-headers: \"X-Env: prod, X-Forwarded-ABC, X-Team: a b\""}) << false
        << QStringList{"/tea Prefix tea set X-Env=prod,X-Team=a b",
                       "/coffee Prefix coffee set X-Env=prod,X-Team=a b", milk}
        << false
        << QStringList{":6:34: note: annotation 'nginx.org/proxy-set-headers': X-Forwarded-ABC "
                       "without a value send(s) the client's own value, which the proxy "
                       "forwards anyway; nothing to set [import]",
                       all.arg(1)};
    QTest::newRow("proxy-set-headers bad name")
        << nginxOrg({"proxy-set-headers: \"X Bad: 1\""}) << false
        << QStringList{"/tea Prefix tea", "/coffee Prefix coffee", milk} << false
        << QStringList{":6:34: warning: annotation 'nginx.org/proxy-set-headers': 'X Bad' is not "
                       "a header name; left out [import]",
                       ":6:5: note: 0 of 1 annotations translated"};
    QTest::newRow("proxy-hide-headers")
        << nginxOrg({"proxy-hide-headers: \"X-Powered-By,Server\""}) << false
        << QStringList{"/tea Prefix tea remove X-Powered-By,Server",
                       "/coffee Prefix coffee remove X-Powered-By,Server", milk}
        << false << QStringList{all.arg(1)};
    QTest::newRow("rewrites")
        << nginxOrg({"rewrites: \"serviceName=tea rewrite=/;serviceName=coffee rewrite=/beans/\""})
        << false
        << QStringList{"/tea Prefix tea rewrite /", "/coffee Prefix coffee rewrite /beans/", milk}
        << false << QStringList{all.arg(1)};
    QTest::newRow("rewrites unknown service")
        << nginxOrg({"rewrites: \"serviceName=tea rewrite=/;serviceName=milk rewrite=/m\""})
        << false << QStringList{"/tea Prefix tea rewrite /", "/coffee Prefix coffee", milk} << false
        << QStringList{":6:25: warning: annotation 'nginx.org/rewrites': service 'milk' is not a "
                       "backend of this Ingress's paths; its rewrite is left out [import]",
                       all.arg(1)};
    QTest::newRow("rewrites malformed")
        << nginxOrg({"rewrites: \"tea=/\""}) << false
        << QStringList{"/tea Prefix tea", "/coffee Prefix coffee", milk} << false
        << QStringList{":6:25: warning: annotation 'nginx.org/rewrites': 'tea=/' is not "
                       "'serviceName=SERVICE rewrite=/PATH'; left out [import]",
                       ":6:5: note: 0 of 1 annotations translated"};
    QTest::newRow("path-regex case_sensitive")
        << nginxOrg({"path-regex: case_sensitive"}) << false
        << QStringList{"^/tea Regex tea", "^/coffee Regex coffee", milk} << false
        << QStringList{all.arg(1)};
    QTest::newRow("path-regex case_insensitive")
        << nginxOrg({"path-regex: case_insensitive"}) << false
        << QStringList{"(?i)^/tea Regex tea", "(?i)^/coffee Regex coffee", milk} << false
        << QStringList{all.arg(1)};
    QTest::newRow("path-regex exact") << nginxOrg({"path-regex: exact"}) << false
                                      << QStringList{"/tea Exact tea", "/coffee Exact coffee", milk}
                                      << false << QStringList{all.arg(1)};
    QTest::newRow("path-regex true")
        << nginxOrg({"path-regex: \"true\""}) << false
        << QStringList{"^/tea Regex tea", "^/coffee Regex coffee", milk} << false
        << QStringList{":6:27: note: annotation 'nginx.org/path-regex': 'true' is not one of "
                       "F5's values (case_sensitive, case_insensitive, exact); imported as "
                       "case_sensitive, as ingress2gateway reads it [import]",
                       all.arg(1)};
    QTest::newRow("path-regex other")
        << nginxOrg({"path-regex: \"yes\""}) << false
        << QStringList{"/tea Prefix tea", "/coffee Prefix coffee", milk} << false
        << QStringList{":6:27: warning: annotation 'nginx.org/path-regex': 'yes' is not "
                       "case_sensitive, case_insensitive or exact; the import keeps the "
                       "Ingress's path types [import]"};
    QTest::newRow("path-regex with rewrites")
        << nginxOrg({"path-regex: case_sensitive", "rewrites: \"serviceName=tea rewrite=/\""})
        << false << QStringList{"^/tea Regex tea", "^/coffee Regex coffee", milk} << false
        << QStringList{":7:5: warning: annotation 'nginx.org/rewrites' is not translated: the "
                       "Ingress's paths are regular expressions (nginx.org/path-regex), and the "
                       "topology rewrites a literal prefix only [import]",
                       ":6:5: note: 1 of 2 annotations translated; not translated: "
                       "nginx.org/rewrites [import]"};
    const QStringList plain{"/tea Prefix tea", "/coffee Prefix coffee", milk};
    QTest::newRow("listen-ports")
        << nginxOrg({"listen-ports: \"80,8080\"", "listen-ports-ssl: \"443,8443\""}) << false
        << plain << false
        << QStringList{":6:5: warning: annotation 'nginx.org/listen-ports' is not translated: "
                       "the topology's listeners are the import's own, not the Ingress's; add "
                       "plain HTTP listeners on port(s) 80, 8080 by hand, and list them in the "
                       "host's listeners [import]",
                       ":7:5: warning: annotation 'nginx.org/listen-ports-ssl' is not "
                       "translated: the topology's listeners are the import's own, not the "
                       "Ingress's; add TLS listeners on port(s) 443, 8443 by hand, and list them "
                       "in the host's listeners [import]",
                       ":6:5: note: 0 of 2 annotations translated"};
    QTest::newRow("ssl-services, grpc-services")
        << nginxOrg({"ssl-services: \"tea\"", "grpc-services: \"tea,coffee\""}) << false << plain
        << false
        << QStringList{":6:5: warning: annotation 'nginx.org/ssl-services' is not translated: "
                       "not yet translatable: the topology speaks HTTP/1.1 over plain TCP to "
                       "backends (backend protocols arrive with HTTP/2 support); the services "
                       "tea expect TLS [import]",
                       ":7:5: warning: annotation 'nginx.org/grpc-services' is not translated: "
                       "not yet translatable: the topology speaks HTTP/1.1 over plain TCP to "
                       "backends (backend protocols arrive with HTTP/2 support); the services "
                       "tea, coffee expect gRPC (HTTP/2) [import]"};
    QTest::newRow("together")
        << nginxOrg({"redirect-to-https: \"true\"", "proxy-set-headers: \"X-Env: prod\"",
                     "proxy-hide-headers: Server", "rewrites: \"serviceName=coffee rewrite=/b\"",
                     "path-regex: exact", "hsts: \"true\""})
        << true
        << QStringList{"/tea Exact tea set X-Env=prod remove Server",
                       "/coffee Exact coffee rewrite /b set X-Env=prod remove Server", milk}
        << true << QStringList{all.arg(6)};
}

void TestNginxOrgAnnotations::translated() {
    QFETCH(QByteArray, annotations);
    QFETCH(bool, tls);
    QFETCH(QStringList, routes);
    QFETCH(bool, sslRedirect);
    QFETCH(QStringList, report);
    const ImportResult result = import(annotations, tls);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(result.topology.hosts.size(), 1);
    const VirtualHost &host = result.topology.hosts.front();
    QStringList texts;
    for (const Route &route : host.routes)
        texts << routeText(route);
    QCOMPARE(texts, routes);
    QCOMPARE(host.sslRedirect == true, sslRedirect);
    expectReportAndValid(result.diagnostics, report, result.topology);
}

// The engine's view: which routes the imported paths match, and the path sent upstream.
void TestNginxOrgAnnotations::compiled() {
    const auto answers = [](const QByteArray &annotations) {
        const ImportResult result = import(annotations);
        const auto table = RoutingTable::compile(result.topology);
        QStringList texts;
        for (const char *path : {"/tea/green", "/TEA/green", "/coffee/mocha", "/milk"})
            texts << answer(*table, QString::fromLatin1(path), {}, "cafe.example.com");
        return texts;
    };
    QCOMPARE(answers(nginxOrg({"rewrites: \"serviceName=tea rewrite=/;serviceName=coffee "
                               "rewrite=/beans/\""})),
             (QStringList{"tea /green", "404", "coffee /beans/mocha", "milk /milk"}));
    QCOMPARE(
        answers(nginxOrg({"path-regex: case_insensitive"})),
        (QStringList{"tea /tea/green", "tea /TEA/green", "coffee /coffee/mocha", "milk /milk"}));
    QCOMPARE(answers(nginxOrg({"path-regex: case_sensitive"})),
             (QStringList{"tea /tea/green", "404", "coffee /coffee/mocha", "milk /milk"}));
    QCOMPARE(answers(nginxOrg({"path-regex: exact"})),
             (QStringList{"404", "404", "404", "milk /milk"}));
}

QTEST_GUILESS_MAIN(TestNginxOrgAnnotations)
#include "tst_nginxorgannotations.moc"
