// The certificate actions of the GUI (the `cert` subcommands as dialogs): where they are, and
// the CA dialogs (new CA, export CA), driven programmatically on the offscreen platform. Issue,
// import and the details panel have tests of their own; certificatefixture.h is their setup.
#include "tests/ui/certificatefixture.h"
#include "ui/certificates/certificateactions.h"
#include "ui/certificates/certificatespanel.h"
#include "ui/certificates/exportcadialog.h"
#include "ui/certificates/newcadialog.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QFile>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTest>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;

class TestCertificateActions : public QObject, protected CertificateFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { prepare(); }

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
};

QTEST_MAIN(TestCertificateActions)
#include "tst_certificateactions.moc"
