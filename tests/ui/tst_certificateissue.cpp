// Issuing host certificates from the GUI (from the development CA or self-signed) on the
// offscreen platform, with the fake keychain of certificatefixture.h.
#include "model/items/topologydocument.h"
#include "tests/ui/certificatefixture.h"
#include "ui/certificates/certificateactions.h"
#include "ui/certificates/certificatedetailspanel.h"
#include "ui/certificates/certificatespanel.h"
#include "ui/certificates/issuecertificatedialog.h"
#include "ui/certificates/keystoragechooser.h"
#include "ui/mainwindow.h"
#include "ui/selectionhub.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;

class TestCertificateIssue : public QObject, protected CertificateFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { prepare(); }

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

    // Tab goes through the fields in the order of their rows.
    void tabOrderFollowsTheRows() {
        auto window = makeWindow();
        QVERIFY(window);
        QStringList order;
        window->certificateActions()->setDialogRunner([&](QDialog &dialog) {
            const QStringList fields{QStringLiteral("caFolder"), QStringLiteral("hosts"),
                                     QStringLiteral("certificateName"), QStringLiteral("folder")};
            for (QWidget *w = dialog.nextInFocusChain(); w != &dialog; w = w->nextInFocusChain()) {
                for (QWidget *a = w; a && a != &dialog; a = a->parentWidget())
                    if (fields.contains(a->objectName()) && !order.contains(a->objectName()))
                        order << a->objectName();
            }
        });
        window->action(QStringLiteral("actionIssueCertificate"))->trigger();
        QCOMPARE(order, (QStringList{QStringLiteral("caFolder"), QStringLiteral("hosts"),
                                     QStringLiteral("certificateName"), QStringLiteral("folder")}));
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
};

QTEST_MAIN(TestCertificateIssue)
#include "tst_certificateissue.moc"
