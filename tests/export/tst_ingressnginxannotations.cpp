// ingress-nginx annotations imported onto the topology's routes, splits, matches and redirects,
// checked by routing requests through the imported topology as the engine does; the ones the
// topology cannot say yet are reported at their place with the reason, and counted.
#include "export/kubernetesimporter.h"
#include "model/validation/validator.h"
#include "tests/export/ingressnginxtesthelpers.h"

#include <QTest>

using namespace ingress;
using namespace ingress::ingressnginxtest;

class TestIngressNginxAnnotations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void translated_data();
    void translated();
    void reportedWithReason();
    void routeLimits();
    void migrationGuideExample();
};

void TestIngressNginxAnnotations::translated_data() {
    QTest::addColumn<QByteArray>("main");   // annotations of the main Ingress
    QTest::addColumn<QByteArray>("canary"); // annotations of the canary Ingress, or none
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("header"); // "Name: value" or empty
    QTest::addColumn<QString>("expected");

    const QByteArray byHeader = "    nginx.ingress.kubernetes.io/canary-by-header: X-Canary\n";
    QTest::newRow("canary header always")
        << QByteArray() << byHeader << "/x" << QByteArray("X-Canary: always") << "food-canary /x";
    QTest::newRow("canary header never")
        << QByteArray() << byHeader << "/x" << QByteArray("X-Canary: never") << "food /x";
    QTest::newRow("canary no header")
        << QByteArray() << byHeader << "/x" << QByteArray() << "food /x";
    const QByteArray byValue =
        byHeader + "    nginx.ingress.kubernetes.io/canary-by-header-value: \"yes\"\n";
    QTest::newRow("canary header value")
        << QByteArray() << byValue << "/" << QByteArray("X-Canary: yes") << "food-canary /";
    QTest::newRow("canary header other value")
        << QByteArray() << byValue << "/" << QByteArray("X-Canary: always") << "food /";
    const QByteArray byPattern =
        byHeader + "    nginx.ingress.kubernetes.io/canary-by-header-pattern: \"v2.*\"\n";
    QTest::newRow("canary header pattern")
        << QByteArray() << byPattern << "/" << QByteArray("X-Canary: v2beta") << "food-canary /";
    QTest::newRow("canary header pattern miss")
        << QByteArray() << byPattern << "/" << QByteArray("X-Canary: v1") << "food /";
    const QByteArray byCookie = "    nginx.ingress.kubernetes.io/canary-by-cookie: beta\n";
    QTest::newRow("canary cookie")
        << QByteArray() << byCookie << "/" << QByteArray("Cookie: a=1; beta=always; b=2")
        << "food-canary /";
    QTest::newRow("canary cookie never")
        << QByteArray() << byCookie << "/" << QByteArray("Cookie: beta=never") << "food /";
    QTest::newRow("canary cookie of another name")
        << QByteArray() << byCookie << "/" << QByteArray("Cookie: alpha=always") << "food /";
    QTest::newRow("permanent redirect")
        << QByteArray("    nginx.ingress.kubernetes.io/permanent-redirect: "
                      "https://www.example.org/new\n")
        << QByteArray() << "/old" << QByteArray() << "301 https://www.example.org/new";
    QTest::newRow("permanent redirect code")
        << QByteArray("    nginx.ingress.kubernetes.io/permanent-redirect: https://example.org\n"
                      "    nginx.ingress.kubernetes.io/permanent-redirect-code: \"308\"\n")
        << QByteArray() << "/old" << QByteArray() << "308 https://example.org/";
    QTest::newRow("temporal redirect")
        << QByteArray("    nginx.ingress.kubernetes.io/temporal-redirect: http://example.org/t\n")
        << QByteArray() << "/" << QByteArray() << "302 http://example.org/t";
    const QByteArray appRoot = "    nginx.ingress.kubernetes.io/app-root: /app1\n";
    QTest::newRow("app-root") << appRoot << QByteArray() << "/" << QByteArray()
                              << "302 http://food.bar.com/app1";
    QTest::newRow("app-root elsewhere")
        << appRoot << QByteArray() << "/x" << QByteArray() << "food /x";
}

void TestIngressNginxAnnotations::translated() {
    QFETCH(QByteArray, main);
    QFETCH(QByteArray, canary);
    QFETCH(QString, path);
    QFETCH(QByteArray, header);
    QFETCH(QString, expected);
    KubernetesImporter importer;
    importer.addData(manifests(main, canary), QStringLiteral("annotated.yaml"));
    const ImportResult result = importer.finish({});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const Diagnostics problems = Validator::validate(result.topology);
    QVERIFY2(!hasErrors(problems), qPrintable(dump(problems)));
    QVERIFY2(!dump(result.diagnostics).contains(u"not translated"),
             qPrintable(dump(result.diagnostics)));
    const auto table = RoutingTable::compile(result.topology);
    QCOMPARE(answer(*table, path, header), expected);
}

