// The certificate actions of the GUI (the `cert` subcommands as dialogs) and the details of
// the current certificate, driven programmatically on the offscreen platform. No keychain is
// used: the fake one answers "no keychain" unless a test says otherwise.
#include "autosaver.h"
#include "certificatebundle.h"
#include "certificateissuer.h"
#include "certificates/certificateactions.h"
#include "certificates/certificatedetailspanel.h"
#include "certificates/certificatespanel.h"
#include "certificates/exportcadialog.h"
#include "certificates/importcertificatedialog.h"
#include "certificates/issuecertificatedialog.h"
#include "certificates/keystoragechooser.h"
#include "certificates/newcadialog.h"
#include "documentcontroller.h"
#include "mainwindow.h"
#include "selectionhub.h"
#include "topologydocument.h"

#include <QAbstractButton>
#include <QAction>
#include <QDir>
#include <QFile>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <sys/stat.h>

using namespace ingress;
using namespace ingress::ui;
using Status = keystore::KeyStoreResult::Status;

namespace {

keystore::KeyStoreResult answer(Status status, const QString &message, QByteArray data = {}) {
    keystore::KeyStoreResult result;
    result.status = status;
    result.message = message;
    result.data = std::move(data);
    return result;
}

int fileMode(const QString &path) {
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

QByteArray readAll(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

} // namespace

class TestCertificateActions : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QStringList m_keychainWrites;

    QString path(const QString &name) const { return m_dir->filePath(name); }

    // The example (copied with its certificate, so default folders land in the temporary
    // directory) in a window whose keychain is the fake one.
    std::unique_ptr<MainWindow> makeWindow() {
        auto window = std::make_unique<MainWindow>();
        window->autosaver()->setDirectory(path(QStringLiteral("autosave")));
        window->document()->setValidationDelay(0);
        window->certificateActions()->operations()->setKeychain(
            [](const QString &) {
                return answer(Status::NoKeychain, QStringLiteral("no OS keychain is available"));
            },
            [this](const QString &name, const QByteArray &) {
                m_keychainWrites << name;
                return answer(Status::NoKeychain,
                              QStringLiteral("no OS keychain is available (no D-Bus session)"));
            });
        if (!window->controller()->open(path(QStringLiteral("shop.yaml"))))
            return nullptr;
        return window;
    }

    // A development CA in DIR/ca, made through the dialog.
    bool makeCa(MainWindow *window) {
        NewCaDialog dialog(window->certificateActions()->operations());
        dialog.setCaName(QStringLiteral("Test CA"));
        dialog.setFolder(path(QStringLiteral("ca")));
        dialog.accept();
        return dialog.outcome().ok;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_keychainWrites.clear();
        const QString examples = QStringLiteral(INGRESS_SOURCE_DIR "/examples/");
        QVERIFY(QDir().mkpath(path(QStringLiteral("certs"))));
        for (const char *file : {"shop.yaml", "certs/bar-com.crt", "certs/bar-com.key"})
            QVERIFY(QFile::copy(examples + QLatin1String(file), path(QLatin1String(file))));
    }

    void actionsAreInTheMenuAndTheDock() {
        auto window = makeWindow();
        QVERIFY(window);
        QMenu *menu = window->menuBar()->findChild<QMenu *>(QStringLiteral("certificatesMenu"));
        QVERIFY(menu);
        QListView *list = window->certificatesPanel()->listView();
        QCOMPARE(list->contextMenuPolicy(), Qt::ActionsContextMenu);
        for (const char *name :
             {"actionNewCa", "actionIssueCertificate", "actionSelfSignedCertificate",
              "actionImportCertificate", "actionExportCa"}) {
            QAction *action = window->action(QLatin1String(name));
            QVERIFY2(action, name);
            QVERIFY2(menu->actions().contains(action), name);
            QVERIFY2(list->actions().contains(action), name);
        }
    }

    void newCaWritesFilesAndShowsTrustInstructions() {
        auto window = makeWindow();
        QVERIFY(window);
        NewCaDialog dialog(window->certificateActions()->operations());
        dialog.setCaName(QStringLiteral("Test CA"));
        dialog.setFolder(path(QStringLiteral("ca")));
        dialog.accept();
        QVERIFY2(dialog.outcome().ok, qPrintable(dialog.errorText()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // still open, showing instructions
        const QString caCrt = path(QStringLiteral("ca/ca.crt"));
        QVERIFY(dialog.trustInstructions().contains(caCrt));
        QVERIFY(QFile::exists(caCrt));
        QVERIFY(QFile::exists(path(QStringLiteral("ca/TRUST-THIS-CA.txt"))));
        QCOMPARE(fileMode(path(QStringLiteral("ca/ca.key"))), 0600);
        dialog.accept(); // Close
        QCOMPARE(dialog.result(), int(QDialog::Accepted));

        // A second CA in the same folder is refused (it would orphan issued certificates).
        const QByteArray before = readAll(caCrt);
        NewCaDialog again(window->certificateActions()->operations());
        again.setFolder(path(QStringLiteral("ca")));
        again.accept();
        QVERIFY(!again.outcome().ok);
        QVERIFY(again.errorText().contains(QStringLiteral("already holds a CA")));
        QCOMPARE(readAll(caCrt), before);
    }

    void issueAddsCertificateWithKeyFile_data() {
        QTest::addColumn<bool>("fromCa");
        QTest::newRow("from CA") << true;
        QTest::newRow("self-signed") << false;
    }

    void issueAddsCertificateWithKeyFile() {
        QFETCH(bool, fromCa);
        auto window = makeWindow();
        QVERIFY(window);
        if (fromCa)
            QVERIFY(makeCa(window.get()));
        TopologyDocument *document = window->document();
        const int before = int(document->topology().certificates.size());
        const int steps = document->undoStack()->count();

        // Through the action, as the menu runs it; the runner plays the user.
        QStringList prefilled;
        window->certificateActions()->setDialogRunner([&](QDialog &d) {
            auto &dialog = static_cast<IssueCertificateDialog &>(d);
            prefilled = dialog.hosts();
            dialog.setCaFolder(path(QStringLiteral("ca")));
            dialog.setHosts(prefilled + QStringList{QStringLiteral("*.bar.com")});
            dialog.setName(QStringLiteral("shop-dev"));
            dialog.setKeyStorage(KeyStorage::KeyFile);
            dialog.accept();
            QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
        });
        window
            ->action(fromCa ? QStringLiteral("actionIssueCertificate")
                            : QStringLiteral("actionSelfSignedCertificate"))
            ->trigger();

        // Prefilled with the document's TLS hosts.
        QCOMPARE(prefilled,
                 (QStringList{QStringLiteral("food.bar.com"), QStringLiteral("abc.bar.com")}));
        QCOMPARE(document->topology().certificates.size(), before + 1);
        const Certificate added = document->topology().certificates.constLast();
        QCOMPARE(added.name, QStringLiteral("shop-dev"));
        // Relative to the saved document, like the example's own entry.
        QCOMPARE(added.certificate, QStringLiteral("certs/shop-dev.crt"));
        QCOMPARE(added.privateKey, QStringLiteral("certs/shop-dev.key"));
        QVERIFY(QFile::exists(path(QStringLiteral("certs/shop-dev.crt"))));
        QCOMPARE(fileMode(path(QStringLiteral("certs/shop-dev.key"))), 0600);
        QVERIFY(m_keychainWrites.isEmpty());

        // The new certificate is current and its details show every host as a SAN.
        QCOMPARE(window->selection()->current(), ItemRef::certificate(before));
        CertificateDetailsPanel *details = window->certificatesPanel()->details();
        QCOMPARE(details->shown(), ItemRef::certificate(before));
        const QString sans = details->field(QStringLiteral("sans"));
        for (const char *host : {"food.bar.com", "abc.bar.com", "*.bar.com"})
            QVERIFY2(sans.contains(QLatin1String(host)), qPrintable(sans));
        QVERIFY(details->field(QStringLiteral("keyStatus")).contains(QStringLiteral("belongs")));
        QVERIFY(details->field(QStringLiteral("keyStatus")).contains(QStringLiteral("0600")));
        QVERIFY(details->field(QStringLiteral("validity")).contains(QStringLiteral("expires in")));
        QVERIFY(details->field(QStringLiteral("key")).startsWith(QStringLiteral("EC 256")));
        QCOMPARE(details->field(QStringLiteral("fingerprint")).count(u':'), 31);
        QCOMPARE(details->field(QStringLiteral("issuer")).contains(QStringLiteral("Test CA")),
                 fromCa);

        // One undo step removes it; redo brings it back.
        QCOMPARE(document->undoStack()->count(), steps + 1);
        document->undoStack()->undo();
        QCOMPARE(document->topology().certificates.size(), before);
        // The panel follows whatever the list and the hub moved to, never the removed entry.
        QCOMPARE(details->shown(), window->selection()->current());
        QVERIFY(details->field(QStringLiteral("name")) != u"shop-dev");
        document->undoStack()->redo();
        QCOMPARE(document->topology().certificates.constLast(), added);
    }

    void issueUnderAnExistingNameReplacesTheEntry() {
        auto window = makeWindow();
        QVERIFY(window);
        TopologyDocument *document = window->document();
        const Certificate original = document->topology().certificates.constFirst();
        IssueCertificateDialog dialog(window->certificateActions()->operations(),
                                      IssueCertificateDialog::Mode::SelfSigned);
        dialog.setName(QStringLiteral("bar-com"));
        dialog.setFolder(path(QStringLiteral("renewed")));
        dialog.setKeyStorage(KeyStorage::KeyFile);
        dialog.accept();
        QVERIFY2(dialog.outcome().ok, qPrintable(dialog.errorText()));
        QCOMPARE(document->topology().certificates.size(), 1);
        QCOMPARE(document->topology().certificates.constFirst().certificate,
                 QStringLiteral("renewed/bar-com.crt"));
        document->undoStack()->undo();
        QCOMPARE(document->topology().certificates.constFirst(), original);
    }

    void issueRefusesBadHosts() {
        auto window = makeWindow();
        QVERIFY(window);
        const int steps = window->document()->undoStack()->count();
        IssueCertificateDialog dialog(window->certificateActions()->operations(),
                                      IssueCertificateDialog::Mode::SelfSigned);
        dialog.setHosts({QStringLiteral("bad host!"), QStringLiteral("*.*.example.test")});
        dialog.setFolder(path(QStringLiteral("bad")));
        dialog.setKeyStorage(KeyStorage::KeyFile);
        dialog.accept();
        QVERIFY(!dialog.outcome().ok);
        QVERIFY(!dialog.errorText().isEmpty());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(window->document()->undoStack()->count(), steps);
        QVERIFY(!QDir(path(QStringLiteral("bad"))).exists());
    }

    void withoutKeychainOffersTheKeyFile() {
        auto window = makeWindow();
        QVERIFY(window);
        TopologyDocument *document = window->document();
        const int before = int(document->topology().certificates.size());
        IssueCertificateDialog dialog(window->certificateActions()->operations(),
                                      IssueCertificateDialog::Mode::SelfSigned);
        dialog.setName(QStringLiteral("kc"));
        dialog.setFolder(path(QStringLiteral("kc")));
        dialog.setKeyStorage(KeyStorage::Keychain);
        dialog.accept();
        QCOMPARE(m_keychainWrites, QStringList{QStringLiteral("kc")});
        QVERIFY(dialog.outcome().noKeychain());
        QVERIFY(dialog.errorText().contains(QStringLiteral("No OS keychain")));
        QVERIFY(dialog.keyStorage()->notice().contains(QStringLiteral("no D-Bus session")));
        QCOMPARE(dialog.keyStorage()->storage(), KeyStorage::KeyFile); // offered instead
        QCOMPARE(document->topology().certificates.size(), before);
        QVERIFY(!QFile::exists(path(QStringLiteral("kc/kc.crt")))); // nothing written

        dialog.accept(); // the user takes the key file
        QVERIFY2(dialog.outcome().ok, qPrintable(dialog.errorText()));
        QCOMPARE(document->topology().certificates.constLast().privateKey,
                 QStringLiteral("kc/kc.key"));
        QCOMPARE(fileMode(path(QStringLiteral("kc/kc.key"))), 0600);
    }

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

    void exportCaCopiesTheCertificate() {
        auto window = makeWindow();
        QVERIFY(window);
        QVERIFY(makeCa(window.get()));
        ExportCaDialog dialog(window->certificateActions()->operations());
        dialog.setCaFolder(path(QStringLiteral("ca")));
        dialog.setTarget(path(QStringLiteral("shared/dev-ca.crt")));
        dialog.accept();
        QVERIFY2(dialog.outcome().ok, qPrintable(dialog.errorText()));
        QCOMPARE(readAll(path(QStringLiteral("shared/dev-ca.crt"))),
                 readAll(path(QStringLiteral("ca/ca.crt"))));
        QVERIFY(dialog.trustInstructions().contains(path(QStringLiteral("shared/dev-ca.crt"))));

        ExportCaDialog missing(window->certificateActions()->operations());
        missing.setCaFolder(path(QStringLiteral("no-ca-here")));
        missing.setTarget(path(QStringLiteral("x.crt")));
        missing.accept();
        QVERIFY(!missing.outcome().ok);
        QVERIFY(!missing.errorText().isEmpty());
        QVERIFY(!QFile::exists(path(QStringLiteral("x.crt"))));
    }

    void detailsCheckTheKeychain_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("withKey");
        QTest::addColumn<QString>("expected");
        QTest::newRow("holds the key") << int(Status::Ok) << true << QStringLiteral("belongs");
        QTest::newRow("holds another key")
            << int(Status::Ok) << false << QStringLiteral("does not match");
        QTest::newRow("no entry") << int(Status::NotFound) << false
                                  << QStringLiteral("holds no key named 'bar-com'");
        QTest::newRow("no keychain")
            << int(Status::NoKeychain) << false << QStringLiteral("no OS keychain");
    }

    void detailsCheckTheKeychain() {
        QFETCH(int, status);
        QFETCH(bool, withKey);
        QFETCH(QString, expected);
        certs::IssueRequest request;
        request.hosts = {QStringLiteral("other.test")};
        QString error;
        const auto other = certs::CertificateIssuer::selfSigned(request, &error);
        QVERIFY(other);
        const QByteArray key =
            withKey ? readAll(path(QStringLiteral("certs/bar-com.key"))) : other->keyPem();

        auto window = makeWindow();
        QVERIFY(window);
        int reads = 0;
        window->certificateActions()->operations()->setKeychain(
            [&](const QString &name) {
                ++reads;
                return answer(Status(status), QStringLiteral("no OS keychain is available"),
                              name == u"bar-com" ? key : QByteArray());
            },
            {});
        window->selection()->setCurrent(ItemRef::certificate(0)); // the example's bar-com
        CertificateDetailsPanel *details = window->certificatesPanel()->details();
        QCOMPARE(details->field(QStringLiteral("name")), QStringLiteral("bar-com"));
        QVERIFY(details->field(QStringLiteral("keyLocation")).contains(QStringLiteral("keychain")));
        QVERIFY(details->field(QStringLiteral("subject")).contains(QStringLiteral("*.bar.com")));
        const QString keyStatus = details->field(QStringLiteral("keyStatus"));
        QVERIFY2(keyStatus.contains(expected), qPrintable(keyStatus));
        QCOMPARE(reads, 1);

        // Asked once per certificate, not on every click; "Check Again" asks anew.
        window->selection()->setCurrent(ItemRef::virtualHost(0));
        QCOMPARE(details->shown(), ItemRef{});
        window->selection()->setCurrent(ItemRef::certificate(0));
        QCOMPARE(reads, 1);
        auto *again = details->findChild<QAbstractButton *>(QStringLiteral("checkKeychainAgain"));
        QVERIFY(again);
        again->click();
        QCOMPARE(reads, 2);
    }

    void detailsReportAnUnreadableCertificate() {
        auto window = makeWindow();
        QVERIFY(window);
        QVERIFY(QFile::remove(path(QStringLiteral("certs/bar-com.crt"))));
        window->selection()->setCurrent(ItemRef::certificate(0));
        const QString subject =
            window->certificatesPanel()->details()->field(QStringLiteral("subject"));
        QVERIFY2(subject.startsWith(QStringLiteral("Cannot read the certificate")),
                 qPrintable(subject));
    }
};

QTEST_MAIN(TestCertificateActions)
#include "tst_certificateactions.moc"
