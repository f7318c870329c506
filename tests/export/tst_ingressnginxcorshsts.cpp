// ingress-nginx's CORS annotations (enable-cors, cors-*) and F5 NGINX Ingress Controller's HSTS
// ones (nginx.org/hsts*) imported as the cors and securityHeaders of the routes their Ingress
// contributes, checked field by field, through the compiled policy, and saved and loaded back;
// what does not translate is reported at its place with the reason, and counted.
#include "export/kubernetesimporter.h"
#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"
#include "tests/export/ingressnginxtesthelpers.h"

#include <QTest>

using namespace ingress;
using namespace ingress::ingressnginxtest;

namespace {

// A route's CORS and security headers on one line: "cors ORIGINS [methods M] [headers H]
// [expose E] [credentials] [maxAge N]; hsts MAXAGE [subdomains] [preload]", or "none".
QString policyText(const Policy &policy) {
    QStringList parts;
    if (const auto &cors = policy.cors) {
        QString text =
            QStringLiteral("cors ") +
            (cors->allowOrigins.isEmpty() ? QStringLiteral("[]") : cors->allowOrigins.join(u','));
        for (const auto &[name, list] :
             {std::pair{"methods", &cors->allowMethods}, std::pair{"headers", &cors->allowHeaders},
              std::pair{"expose", &cors->exposeHeaders}})
            if (!list->isEmpty())
                text += QStringLiteral(" %1 %2").arg(QLatin1StringView(name), list->join(u','));
        if (cors->allowCredentials)
            text += QStringLiteral(" credentials");
        if (cors->maxAge)
            text += QStringLiteral(" maxAge %1").arg(*cors->maxAge);
        parts << text;
    }
    if (policy.securityHeaders && policy.securityHeaders->hsts) {
        const Hsts &hsts = *policy.securityHeaders->hsts;
        parts << QStringLiteral("hsts %1%2%3")
                     .arg(hsts.maxAge)
                     .arg(hsts.includeSubdomains ? QStringLiteral(" subdomains") : QString(),
                          hsts.preload ? QStringLiteral(" preload") : QString());
    }
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral("; "));
}

ImportResult import(const QByteArray &annotations, const QByteArray &canary = {}) {
    KubernetesImporter importer;
    importer.addData(manifests(annotations, canary), QStringLiteral("annotated.yaml"));
    return importer.finish({});
}

} // namespace

class TestIngressNginxCorsHsts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void translated_data();
    void translated();
    void compiled();
    void canary();
    void roundTrip_data();
    void roundTrip();
};

