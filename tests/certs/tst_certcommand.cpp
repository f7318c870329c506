#include "cli/certcommand.h"
#include "tests/certs/certtesttools.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress::cli;

// `cert` run in-process, its output files checked with the openssl tool.
class TestCertCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void usageErrors_data();
    void usageErrors();
    void helpPerSubcommand_data();
    void helpPerSubcommand();
    void newCaThenIssue();
    void newCaRefusesToOverwrite();
    void showReportsProblems_data();
    void showReportsProblems();
    void importWritesKeyFile();
    void exportCa();

private:
    struct Result {
        int code;
        QString out;
        QString err;
    };
    Result run(const QStringList &args);

    QTemporaryDir m_dir;
};

TestCertCommand::Result TestCertCommand::run(const QStringList &args) {
    QString out, err;
    QTextStream outStream(&out), errStream(&err);
    CertCommand command;
    const int code = command.run(args, Io{outStream, errStream});
    outStream.flush();
    errStream.flush();
    return {code, out, err};
}

void TestCertCommand::initTestCase() {
    QVERIFY(m_dir.isValid());
    qputenv("INGRESS_KEY_PASSPHRASE", ""); // never pick up a developer's
    const Result ca = run({"new-ca", "--name", "Command CA", "-o", m_dir.filePath("ca")});
    QVERIFY2(ca.code == ExitOk, qPrintable(ca.err));
}

void TestCertCommand::usageErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no subcommand") << QStringList{} << "Usage:";
    QTest::newRow("unknown subcommand") << QStringList{"frobnicate"} << "unknown subcommand";
    QTest::newRow("show without file") << QStringList{"show"} << "exactly one FILE";
    QTest::newRow("show missing file") << QStringList{"show", "/nonexistent.pem"} << "no such file";
    QTest::newRow("new-ca without name") << QStringList{"new-ca", "-o", "x"} << "--name";
    QTest::newRow("new-ca bad key type")
        << QStringList{"new-ca", "--name", "x", "-o", "x", "--key-type", "dsa"}
        << "unknown key type";
    QTest::newRow("issue without ca") << QStringList{"issue", "a.test", "-o", "x"} << "--ca";
    QTest::newRow("issue missing ca")
        << QStringList{"issue", "--ca", "/nonexistent", "a.test", "-o", "x"}
        << "no such CA directory";
    QTest::newRow("issue bad days")
        << QStringList{"issue", "--days", "soon", "-o", "x"} << "--days";
    QTest::newRow("import PEM without key")
        << QStringList{"import", "CA", "-o", "x"} << "needs --key";
    QTest::newRow("show junk") << QStringList{"show", "JUNK"} << "not PEM";
    QTest::newRow("unknown option") << QStringList{"show", "--bogus", "f"} << "bogus";
}

void TestCertCommand::usageErrors() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    for (QString &arg : args)
        if (arg == u"CA")
            arg = m_dir.filePath("ca/ca.crt");
        else if (arg == u"JUNK")
            arg = QFINDTESTDATA("data/junk.pem");
    const Result r = run(args);
    QCOMPARE(r.code, int(ExitUsage));
    QVERIFY2(r.err.contains(expected), qPrintable(r.err));
}

void TestCertCommand::helpPerSubcommand_data() {
    QTest::addColumn<QString>("subcommand");
    for (const char *sub : {"show", "new-ca", "issue", "self-signed", "import", "export-ca"})
        QTest::newRow(sub) << QString::fromLatin1(sub);
}

void TestCertCommand::helpPerSubcommand() {
    QFETCH(QString, subcommand);
    const Result r = run({subcommand, "--help"});
    QCOMPARE(r.code, int(ExitOk));
    QVERIFY2(r.out.contains(QStringLiteral("ingress-studio-cli cert %1").arg(subcommand)),
             qPrintable(r.out));
}

void TestCertCommand::newCaThenIssue() {
    const QString out = m_dir.filePath("issued");
    const Result r = run({"issue", "--ca", m_dir.filePath("ca"), "shop.test", "*.shop.test",
                          "--key-type", "rsa2048", "-o", out});
    QVERIFY2(r.code == ExitOk, qPrintable(r.err));
    QVERIFY(QFile::exists(out + "/shop.test.crt"));
    QCOMPARE(fileMode(out + "/shop.test.key"), 0600);
    int rc = 0;
    const QString verify = runOpenssl({"verify", "-CAfile", m_dir.filePath("ca/ca.crt"),
                                       "-verify_hostname", "www.shop.test", out + "/shop.test.crt"},
                                      &rc);
    QVERIFY2(rc == 0, qPrintable(verify));
    const Result shown =
        run({"show", out + "/shop.test.crt", "--key", out + "/shop.test.key", "--json"});
    QVERIFY2(shown.code == ExitOk, qPrintable(shown.out + shown.err));
    const QJsonObject json = QJsonDocument::fromJson(shown.out.toUtf8()).object();
    QCOMPARE(json.value("keyType").toString(), QStringLiteral("RSA"));
    QCOMPARE(json.value("keyBits").toInt(), 2048);
    QCOMPARE(json.value("chainLength").toInt(), 2);
    QCOMPARE(json.value("dnsNames").toVariant().toStringList(),
             (QStringList{"shop.test", "*.shop.test"}));
    QCOMPARE(json.value("sha256Fingerprint").toString().size(), 32 * 3 - 1);
}

