// The validation rules of host and route policies (model/validation/policyrules.cpp): each
// malformed part is reported with its rule and a message that says what is wrong.
#include "model/certs/htpasswdfile.h"
#include "model/validation/validator.h"
#include "tests/common/diagnosticstext.h"
#include "tests/common/topologybuilders.h"

#include <QTest>

using namespace ingress;
using namespace ingress::testing;

namespace {

QStringList ruleIds(const Diagnostics &diagnostics) {
    QStringList ids;
    for (const Diagnostic &d : diagnostics)
        ids << d.ruleId;
    return ids;
}

} // namespace

class TestPolicyValidation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validation_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad allow") << "allow"
                                   << "10.0.0.0/33"
                                   << "invalid-cidr"
                                   << "'10.0.0.0/33' in 'allow' is not an IP address";
        QTest::newRow("bad deny") << "deny"
                                  << "office"
                                  << "invalid-cidr"
                                  << "in 'deny'";
        QTest::newRow("bad trusted proxy") << "trustedProxies"
                                           << "lb"
                                           << "invalid-cidr"
                                           << "listener 'web': 'lb' in 'trustedProxies'";
        QTest::newRow("missing htpasswd") << "htpasswd"
                                          << "missing.htpasswd"
                                          << "htpasswd-file"
                                          << "missing.htpasswd: no such file";
        QTest::newRow("bad htpasswd line") << "htpasswd"
                                           << "plain.htpasswd"
                                           << "htpasswd-file"
                                           << "plain.htpasswd: line 2: user 'bob'";
        QTest::newRow("auth without TLS") << "htpasswd"
                                          << "good.htpasswd"
                                          << "basic-auth-without-tls"
                                          << "clear text";
        QTest::newRow("rate header not a token") << "header"
                                                 << "X Api"
                                                 << "invalid-header"
                                                 << "'X Api' is not an HTTP header name";
        QTest::newRow("origin with a path") << "origin"
                                            << "https://app.test/"
                                            << "invalid-cors"
                                            << "'https://app.test/' is not an origin";
        QTest::newRow("origin without scheme") << "origin"
                                               << "app.test"
                                               << "invalid-cors"
                                               << "'app.test' is not an origin";
        QTest::newRow("method not a token") << "method"
                                            << "GET POST"
                                            << "invalid-cors"
                                            << "'GET POST' in 'allowMethods'";
        QTest::newRow("credentials for anyone") << "credentials"
                                                << "*"
                                                << "cors-any-origin-credentials"
                                                << "every web site";
        QTest::newRow("hsts without TLS") << "hsts"
                                          << "31536000"
                                          << "hsts-without-tls"
                                          << "never sent";
        QTest::newRow("auth service unknown") << "authService"
                                              << "nobody"
                                              << "unknown-service"
                                              << "externalAuth names service 'nobody'";
        QTest::newRow("auth service empty") << "authService"
                                            << ""
                                            << "invalid-external-auth"
                                            << "externalAuth names no service";
        QTest::newRow("auth path relative") << "authPath"
                                            << "auth"
                                            << "invalid-external-auth"
                                            << "path 'auth' is not a request path";
        QTest::newRow("auth path with space") << "authPath"
                                              << "/a b"
                                              << "invalid-external-auth"
                                              << "path '/a b'";
        QTest::newRow("auth header not a token") << "authHeader"
                                                 << "X User"
                                                 << "invalid-external-auth"
                                                 << "'X User' in externalAuth responseHeaders";
        QTest::newRow("auth sign-in not a URL") << "signIn"
                                                << "ftp://auth.test/start"
                                                << "invalid-external-auth"
                                                << "signIn 'ftp://auth.test/start'";
        QTest::newRow("auth sign-in without host") << "signIn"
                                                   << "https:///start"
                                                   << "invalid-external-auth"
                                                   << "is not an http(s) URL or a path";
        QTest::newRow("hsts preload too short") << "preload"
                                                << "86400"
                                                << "hsts-preload"
                                                << "at least 31536000";
    }
    void validation() {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, rule);
        QFETCH(QString, message);
        Topology t;
        t.listeners << listener(QStringLiteral("web"), QStringLiteral("127.0.0.1:8080"));
        t.services << service(QStringLiteral("s"), {QStringLiteral("127.0.0.1:9001")});
        Route r = prefix(QStringLiteral("/"), QStringLiteral("s"));
        if (field == u"trustedProxies")
            t.listeners[0].trustedProxies = {value};
        else if (field == u"allow")
            r.policy.allow = {value};
        else if (field == u"deny")
            r.policy.deny = {value};
        else if (field == u"htpasswd")
            r.policy.basicAuth = BasicAuth{value, {}, {}};
        else if (field == u"header")
            r.policy.rateLimit = RateLimit{1, RateUnit::Second, 0, value, {}};
        else if (field == u"origin")
            r.policy.cors = Cors{{value}, {}, {}, {}, false, {}, {}};
        else if (field == u"method")
            r.policy.cors = Cors{{QStringLiteral("*")}, {value}, {}, {}, false, {}, {}};
        else if (field == u"credentials")
            r.policy.cors = Cors{{value}, {}, {}, {}, true, {}, {}};
        else if (field == u"authService")
            r.policy.externalAuth = ExternalAuth{value, QStringLiteral("/"), {}, {}, {}};
        else if (field == u"authPath")
            r.policy.externalAuth = ExternalAuth{QStringLiteral("s"), value, {}, {}, {}};
        else if (field == u"authHeader")
            r.policy.externalAuth =
                ExternalAuth{QStringLiteral("s"), QStringLiteral("/"), {value}, {}, {}};
        else if (field == u"signIn")
            r.policy.externalAuth =
                ExternalAuth{QStringLiteral("s"), QStringLiteral("/"), {}, value, {}};
        else if (field == u"hsts" || field == u"preload")
            r.policy.securityHeaders =
                SecurityHeaders{Hsts{value.toInt(), false, field == u"preload"}, false, {}, {}, {}};
        t.hosts << host(QStringLiteral("a.test"), {r});
        ValidationContext context;
        context.checkHtpasswdFile = [](const QString &path) {
            if (path.endsWith(u"missing.htpasswd"))
                return path + QStringLiteral(": no such file");
            if (path.endsWith(u"plain.htpasswd"))
                return path + QStringLiteral(": ") +
                       HtpasswdFile::parse("alice:$6$s$h\nbob:secret\n").error;
            return QString();
        };
        const Diagnostics diagnostics = Validator::validate(t, context);
        QVERIFY2(ruleIds(diagnostics).contains(rule), qPrintable(dump(diagnostics)));
        QVERIFY2(dump(diagnostics).contains(message), qPrintable(dump(diagnostics)));
    }
};

QTEST_GUILESS_MAIN(TestPolicyValidation)
#include "tst_policyvalidation.moc"