void TestIngressNginxCorsHsts::translated_data() {
    QTest::addColumn<QByteArray>("annotations"); // of the Ingress food.bar.com/ -> food
    QTest::addColumn<QString>("policy");         // of its first route (policyText)
    QTest::addColumn<QStringList>("report");     // lines of the import report

    const QString all = QStringLiteral(":6:5: note: %1 of %1 annotations translated [import]");
    const QString anyOrigin = QStringLiteral(
        "ingress-nginx answers any origin with 'Access-Control-Allow-Origin: *' and "
        "'Access-Control-Allow-Credentials: true'%1, which browsers refuse for requests with "
        "cookies or a password; the import leaves allowCredentials off, which keeps that "
        "(echoing every origin with credentials would let any web site read these routes as "
        "their signed-in users): to allow credentials, list the origins in cors-allow-origin "
        "[import]");
    QTest::newRow("enable-cors") << nginx({"enable-cors: \"true\""}) << "cors *"
                                 << QStringList{
                                        QStringLiteral(":6:5: note: ") +
                                            anyOrigin.arg(" (cors-allow-credentials defaults "
                                                          "to true)"),
                                        all.arg(1)};
    QTest::newRow("origins, credentials by default")
        << nginx({"enable-cors: \"True\"",
                  "cors-allow-origin: \"https://app.example.com, https://*.example.com\""})
        << "cors https://app.example.com,https://*.example.com credentials"
        << QStringList{":7:52: note: annotation 'nginx.ingress.kubernetes.io/cors-allow-origin': "
                       "a wildcard origin ('https://*.example.com') stands for one label or "
                       "more in the topology; ingress-nginx matched exactly one [import]",
                       all.arg(2)};
    QTest::newRow("bad origins left out")
        << nginx({"enable-cors: \"true\"",
                  "cors-allow-origin: \"https://app.example.com, app.example.com/, http://\""})
        << "cors https://app.example.com credentials"
        << QStringList{":7:52: warning: annotation "
                       "'nginx.ingress.kubernetes.io/cors-allow-origin': 'app.example.com/' is "
                       "not an origin (https://app.example.com, https://*.example.com or *); "
                       "left out, as ingress-nginx does [import]",
                       ":7:52: warning: annotation "
                       "'nginx.ingress.kubernetes.io/cors-allow-origin': 'http://' is not an "
                       "origin (https://app.example.com, https://*.example.com or *); left out "
                       "(no browser sends it as its Origin) [import]",
                       ":6:5: note: 1 of 2 annotations translated; not translated: "
                       "nginx.ingress.kubernetes.io/cors-allow-origin [import]"};
    QTest::newRow("no origin left")
        << nginx({"enable-cors: \"true\"", "cors-allow-origin: app.example.com/"})
        << "cors [] credentials"
        << QStringList{":7:52: warning: annotation "
                       "'nginx.ingress.kubernetes.io/cors-allow-origin' has no origin left: the "
                       "routes answer no cross-origin request (allowOrigins: []), as "
                       "ingress-nginx does [import]"};
    QTest::newRow("* among origins")
        << nginx({"enable-cors: \"true\"", "cors-allow-origin: \"https://app.example.com, *\""})
        << "cors *" << QStringList{all.arg(2)};
    QTest::newRow("* with credentials asked for")
        << nginx({"enable-cors: \"true\"", "cors-allow-credentials: \"true\""}) << "cors *"
        << QStringList{QStringLiteral(":7:5: warning: ") + anyOrigin.arg(QString()), all.arg(2)};
    QTest::newRow("every field")
        << nginx({"enable-cors: \"true\"", "cors-allow-methods: \"GET, POST\"",
                  "cors-allow-headers: X-Api-Key,Content-Type",
                  "cors-expose-headers: \"X-Request-Id, *\"", "cors-allow-credentials: \"false\"",
                  "cors-max-age: \"600\""})
        << "cors * methods GET,POST headers X-Api-Key,Content-Type expose X-Request-Id,* maxAge "
           "600"
        << QStringList{all.arg(6)};
    // As the Kubernetes export writes them: the defaults stay defaults.
    QTest::newRow("defaults written out")
        << nginx({"enable-cors: \"true\"", "cors-allow-origin: \"*\"",
                  "cors-allow-methods: \"GET, PUT, POST, DELETE, PATCH, OPTIONS\"",
                  "cors-allow-headers: \"DNT, Keep-Alive, User-Agent, X-Requested-With, "
                  "If-Modified-Since, Cache-Control, Content-Type, Range, Authorization\"",
                  "cors-allow-credentials: \"false\"", "cors-max-age: \"1728000\""})
        << "cors *" << QStringList{all.arg(6)};
    QTest::newRow("methods not a list")
        << nginx({"enable-cors: \"true\"", "cors-allow-methods: GET;DROP",
                  "cors-allow-credentials: \"false\""})
        << "cors *"
        << QStringList{":7:53: warning: annotation "
                       "'nginx.ingress.kubernetes.io/cors-allow-methods': 'GET;DROP' is not a "
                       "list of methods (GET, PUT, POST); ingress-nginx then sends its default "
                       "methods (GET, PUT, POST, DELETE, PATCH, OPTIONS), and so does the import "
                       "[import]",
                       ":6:5: note: 2 of 3 annotations translated"};
    QTest::newRow("headers not a list")
        << nginx({"enable-cors: \"true\"", "cors-allow-headers: X-Api-Key:1",
                  "cors-allow-credentials: \"false\""})
        << "cors *"
        << QStringList{":7:53: warning: annotation "
                       "'nginx.ingress.kubernetes.io/cors-allow-headers': 'X-Api-Key:1' is not "
                       "a list of header names (X-Api-Key, Content-Type); ingress-nginx then "
                       "sends its default headers, and so does the import [import]"};
    QTest::newRow("max age not a number")
        << nginx({"enable-cors: \"true\"", "cors-max-age: 1d", "cors-allow-credentials: \"0\""})
        << "cors *"
        << QStringList{":7:47: warning: annotation 'nginx.ingress.kubernetes.io/cors-max-age': "
                       "'1d' is not a number of seconds; ingress-nginx then sends 1728000 (20 "
                       "days), and so does the import [import]"};
    QTest::newRow("enable-cors not a boolean")
        << nginx({"enable-cors: \"yes\""}) << "none"
        << QStringList{":6:46: warning: annotation 'nginx.ingress.kubernetes.io/enable-cors': "
                       "'yes' is not true or false; ingress-nginx reads it as false (no CORS), "
                       "and so does the import [import]"};
    QTest::newRow("cors-* without enable-cors")
        << nginx({"cors-allow-origin: https://app.example.com"}) << "none"
        << QStringList{":6:5: warning: annotation "
                       "'nginx.ingress.kubernetes.io/cors-allow-origin' is not translated: there "
                       "is no enable-cors: \"true\", without which ingress-nginx ignores the "
                       "cors-* annotations [import]",
                       ":6:5: note: 0 of 1 annotations translated"};
    QTest::newRow("enable-cors false")
        << nginx({"enable-cors: \"false\"", "cors-max-age: \"5\""}) << "none"
        << QStringList{":7:5: warning: annotation 'nginx.ingress.kubernetes.io/cors-max-age' is "
                       "not translated: enable-cors is not \"true\", and ingress-nginx ignores "
                       "the cors-* annotations without it [import]",
                       ":6:5: note: 1 of 2 annotations translated"};
    QTest::newRow("custom-headers")
        << nginx({"custom-headers: ingress-nginx/food-headers"}) << "none"
        << QStringList{":6:5: warning: annotation 'nginx.ingress.kubernetes.io/custom-headers' "
                       "is not translated: it names a ConfigMap of response headers, which the "
                       "import does not read; write Strict-Transport-Security, "
                       "X-Content-Type-Options, Referrer-Policy and X-Frame-Options as the "
                       "routes' policy.securityHeaders, any other as their responseHeaders (set) "
                       "[import]"};

    const QString preload = QStringLiteral(
        ":6:5: note: F5 NGINX Ingress Controller always adds 'preload' to "
        "Strict-Transport-Security, and so does the import (hsts preload: true) [import]");
    QTest::newRow("hsts") << nginxOrg({"hsts: \"true\""}) << "hsts 2592000 preload"
                          << QStringList{preload, all.arg(1)};
    QTest::newRow("hsts fields") << nginxOrg({"hsts: \"True\"", "hsts-max-age: \"31536000\"",
                                              "hsts-include-subdomains: \"true\"",
                                              "hsts-behind-proxy: \"false\""})
                                 << "hsts 31536000 subdomains preload"
                                 << QStringList{preload, all.arg(4)};
    QTest::newRow("hsts behind a proxy")
        << nginxOrg({"hsts: \"true\"", "hsts-behind-proxy: \"true\""}) << "hsts 2592000 preload"
        << QStringList{":7:5: warning: annotation 'nginx.org/hsts-behind-proxy' is not "
                       "translated: the proxy sends Strict-Transport-Security on its own TLS "
                       "connections only, never because of X-Forwarded-Proto: behind a proxy "
                       "that terminates TLS it sees plain HTTP and sends no HSTS; have that "
                       "proxy send the header, or give the host a certificate so that clients "
                       "reach this proxy over TLS [import]",
                       ":6:5: note: 1 of 2 annotations translated; not translated: "
                       "nginx.org/hsts-behind-proxy [import]"};
    QTest::newRow("hsts false") << nginxOrg({"hsts: \"false\"", "hsts-max-age: \"60\""}) << "none"
                                << QStringList{":7:5: warning: annotation 'nginx.org/hsts-max-age' "
                                               "is not translated: nginx.org/hsts is \"false\", "
                                               "and F5 NGINX Ingress Controller ignores it then "
                                               "[import]",
                                               ":6:5: note: 1 of 2 annotations translated"};
    QTest::newRow("hsts-max-age without hsts")
        << nginxOrg({"hsts-max-age: \"60\""}) << "none"
        << QStringList{":6:5: warning: annotation 'nginx.org/hsts-max-age' is not translated: "
                       "there is no nginx.org/hsts: \"true\", without which F5 NGINX Ingress "
                       "Controller ignores it [import]"};
    QTest::newRow("hsts with a bad field")
        << nginxOrg({"hsts: \"true\"", "hsts-max-age: month"}) << "none"
        << QStringList{":7:29: warning: annotation 'nginx.org/hsts-max-age': 'month' is not "
                       "valid; F5 NGINX Ingress Controller then skips every HSTS annotation of "
                       "the Ingress, and so does the import [import]",
                       ":6:5: warning: annotation 'nginx.org/hsts' is not translated: another "
                       "HSTS annotation is not valid, and F5 NGINX Ingress Controller then skips "
                       "them all [import]",
                       ":6:5: note: 0 of 2 annotations translated"};
    QTest::newRow("hsts not a boolean")
        << nginxOrg({"hsts: \"on\""}) << "none"
        << QStringList{":6:21: warning: annotation 'nginx.org/hsts': 'on' is not true or false; "
                       "F5 NGINX Ingress Controller then sends no HSTS, and neither does the "
                       "import [import]"};
    QTest::newRow("other nginx.org")
        << nginxOrg({"hsts: \"true\"", "lb-method: least_conn"}) << "hsts 2592000 preload"
        << QStringList{":7:5: warning: annotation 'nginx.org/lb-method' is not translated: of "
                       "F5 NGINX Ingress Controller's annotations the import reads "
                       "nginx.org/hsts, hsts-max-age, hsts-include-subdomains, "
                       "hsts-behind-proxy, redirect-to-https, proxy-set-headers, "
                       "proxy-hide-headers, rewrites and path-regex [import]"};
    QTest::newRow("cors and hsts")
        << nginx({"enable-cors: \"true\"", "cors-allow-origin: https://app.example.com"}) +
               nginxOrg({"hsts: \"true\""})
        << "cors https://app.example.com credentials; hsts 2592000 preload"
        << QStringList{all.arg(3)};
}