void TestCertCommand::newCaRefusesToOverwrite() {
    const Result again = run({"new-ca", "--name", "Other", "-o", m_dir.filePath("ca")});
    QCOMPARE(again.code, int(ExitUsage));
    QVERIFY2(again.err.contains(u"already holds a CA"), qPrintable(again.err));
}

void TestCertCommand::showReportsProblems_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("expected");
    QTest::newRow("expiring soon") << "days10" << int(ExitProblems) << "expires in";
    QTest::newRow("mismatched key") << "mismatch" << int(ExitProblems) << "does not match";
    QTest::newRow("key is not a certificate") << "keyfile" << int(ExitUsage) << "certificate";
}

void TestCertCommand::showReportsProblems() {
    QFETCH(QString, kind);
    QFETCH(int, code);
    QFETCH(QString, expected);
    const QString out = m_dir.filePath("problems-" + kind);
    const Result issued =
        run({"self-signed", "p.test", "--days", kind == u"days10" ? "10" : "90", "-o", out});
    QVERIFY2(issued.code == ExitOk, qPrintable(issued.err));
    QStringList args{"show", out + "/p.test.crt"};
    if (kind == u"mismatch")
        args << "--key" << m_dir.filePath("ca/ca.key");
    if (kind == u"keyfile")
        args = QStringList{"show", out + "/p.test.key"};
    const Result r = run(args);
    QCOMPARE(r.code, code);
    QVERIFY2((r.out + r.err).contains(expected), qPrintable(r.out + r.err));
}

void TestCertCommand::importWritesKeyFile() {
    // A PKCS#12 file made by openssl, passphrase from a file.
    const QString src = m_dir.filePath("import-src");
    QVERIFY(run({"self-signed", "imp.test", "-o", src}).code == ExitOk);
    int rc = 0;
    runOpenssl({"pkcs12", "-export", "-inkey", src + "/imp.test.key", "-in", src + "/imp.test.crt",
                "-passout", "pass:hunter2", "-out", src + "/imp.p12"},
               &rc);
    QCOMPARE(rc, 0);
    const Result noPass = run({"import", src + "/imp.p12", "-o", m_dir.filePath("imported")});
    QCOMPARE(noPass.code, int(ExitUsage));
    QVERIFY2(noPass.err.contains(u"passphrase"), qPrintable(noPass.err));
    QFile passFile(src + "/pass.txt");
    QVERIFY(passFile.open(QIODevice::WriteOnly));
    passFile.write("hunter2\n");
    passFile.close();
    const Result r = run({"import", src + "/imp.p12", "--passphrase-file", passFile.fileName(),
                          "--name", "imp", "-o", m_dir.filePath("imported")});
    QVERIFY2(r.code == ExitOk, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"privateKey: "), qPrintable(r.out));
    QCOMPARE(fileMode(m_dir.filePath("imported/imp.key")), 0600);
    // The stored key is unencrypted and belongs to the certificate.
    const QString check = runOpenssl(
        {"x509", "-noout", "-checkend", "0", "-in", m_dir.filePath("imported/imp.crt")}, &rc);
    QVERIFY2(rc == 0, qPrintable(check));
    const Result shown = run(
        {"show", m_dir.filePath("imported/imp.crt"), "--key", m_dir.filePath("imported/imp.key")});
    QVERIFY2(shown.code == ExitOk, qPrintable(shown.out + shown.err));
}

void TestCertCommand::exportCa() {
    const QString target = m_dir.filePath("exported-ca.crt");
    const Result r = run({"export-ca", "--ca", m_dir.filePath("ca"), target});
    QVERIFY2(r.code == ExitOk, qPrintable(r.err));
    QVERIFY(r.out.contains(u"update-ca-certificates"));
    QFile exported(target);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QByteArray pem = exported.readAll();
    QVERIFY(pem.contains("BEGIN CERTIFICATE"));
    QVERIFY(!pem.contains("PRIVATE KEY")); // never the key
}

QTEST_GUILESS_MAIN(TestCertCommand)
#include "tst_certcommand.moc"
