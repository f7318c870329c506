// Importing certificates from the GUI (PEM pairs, PKCS#12 with a passphrase, and the errors
// shown) on the offscreen platform, with the fake keychain of certificatefixture.h.
#include "model/certs/certificatebundle.h"
#include "model/certs/certificateissuer.h"
#include "model/items/topologydocument.h"
#include "tests/ui/certificatefixture.h"
#include "ui/certificates/certificateactions.h"
#include "ui/certificates/certificatedetailspanel.h"
#include "ui/certificates/certificatespanel.h"
#include "ui/certificates/importcertificatedialog.h"
#include "ui/mainwindow.h"
#include "ui/selectionhub.h"

#include <QDir>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;

class TestCertificateImport : public QObject, protected CertificateFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { prepare(); }

    void importPemPair() {
        auto window = makeWindow();
        QVERIFY(window);
        TopologyDocument *document = window->document();
        const int before = int(document->topology().certificates.size());
        window->certificateActions()->setDialogRunner([&](QDialog &d) {
            auto &dialog = static_cast<ImportCertificateDialog &>(d);
            dialog.setFile(path(QStringLiteral("certs/bar-com.crt")));
            dialog.setKeyFile(path(QStringLiteral("certs/bar-com.key")));
            dialog.setName(QStringLiteral("imported"));
            dialog.setFolder(path(QStringLiteral("imported")));
            dialog.setKeyStorage(KeyStorage::KeyFile);
            dialog.accept();
            QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
        });
        window->action(QStringLiteral("actionImportCertificate"))->trigger();
        QCOMPARE(document->topology().certificates.size(), before + 1);
        QCOMPARE(document->topology().certificates.constLast().certificate,
                 QStringLiteral("imported/imported.crt"));
        QCOMPARE(readAll(path(QStringLiteral("imported/imported.crt"))),
                 readAll(path(QStringLiteral("certs/bar-com.crt"))));
        QCOMPARE(fileMode(path(QStringLiteral("imported/imported.key"))), 0600);
        const QString sans = window->certificatesPanel()->details()->field(QStringLiteral("sans"));
        QCOMPARE(sans, QStringLiteral("*.bar.com, bar.com"));
        document->undoStack()->undo();
        QCOMPARE(document->topology().certificates.size(), before);
    }

    // Library errors end up in the dialog; the document and the output folder stay untouched.

    void importFailuresAreShown_data() {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");
        QTest::newRow("mismatched pair")
            << QStringLiteral("certs/bar-com.crt") << QStringLiteral("other.key")
            << QStringLiteral("does not match");
        QTest::newRow("junk certificate")
            << QStringLiteral(INGRESS_SOURCE_DIR "/tests/certs/data/junk.pem")
            << QStringLiteral("certs/bar-com.key") << QString();
        QTest::newRow("key is a certificate") << QStringLiteral("certs/bar-com.crt")
                                              << QStringLiteral("certs/bar-com.crt") << QString();
        QTest::newRow("no key") << QStringLiteral("certs/bar-com.crt") << QString()
                                << QStringLiteral("key file");
        QTest::newRow("missing file")
            << QStringLiteral("nothing.pem") << QStringLiteral("certs/bar-com.key") << QString();
    }

    void importFailuresAreShown() {
        QFETCH(QString, certificate);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        // A valid key that belongs to another certificate.
        certs::IssueRequest request;
        request.hosts = {QStringLiteral("other.test")};
        QString error;
        const auto other = certs::CertificateIssuer::selfSigned(request, &error);
        QVERIFY2(other, qPrintable(error));
        QVERIFY(writeFile(path(QStringLiteral("other.key")), other->keyPem()));

        auto window = makeWindow();
        QVERIFY(window);
        TopologyDocument *document = window->document();
        const Topology before = document->topology();
        const int steps = document->undoStack()->count();
        ImportCertificateDialog dialog(window->certificateActions()->operations());
        dialog.setFile(QDir(m_dir->path()).absoluteFilePath(certificate));
        dialog.setKeyFile(key.isEmpty() ? QString() : path(key));
        dialog.setName(QStringLiteral("broken"));
        dialog.setFolder(path(QStringLiteral("broken")));
        dialog.setKeyStorage(KeyStorage::KeyFile);
        dialog.accept();
        QVERIFY(!dialog.outcome().ok);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.errorText().isEmpty());
        QVERIFY2(dialog.errorText().contains(expected), qPrintable(dialog.errorText()));
        QVERIFY(!dialog.passphraseShown());
        QCOMPARE(document->topology(), before);
        QCOMPARE(document->undoStack()->count(), steps);
        QVERIFY(!QDir(path(QStringLiteral("broken"))).exists());
    }

    void importAsksForThePassphrase() {
        QString error;
        const auto bundle = certs::CertificateBundle::fromPemFiles(
            path(QStringLiteral("certs/bar-com.crt")), path(QStringLiteral("certs/bar-com.key")),
            {}, &error);
        QVERIFY2(bundle, qPrintable(error));
        QVERIFY(writeFile(path(QStringLiteral("locked.key")), bundle->keyPem("s3cret")));

        auto window = makeWindow();
        QVERIFY(window);
        ImportCertificateDialog dialog(window->certificateActions()->operations());
        dialog.setFile(path(QStringLiteral("certs/bar-com.crt")));
        dialog.setKeyFile(path(QStringLiteral("locked.key")));
        dialog.setName(QStringLiteral("locked"));
        dialog.setFolder(path(QStringLiteral("locked")));
        dialog.setKeyStorage(KeyStorage::KeyFile);
        QVERIFY(!dialog.passphraseShown());
        dialog.accept();
        QVERIFY(dialog.passphraseShown());
        QVERIFY(dialog.errorText().contains(QStringLiteral("enter its passphrase")));
        dialog.setPassphrase(QStringLiteral("wrong"));
        dialog.accept();
        QVERIFY2(dialog.errorText().contains(QStringLiteral("Wrong passphrase")),
                 qPrintable(dialog.errorText()));
        dialog.setPassphrase(QStringLiteral("s3cret"));
        dialog.accept();
        QVERIFY2(dialog.outcome().ok, qPrintable(dialog.errorText()));
        // Stored unencrypted, so the proxy can start without asking.
        const QByteArray stored = readAll(path(QStringLiteral("locked/locked.key")));
        QVERIFY(!stored.contains("ENCRYPTED"));
        QCOMPARE(window->document()->topology().certificates.constLast().privateKey,
                 QStringLiteral("locked/locked.key"));
        window->selection()->setCurrent(dialog.outcome().certificate);
        QVERIFY(window->certificatesPanel()
                    ->details()
                    ->field(QStringLiteral("keyStatus"))
                    .contains(QStringLiteral("belongs")));
    }
};

QTEST_MAIN(TestCertificateImport)
#include "tst_certificateimport.moc"