void TestIngressNginxCorsHsts::translated() {
    QFETCH(QByteArray, annotations);
    QFETCH(QString, policy);
    QFETCH(QStringList, report);
    const ImportResult result = import(annotations);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const VirtualHost host = result.topology.hosts.value(0);
    QCOMPARE(policyText(host.routes.value(0).policy), policy);
    QVERIFY(host.policy.isEmpty());
    expectReportAndValid(result.diagnostics, report, result.topology);
}

// The engine's view of the imported CORS: which origins it answers, and with what.
void TestIngressNginxCorsHsts::compiled() {
    const ImportResult result =
        import(nginx({"enable-cors: \"true\"",
                      "cors-allow-origin: \"https://app.example.com, https://*.example.com\"",
                      "cors-expose-headers: X-Request-Id", "cors-max-age: \"600\""}) +
               nginxOrg({"hsts: \"true\"", "hsts-include-subdomains: \"true\""}));
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const auto table = RoutingTable::compile(result.topology);
    QCOMPARE(table->policies().size(), std::size_t(1));
    const CompiledPolicy &policy = table->policies().front();
    QVERIFY(policy.cors);
    QVERIFY(policy.cors->allows("https://app.example.com"));
    QVERIFY(policy.cors->allows("https://shop.example.com"));
    QVERIFY(!policy.cors->allows("https://example.org"));
    QCOMPARE(policy.cors->allowOriginValue("https://shop.example.com"),
             std::string_view("https://shop.example.com"));
    QVERIFY(policy.cors->credentials);
    QCOMPARE(policy.cors->methods, std::string("GET, PUT, POST, DELETE, PATCH, OPTIONS"));
    QCOMPARE(policy.cors->expose, std::string("X-Request-Id"));
    QCOMPARE(policy.cors->maxAge, std::string("600"));
    QCOMPARE(policy.hsts, std::string("max-age=2592000; includeSubDomains; preload"));
}

