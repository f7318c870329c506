#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

// `ingress-studio-cli explain`, run as a user would run it.
class TestCliExplain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void explain_data();
    void explain();
};

void TestCliExplain::explain_data() {
    QTest::addColumn<QStringList>("args"); // $SHOP, $NODEFAULT, $ERRORS: file paths
    QTest::addColumn<int>("exitCode");
    // With --json: these keys must have exactly these values.
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("stdoutPart");
    QTest::addColumn<QString>("stderrPart");

    QTest::newRow("prefix with rewrite")
        << QStringList{"$SHOP", "https://abc.bar.com:8443/api/users?page=2", "--json"} << 0
        << R"({"matched":true,"host":"abc.bar.com","service":"abc","listener":"websecure",
              "route":{"path":"/api","pathType":"Prefix","index":0,"match":0},
              "upstreamPath":"/users?page=2","redirect":null,"viaDefaultService":false})"
        << ""
        << "";
    QTest::newRow("HTTP to HTTPS redirect")
        << QStringList{"$SHOP", "http://food.bar.com:8080/menu", "--json"} << 0
        << R"({"matched":true,"host":"food.bar.com","service":"food","listener":"web",
              "redirect":{"code":308,"location":"https://food.bar.com:8443/menu"}})"
        << ""
        << "";
    QTest::newRow("exact route")
        << QStringList{"$SHOP", "https://abc.bar.com:8443/login", "--json"} << 0
        << R"({"route":{"path":"/login","pathType":"Exact","index":1,"match":0},"service":"abc",
              "upstreamPath":"/login"})"
        << ""
        << "";
    QTest::newRow("regex with method and header")
        << QStringList{"$SHOP", "https://abc.bar.com:8443/v3/items",
                       "-X",    "HEAD",
                       "-H",    "X-Canary: true",
                       "--json"}
        << 0 << R"({"route":{"path":"^/v[0-9]+/items$","pathType":"Regex","index":2,"match":0},
              "service":"food","viaDefaultService":false})"
        << ""
        << "";
    QTest::newRow("regex method not allowed: default service")
        << QStringList{"$SHOP", "https://abc.bar.com:8443/v3/items",
                       "-X",    "POST",
                       "-H",    "X-Canary: true",
                       "--json"}
        << 0 << R"({"matched":true,"host":"abc.bar.com","route":null,"service":"fallback",
              "viaDefaultService":true,"upstreamPath":"/v3/items"})"
        << ""
        << "";
    QTest::newRow("regex header missing: default service")
        << QStringList{"$SHOP", "https://abc.bar.com:8443/v3/items", "--json"} << 0
        << R"({"route":null,"viaDefaultService":true})"
        << ""
        << "";
    QTest::newRow("wildcard one label")
        << QStringList{"$SHOP", "https://shop.bar.com:8443/cart", "--json"} << 0
        << R"({"host":"*.bar.com","service":"fallback","viaDefaultService":false})"
        << ""
        << "";
    QTest::newRow("wildcard not two labels")
        << QStringList{"$SHOP", "https://a.b.bar.com:8443/", "--json"} << 0
        << R"({"host":null,"route":null,"service":"fallback","viaDefaultService":true})"
        << ""
        << "";
    QTest::newRow("no listener on the port")
        << QStringList{"$SHOP", "http://food.bar.com:1234/", "--json"} << 0
        << R"({"listener":null,"redirect":null,"service":"food"})"
        << ""
        << "";
    QTest::newRow("human text") << QStringList{"$SHOP", "http://abc.bar.com:8080/login"} << 0 << ""
                                << "route     #2 Exact /login"
                                << "";
    QTest::newRow("human text trace")
        << QStringList{"$SHOP",     "https://abc.bar.com:8443/v1/items",
                       "--request", "POST",
                       "--header",  "X-Canary: true"}
        << 0 << ""
        << "method POST not in [GET, HEAD]"
        << "";
    QTest::newRow("nothing matches: 404")
        << QStringList{"$NODEFAULT", "http://x.foo.com:8080/other", "--json"} << 1
        << R"({"matched":false,"host":"x.foo.com","service":null,"upstreamPath":null})"
        << ""
        << "";
    QTest::newRow("no fall-through in text")
        << QStringList{"$NODEFAULT", "http://x.foo.com:8080/other"} << 1 << ""
        << "no fall-through"
        << "";
    QTest::newRow("wildcard without exact host")
        << QStringList{"$NODEFAULT", "http://y.foo.com:8080/other", "--json"} << 0
        << R"({"host":"*.foo.com","service":"wild"})"
        << ""
        << "";
    QTest::newRow("validation errors: note, still explained")
        << QStringList{"$ERRORS", "http://a.test:8080/ghost/x", "--json"} << 0
        << R"({"matched":true,"host":"a.test","service":null,
              "route":{"path":"/ghost","pathType":"Prefix","index":0,"match":0}})"
        << ""
        << "has errors; explaining it as it stands";
    QTest::newRow("validation errors: other route")
        << QStringList{"$ERRORS", "http://a.test:8080/x", "--json"} << 0 << R"({"service":"real"})"
        << ""
        << "ghost";
    QTest::newRow("bad URL") << QStringList{"$SHOP", "not a url"} << 2 << ""
                             << ""
                             << "is not a valid URL";
    QTest::newRow("bad header") << QStringList{"$SHOP", "http://a.test/", "-H", "NoColon"} << 2
                                << ""
                                << ""
                                << "has no ':'";
    QTest::newRow("missing file") << QStringList{"/nonexistent/topology.yaml", "http://a.test/"}
                                  << 2 << ""
                                  << ""
                                  << "";
    QTest::newRow("missing URL") << QStringList{"$SHOP"} << 2 << ""
                                 << ""
                                 << "expected FILE and URL";
    QTest::newRow("unknown option")
        << QStringList{"$SHOP", "http://a.test/", "--frobnicate"} << 2 << ""
        << ""
        << "frobnicate";
    QTest::newRow("help") << QStringList{"--help"} << 0 << ""
                          << "--header"
                          << "";
}

