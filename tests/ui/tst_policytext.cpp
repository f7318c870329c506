// How the GUI words a policy on the canvas's shield badge (policytext::lines): CORS and
// security headers alone make a policy, and a route marks what comes from its host.
#include "ui/policytext.h"

#include <optional>
#include <QTest>

using namespace ingress;
using namespace ingress::ui;

class TestPolicyText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The lines of the shield badge's tooltip.
    void policyLines_data() {
        QTest::addColumn<Policy>("own");
        QTest::addColumn<std::optional<Policy>>("host");
        QTest::addColumn<QStringList>("lines");
        Policy cors;
        cors.cors = Cors{};
        cors.cors->allowOrigins = {QStringLiteral("https://a.example.com")};
        cors.cors->allowCredentials = true;
        Policy anyOrigin;
        anyOrigin.cors = Cors{};
        Policy noOrigin;
        noOrigin.cors = Cors{};
        noOrigin.cors->allowOrigins.clear();
        Policy recommended;
        recommended.securityHeaders = SecurityHeaders::recommended();
        Policy strict;
        strict.securityHeaders = SecurityHeaders{};
        strict.securityHeaders->hsts = Hsts{2 * 31536000, true, true};
        strict.securityHeaders->frameOptions = QStringLiteral("DENY");
        Policy none;
        none.securityHeaders = SecurityHeaders{};
        Policy shortHsts;
        shortHsts.securityHeaders = SecurityHeaders{};
        shortHsts.securityHeaders->hsts = Hsts{86400 * 30, false, false};
        const auto noHost = std::optional<Policy>();
        QTest::newRow("cors with credentials")
            << cors << noHost
            << QStringList{QStringLiteral("CORS: https://a.example.com, credentials")};
        QTest::newRow("cors, any origin")
            << anyOrigin << noHost << QStringList{QStringLiteral("CORS: any origin")};
        QTest::newRow("cors, no origin")
            << noOrigin << noHost << QStringList{QStringLiteral("CORS: no origin")};
        QTest::newRow("recommended headers")
            << recommended << noHost
            << QStringList{QStringLiteral("Security headers: HSTS 1 year, nosniff, "
                                          "Referrer-Policy strict-origin-when-cross-origin, "
                                          "X-Frame-Options SAMEORIGIN")};
        QTest::newRow("preloaded hsts")
            << strict << noHost
            << QStringList{QStringLiteral("Security headers: HSTS 2 years with subdomains, "
                                          "preload, X-Frame-Options DENY")};
        QTest::newRow("hsts in days")
            << shortHsts << noHost << QStringList{QStringLiteral("Security headers: HSTS 30 days")};
        QTest::newRow("no headers")
            << none << noHost << QStringList{QStringLiteral("Security headers: none")};
        QTest::newRow("route with the host's")
            << Policy{} << std::optional<Policy>(anyOrigin)
            << QStringList{QStringLiteral("CORS: any origin (from host)")};
        Policy both = recommended;
        both.cors = anyOrigin.cors;
        QTest::newRow("route's own cors, host's headers")
            << cors << std::optional<Policy>(both)
            << QStringList{QStringLiteral("CORS: https://a.example.com, credentials"),
                           QStringLiteral("Security headers: HSTS 1 year, nosniff, "
                                          "Referrer-Policy strict-origin-when-cross-origin, "
                                          "X-Frame-Options SAMEORIGIN (from host)")};
        QTest::newRow("route turning the host's headers off")
            << none << std::optional<Policy>(recommended)
            << QStringList{QStringLiteral("Security headers: none")};
    }
    void policyLines() {
        QFETCH(Policy, own);
        QFETCH(std::optional<Policy>, host);
        QFETCH(QStringList, lines);
        QVERIFY(!own.isEmpty() || (host && !host->isEmpty())); // the canvas gives it a shield
        QCOMPARE(policytext::lines(own, host ? &*host : nullptr), lines);
    }
};

QTEST_GUILESS_MAIN(TestPolicyText)
#include "tst_policytext.moc"