// A canary's requests take the main Ingress's CORS and HSTS; its own are reported.
void TestIngressNginxCorsHsts::canary() {
    const ImportResult result =
        import(nginx({"enable-cors: \"true\"", "cors-allow-credentials: \"false\""}),
               nginx({"canary-by-header: X-Canary", "enable-cors: \"true\""}) +
                   nginxOrg({"hsts: \"true\""}));
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const QList<Route> &routes = result.topology.hosts.value(0).routes;
    QCOMPARE(routes.size(), 2);
    for (const Route &route : routes)
        QCOMPARE(policyText(route.policy), QStringLiteral("cors *"));
    expectReport(result.diagnostics,
                 {":28:5: warning: annotation 'nginx.ingress.kubernetes.io/enable-cors' is not "
                  "translated: a canary Ingress takes the main Ingress's CORS (ingress-nginx "
                  "ignores its own) [import]",
                  ":29:5: warning: annotation 'nginx.org/hsts' is not translated: a canary "
                  "Ingress's routes take the main Ingress's policy [import]"});
}

// Saved and loaded back, the imported topology is the same.
void TestIngressNginxCorsHsts::roundTrip_data() {
    QTest::addColumn<QByteArray>("annotations");
    QTest::newRow("cors defaults") << nginx({"enable-cors: \"true\""});
    QTest::newRow("cors every field")
        << nginx({"enable-cors: \"true\"",
                  "cors-allow-origin: \"https://app.example.com, https://*.example.com\"",
                  "cors-allow-methods: GET, POST", "cors-allow-headers: X-Api-Key",
                  "cors-expose-headers: X-Request-Id", "cors-allow-credentials: \"false\"",
                  "cors-max-age: \"0\""});
    QTest::newRow("no origin") << nginx({"enable-cors: \"true\"", "cors-allow-origin: nowhere"});
    QTest::newRow("hsts") << nginxOrg(
        {"hsts: \"true\"", "hsts-max-age: \"31536000\"", "hsts-include-subdomains: \"true\""});
    QTest::newRow("both") << nginx({"enable-cors: \"true\""}) + nginxOrg({"hsts: \"true\""}) +
                                 nginx({"whitelist-source-range: 10.0.0.0/8"});
}

void TestIngressNginxCorsHsts::roundTrip() {
    QFETCH(QByteArray, annotations);
    const ImportResult result = import(annotations);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const QByteArray yaml = TopologyWriter::toYaml(result.topology);
    const LoadResult loaded = TopologyLoader::loadData(yaml, QStringLiteral("saved.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(dump(loaded.diagnostics) + QString::fromUtf8(yaml)));
    QCOMPARE(loaded.topology->hosts.value(0).routes.value(0).policy,
             result.topology.hosts.value(0).routes.value(0).policy);
    QVERIFY2(*loaded.topology == result.topology, yaml.constData());
}

QTEST_GUILESS_MAIN(TestIngressNginxCorsHsts)
#include "tst_ingressnginxcorshsts.moc"