void TestCliExplain::explain() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, json);
    QFETCH(QString, stdoutPart);
    QFETCH(QString, stderrPart);
    args.replaceInStrings(QStringLiteral("$SHOP"),
                          QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml"));
    args.replaceInStrings(QStringLiteral("$NODEFAULT"),
                          QStringLiteral(INGRESS_TEST_DATA "/explain-nodefault.yaml"));
    args.replaceInStrings(QStringLiteral("$ERRORS"),
                          QStringLiteral(INGRESS_TEST_DATA "/explain-errors.yaml"));
    args.prepend(QStringLiteral("explain"));

    QProcess cli;
    cli.start(QStringLiteral(INGRESS_BIN_DIR "/ingress-studio-cli"), args);
    QVERIFY2(cli.waitForFinished(30000), "ingress-studio-cli did not finish in time");
    const QString out = QString::fromUtf8(cli.readAllStandardOutput());
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    const QByteArray context = ("stdout:\n" + out + "\nstderr:\n" + err).toUtf8();
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(cli.exitCode() == exitCode, context.constData());
    if (!stdoutPart.isEmpty())
        QVERIFY2(out.contains(stdoutPart), context.constData());
    if (!stderrPart.isEmpty())
        QVERIFY2(err.contains(stderrPart), context.constData());
    if (!json.isEmpty()) {
        QJsonParseError error{};
        const QJsonObject actual = QJsonDocument::fromJson(out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, context.constData());
        const QJsonObject expected = QJsonDocument::fromJson(json.toUtf8()).object();
        QVERIFY(!expected.isEmpty());
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            QVERIFY2(actual.contains(it.key()), qPrintable(it.key()));
            QCOMPARE(actual.value(it.key()), it.value());
        }
        QVERIFY(actual.value(QStringLiteral("trace")).isArray());
    }
}

QTEST_GUILESS_MAIN(TestCliExplain)
#include "tst_cli_explain.moc"
