// The details of the current certificate in the GUI: the keychain check and unreadable
// certificates, on the offscreen platform with the fake keychain of certificatefixture.h.
#include "model/certs/certificatebundle.h"
#include "model/certs/certificateissuer.h"
#include "tests/ui/certificatefixture.h"
#include "ui/certificates/certificateactions.h"
#include "ui/certificates/certificatedetailspanel.h"
#include "ui/certificates/certificatespanel.h"
#include "ui/mainwindow.h"
#include "ui/selectionhub.h"

#include <QAbstractButton>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;

class TestCertificateDetails : public QObject, protected CertificateFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { prepare(); }

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

QTEST_MAIN(TestCertificateDetails)
#include "tst_certificatedetails.moc"
