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
    // External auth: its service and path, then what it copies and where a 401 goes.
    void externalAuthLines_data() {
        QTest::addColumn<Policy>("own");
        QTest::addColumn<std::optional<Policy>>("host");
        QTest::addColumn<QStringList>("lines");
        Policy plain;
        plain.externalAuth = ExternalAuth{};
        plain.externalAuth->service = QStringLiteral("authz");
        Policy full;
        full.externalAuth = ExternalAuth{};
        full.externalAuth->service = QStringLiteral("oauth2-proxy");
        full.externalAuth->path = QStringLiteral("/oauth2/auth");
        full.externalAuth->responseHeaders = {QStringLiteral("X-Auth-Request-User"),
                                              QStringLiteral("X-Auth-Request-Email")};
        full.externalAuth->signIn = QStringLiteral("https://auth.example.com/oauth2/start");
        Policy unnamed;
        unnamed.externalAuth = ExternalAuth{};
        Policy basic;
        basic.basicAuth = BasicAuth{QStringLiteral("shop.htpasswd"), {}, {}};
        QTest::newRow("service and path")
            << plain << std::optional<Policy>()
            << QStringList{QStringLiteral("External auth: authz at /")};
        QTest::newRow("everything")
            << full << std::optional<Policy>()
            << QStringList{QStringLiteral(
                   "External auth: oauth2-proxy at /oauth2/auth, copies X-Auth-Request-User, "
                   "X-Auth-Request-Email, sign-in https://auth.example.com/oauth2/start")};
        QTest::newRow("no service yet")
            << unnamed << std::optional<Policy>()
            << QStringList{QStringLiteral("External auth: no service at /")};
        QTest::newRow("from the host, after basic auth")
            << basic << std::optional<Policy>(plain)
            << QStringList{QStringLiteral("Basic auth: shop.htpasswd"),
                           QStringLiteral("External auth: authz at / (from host)")};
    }
    void externalAuthLines() { policyLines(); }

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