// What the topology cannot say is a warning at the annotation, with the reason; a note counts.
void TestIngressNginxAnnotations::reportedWithReason() {
    KubernetesImporter importer;
    importer.addData(manifests("    nginx.ingress.kubernetes.io/backend-protocol: GRPC\n"
                               "    nginx.ingress.kubernetes.io/proxy-body-size: 8m\n"
                               "    nginx.ingress.kubernetes.io/configuration-snippet: |\n"
                               "      gzip on;\n",
                               {}),
                     QStringLiteral("annotated.yaml"));
    const ImportResult result = importer.finish({});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const QString report = dump(result.diagnostics);
    QVERIFY2(report.contains(QStringLiteral(
                 "annotated.yaml:6:5: warning: annotation "
                 "'nginx.ingress.kubernetes.io/backend-protocol' is not translated: the topology "
                 "speaks HTTP/1.1 to backends")),
             qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("warning: annotation "
                                            "'nginx.ingress.kubernetes.io/configuration-snippet', "
                                            "line 1: 'gzip on;' is not translated: 'gzip' has no "
                                            "equivalent in the topology")),
             qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("1 of 3 annotations translated; not translated: "
                                            "nginx.ingress.kubernetes.io/backend-protocol, "
                                            "nginx.ingress.kubernetes.io/configuration-snippet")),
             qPrintable(report));
}

// proxy-body-size and the proxy timeouts are the route's limits.
void TestIngressNginxAnnotations::routeLimits() {
    KubernetesImporter importer;
    importer.addData(manifests("    nginx.ingress.kubernetes.io/proxy-body-size: 8m\n"
                               "    nginx.ingress.kubernetes.io/proxy-read-timeout: \"120\"\n"
                               "    nginx.ingress.kubernetes.io/proxy-send-timeout: \"30\"\n",
                               {}),
                     QStringLiteral("annotated.yaml"));
    const ImportResult result = importer.finish({});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const Route &route = result.topology.hosts.value(0).routes.value(0);
    QCOMPARE(route.maxBodySize, std::optional<qint64>(8 * 1024 * 1024));
    QCOMPARE(route.timeout, std::optional<Duration>(Duration(120'000)));
}

// docs/migrating-from-ingress-nginx.md shows this example's import report and answers.
void TestIngressNginxAnnotations::migrationGuideExample() {
    const ImportResult result = KubernetesImporter::importFiles(
        {QStringLiteral(INGRESS_SOURCE_DIR "/docs/examples/ingress-nginx-shop.yaml")},
        {{QStringLiteral("shop/storefront"), QStringLiteral("127.0.0.1:9101")},
         {QStringLiteral("shop/storefront-v2"), QStringLiteral("127.0.0.1:9102")},
         {QStringLiteral("shop/api"), QStringLiteral("127.0.0.1:9103")},
         {QStringLiteral("shop/admin"), QStringLiteral("127.0.0.1:9104")}});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const QString report = dump(result.diagnostics);
    for (const char *line : {":38:5: note: 2 of 2 annotations translated",
                             ":60:5: note: 3 of 3 annotations translated",
                             ":83:5: note: ingress-nginx answers 503 to a client over limit-rps",
                             ":80:5: note: 4 of 4 annotations translated",
                             ":101:5: note: 2 of 2 annotations translated"})
        QVERIFY2(report.contains(QString::fromLatin1(line)), qPrintable(report));
    QVERIFY2(!report.contains(u"not translated"), qPrintable(report));
    const Diagnostics problems = Validator::validate(result.topology);
    QVERIFY2(!hasErrors(problems), qPrintable(dump(problems)));
    const auto table = RoutingTable::compile(result.topology);
    const char *shop = "shop.example.com";
    const int https = 1; // the import's listeners: http, https
    QCOMPARE(answer(*table, "/cart", {}, shop), "308 https://shop.example.com:8443/cart");
    QCOMPARE(answer(*table, "/cart", "X-Canary: always", shop, https), "storefront-v2 /cart");
    QCOMPARE(answer(*table, "/api/orders/7", {}, shop, https), "api /orders/7");
    QCOMPARE(answer(*table, "/", {}, "admin.shop.example.com"),
             "302 http://admin.shop.example.com/dashboard");
    // The policies: the API's rate limit, the admin app's allow list.
    const auto policyOf = [&](const char *host, const char *path) {
        HeaderList headers;
        RequestInfo request;
        request.host = host;
        request.path = path;
        request.headers = &headers;
        const RouteMatch match = table->match(request);
        QStringList lines;
        if (match.route && match.route->policy >= 0)
            for (const std::string &line :
                 table->policies().at(std::size_t(match.route->policy)).describe())
                lines << QString::fromStdString(line);
        return lines.join(QStringLiteral("; "));
    };
    QCOMPARE(policyOf(shop, "/api/orders/7"),
             "rate limit 20 per second, burst 100, by client address");
    QCOMPARE(policyOf(shop, "/cart"), QString());
    QCOMPARE(policyOf("admin.shop.example.com", "/dashboard"), "allow 10.0.0.0/8, deny the rest");
}

QTEST_GUILESS_MAIN(TestIngressNginxAnnotations)
#include "tst_ingressnginxannotations.moc"
