#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

// `ingress-studio-cli validate`, run as a user would run it: the output lines, their
// FILE:LINE:COL positions, --json and the exit codes are a contract scripts rely on.
class TestCliValidate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validate_data();
    void validate();
    void json();

private:
    struct Result {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Result run(const QStringList &args);
    static QString data(const QString &name) {
        return QStringLiteral(INGRESS_TEST_DATA "/") + name;
    }
};

TestCliValidate::Result TestCliValidate::run(const QStringList &args) {
    QProcess process;
    // The keychain is asked about `privateKey: keychain`; keep it out of these tests.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    env.remove(QStringLiteral("DISPLAY"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(INGRESS_BIN_DIR "/ingress-studio-cli"),
                  QStringList{QStringLiteral("validate")} + args);
    if (!process.waitForFinished(30000))
        return {};
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void TestCliValidate::validate_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("lines"); // each must appear in stdout, after FILE:

    QTest::newRow("example is valid")
        << QStringList{QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml")} << 0
        << QStringList{};
    QTest::newRow("semantic errors with positions")
        << QStringList{data("validate-broken.yaml")} << 1
        << QStringList{
               ":13:15: error: service 'api': nodePort 80 is outside 30000-32767",
               ":21:18: error:",
               "[unknown-service]",
               ":22:15: error:",
               "[invalid-path]",
               ":25:11: error:",
               "[duplicate-host]",
           };
    QTest::newRow("load errors are problems too")
        << QStringList{data("validate-syntax.yaml")} << 1
        << QStringList{":6:5: warning:", "'protocoll'", "[unknown-field]",
                       ":9:11: error:", "[invalid-value]"};
    QTest::newRow("YAML syntax error") << QStringList{data("validate-yaml.yaml")} << 1
                                       << QStringList{"validate-yaml.yaml:", "[yaml-syntax]"};
    QTest::newRow("missing file") << QStringList{data("no-such-file.yaml")} << 2
                                  << QStringList{"[file-unreadable]"};
    QTest::newRow("no file argument") << QStringList{} << 2 << QStringList{};
    QTest::newRow("unknown option")
        << QStringList{"--frobnicate", data("x.yaml")} << 2 << QStringList{};
    QTest::newRow("help") << QStringList{"--help"} << 0
                          << QStringList{"Usage: ingress-studio-cli validate"};
}

void TestCliValidate::validate() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QStringList, lines);
    const Result result = run(args);
    QCOMPARE(result.exitCode, exitCode);
    for (const QString &line : lines)
        QVERIFY2(result.out.contains(line),
                 qPrintable(line + QStringLiteral("\nnot in:\n") + result.out));
    if (exitCode == 0 && lines.isEmpty())
        QVERIFY2(!result.out.contains(QStringLiteral(": error:")), qPrintable(result.out));
}

void TestCliValidate::json() {
    const Result result = run({QStringLiteral("--json"), data("validate-broken.yaml")});
    QCOMPARE(result.exitCode, 1);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(result.out.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc.isArray());
    const QJsonArray problems = doc.array();
    QVERIFY(problems.size() >= 4);
    bool sawUnknownService = false;
    for (const QJsonValue &value : problems) {
        const QJsonObject problem = value.toObject();
        for (const char *key : {"file", "line", "column", "severity", "message", "rule"})
            QVERIFY2(problem.contains(QLatin1String(key)), key);
        if (problem[QLatin1String("rule")].toString() == u"unknown-service") {
            sawUnknownService = true;
            QCOMPARE(problem[QLatin1String("line")].toInt(), 21);
            QCOMPARE(problem[QLatin1String("column")].toInt(), 18);
            QCOMPARE(problem[QLatin1String("severity")].toString(), QStringLiteral("error"));
        }
    }
    QVERIFY(sawUnknownService);
}

QTEST_GUILESS_MAIN(TestCliValidate)
#include "tst_cli_validate.moc"
