// CORS and security headers end to end: preflights answered by the proxy (before basic auth,
// never reaching the backend, keep-alive after), the CORS fields on responses to allowed
// origins (exact and wildcard origins, credentials), security headers replacing a backend's
// own, HSTS over TLS only, and the same fields on the proxy's own answers (refusals, `respond`,
// redirects, error pages), through the engine (two workers) to a real backend on loopback.
#include "model/certs/certificateauthority.h"
#include "model/certs/certificateissuer.h"
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "proxy/tls/tlscontextstore.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <memory>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

const QString appOrigin = QStringLiteral("https://app.example.com");
const QByteArray app = appOrigin.toLatin1();

QByteArray preflight(const QByteArray &host, const QByteArray &path, const QByteArray &origin) {
    return "OPTIONS " + path + " HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin +
           "\r\nAccess-Control-Request-Method: PUT\r\n"
           "Access-Control-Request-Headers: content-type\r\n\r\n";
}

QByteArray withOrigin(const QByteArray &origin) {
    return origin.isEmpty() ? QByteArray() : "Origin: " + origin + "\r\n";
}

QList<QByteArray> values(const HttpResponse &response, const QByteArray &name) {
    QList<QByteArray> found;
    for (const auto &[field, value] : response.headers)
        if (field.compare(name, Qt::CaseInsensitive) == 0)
            found << value;
    return found;
}

// Does a comma-separated field value list `token`?
bool lists(const QByteArray &value, const QByteArray &token) {
    for (const QByteArray &item : value.split(','))
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// One expectation on a response's fields: "Name: value" (exactly one such field, with that
// value), "-Name" (none), "Name ~ token" (exactly one field of the name lists the token).
QString check(const HttpResponse &response, const QString &expectation) {
    const QByteArray e = expectation.toLatin1();
    if (e.startsWith('-')) {
        const QList<QByteArray> found = values(response, e.mid(1));
        return found.isEmpty() ? QString()
                               : QStringLiteral("unexpected %1: %2")
                                     .arg(expectation, QString::fromLatin1(found.join('|')));
    }
    if (const qsizetype tilde = e.indexOf(" ~ "); tilde > 0) {
        int listing = 0;
        const QList<QByteArray> found = values(response, e.left(tilde));
        for (const QByteArray &value : found)
            listing += lists(value, e.mid(tilde + 3));
        return listing == 1 ? QString()
                            : QStringLiteral("%1: %2 fields list it (%3)")
                                  .arg(expectation)
                                  .arg(listing)
                                  .arg(QString::fromLatin1(found.join('|')));
    }
    const qsizetype colon = e.indexOf(": ");
    const QList<QByteArray> found = values(response, e.left(colon));
    return found == QList<QByteArray>{e.mid(colon + 2)}
               ? QString()
               : QStringLiteral("%1: got [%2]")
                     .arg(expectation, QString::fromLatin1(found.join('|')));
}

} // namespace

class TestProxyCors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void fields_data();
    void fields();
    void keepAliveAfterPreflight();
    void preflightInAccessLog();

private:
    // The whole exchange over TLS to tls.test (`raw` asks to close the connection).
    std::optional<HttpResponse> tlsRequest(const QByteArray &raw);

    QTemporaryDir m_dir;
    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    std::unique_ptr<QSignalSpy> m_logged;
    quint16 m_web = 0;
    quint16 m_secure = 0;
};

void TestProxyCors::initTestCase() {
    QVERIFY(m_dir.isValid());
    QString error;
    const auto ca = certs::CertificateAuthority::create("CORS CA", {}, 30, &error);
    QVERIFY2(ca && ca->save(m_dir.path(), &error), qPrintable(error));
    const auto bundle = certs::CertificateIssuer::issue(*ca, {{"tls.test"}, {}, 30}, &error);
    QVERIFY2(bundle && bundle->writeTo(m_dir.path(), "tls", true, &error), qPrintable(error));
    // One user whose password is never sent: every request to /auth is refused.
    QFile users(m_dir.filePath("users.htpasswd"));
    QVERIFY(users.open(QIODevice::WriteOnly));
    users.write("alice:{SHA}" +
                QCryptographicHash::hash("secret", QCryptographicHash::Sha1).toBase64() + "\n");
    users.close();

    m_backend = std::make_unique<TestBackend>(QStringLiteral("origin"));
    Topology t;
    Listener secure = listener(QStringLiteral("secure"));
    secure.protocol = Protocol::Https;
    t.listeners = {listener(QStringLiteral("web")), secure};
    t.services = {service(QStringLiteral("origin"), {m_backend->address()}),
                  service(QStringLiteral("dead"), {QStringLiteral("127.0.0.1:1")})};
    Certificate certificate;
    certificate.name = QStringLiteral("tls");
    certificate.certificate = m_dir.filePath("tls.crt");
    certificate.privateKey = m_dir.filePath("tls.key");
    t.certificates = {certificate};

    SecurityHeaders strict = SecurityHeaders::recommended();
    strict.frameOptions = QStringLiteral("DENY");
    Cors cors;
    cors.allowOrigins = {appOrigin, QStringLiteral("https://*.example.com")};
    cors.exposeHeaders = {QStringLiteral("X-Request-Id")};

    Route credentialed = prefix(QStringLiteral("/cred"), QStringLiteral("origin"));
    credentialed.policy.cors = Cors{};
    credentialed.policy.cors->allowCredentials = true;
    credentialed.policy.cors->allowMethods = {QStringLiteral("GET"), QStringLiteral("POST")};
    credentialed.policy.cors->allowHeaders = {QStringLiteral("X-Token")};
    credentialed.policy.cors->maxAge = 600;
    Route auth = prefix(QStringLiteral("/auth"), QStringLiteral("origin"));
    auth.policy.basicAuth = BasicAuth{users.fileName(), QStringLiteral("Staff"), {}};
    Route denied = prefix(QStringLiteral("/denied"), QStringLiteral("origin"));
    denied.policy.deny = {QStringLiteral("127.0.0.0/8"), QStringLiteral("::/0")};
    Route respond = exact(QStringLiteral("/respond"), QString());
    respond.respond = DirectResponse{200, QStringLiteral("hello\n"), {}};
    Route dead = prefix(QStringLiteral("/dead"), QStringLiteral("dead"));
    // The backend answers /own-fields* with its fields.
    Route filtered = prefix(QStringLiteral("/own-fields-filtered"), QStringLiteral("origin"));
    filtered.responseHeaders.set = {
        HeaderValue{QStringLiteral("X-Frame-Options"), QStringLiteral("FROM-FILTER")}};
    filtered.responseHeaders.add = {HeaderValue{QStringLiteral("Vary"), QStringLiteral("Origin")}};
    VirtualHost corsHost =
        host(QStringLiteral("cors.test"), {prefix(QStringLiteral("/"), QStringLiteral("origin")),
                                           credentialed, auth, denied, respond, dead, filtered});
    corsHost.policy.cors = cors;
    corsHost.policy.securityHeaders = strict;

    VirtualHost tlsHost =
        host(QStringLiteral("tls.test"), {prefix(QStringLiteral("/"), QStringLiteral("origin"))},
             QStringLiteral("tls"));
    tlsHost.policy.securityHeaders = SecurityHeaders::recommended();
    t.hosts = {corsHost, tlsHost,
               host(QStringLiteral("plain.test"),
                    {prefix(QStringLiteral("/"), QStringLiteral("origin"))})};

    const RoutingTablePtr table = RoutingTable::compile(t);
    QStringList errors;
    const auto store = proxy::TlsContextStore::build(*table, nullptr, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    proxy::ProxySettings settings;
    settings.workers = 2;
    settings.collectAccessLog = true;
    m_engine = std::make_unique<proxy::ProxyEngine>(settings);
    m_logged = std::make_unique<QSignalSpy>(m_engine.get(), &proxy::ProxyEngine::requestsLogged);
    m_engine->setHttpsWrapperFactory(proxy::TlsContextStore::wrapperFactory(store));
    QVERIFY2(m_engine->start(table, &errors), qPrintable(errors.join(u'\n')));
    m_web = m_engine->port(QStringLiteral("web"));
    m_secure = m_engine->port(QStringLiteral("secure"));
    QVERIFY(m_web && m_secure);
}

void TestProxyCors::cleanupTestCase() {
    if (m_engine)
        m_engine->stop(Duration(1000));
    m_engine.reset();
    m_backend.reset();
}

std::optional<HttpResponse> TestProxyCors::tlsRequest(const QByteArray &raw) {
    QSslSocket socket;
    QSslConfiguration config = socket.sslConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(m_dir.filePath("ca.crt")));
    socket.setSslConfiguration(config);
    socket.connectToHostEncrypted("127.0.0.1", m_secure, "tls.test");
    if (!socket.waitForEncrypted(10000))
        return std::nullopt;
    socket.write(raw);
    QByteArray received;
    const QDeadlineTimer deadline(10000);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired())
        if (socket.waitForReadyRead(200))
            received += socket.readAll();
    received += socket.readAll();
    const qsizetype end = received.indexOf("\r\n\r\n");
    if (end < 0)
        return std::nullopt;
    HttpResponse response;
    const QList<QByteArray> lines = received.left(end).split('\n');
    response.status = lines.value(0).split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i)
        if (const qsizetype colon = lines[i].indexOf(':'); colon > 0)
            response.headers.append({lines[i].left(colon), lines[i].mid(colon + 1).trimmed()});
    response.body = received.mid(end + 4);
    return response;
}

void TestProxyCors::fields_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("reachesBackend");
    QTest::addColumn<QStringList>("expect");

    const QString methods = "Access-Control-Allow-Methods: " +
                            QString::fromStdString(CompiledCors::compile(Cors{}).methods);
    const QString headers = "Access-Control-Allow-Headers: " +
                            QString::fromStdString(CompiledCors::compile(Cors{}).headers);
    const QStringList security{"X-Frame-Options: DENY", "X-Content-Type-Options: nosniff",
                               "Referrer-Policy: strict-origin-when-cross-origin"};
    const QStringList noCors{"-Access-Control-Allow-Origin", "-Access-Control-Allow-Methods",
                             "-Access-Control-Allow-Credentials", "-Access-Control-Expose-Headers"};

    QTest::newRow("preflight allowed")
        << preflight("cors.test", "/api", app) << false << 204 << false
        << QStringList{"Access-Control-Allow-Origin: " + appOrigin,
                       methods,
                       headers,
                       "Access-Control-Max-Age: 1728000",
                       "-Access-Control-Allow-Credentials",
                       "-Access-Control-Expose-Headers",
                       "Vary ~ Origin",
                       "-Content-Length", // none on a 204 (RFC 9110 8.6)
                       "-Strict-Transport-Security"} +
               security;
    QTest::newRow("preflight with credentials: the origin echoed, not *")
        << preflight("cors.test", "/cred", app) << false << 204 << false
        << QStringList{"Access-Control-Allow-Origin: " + appOrigin,
                       "Access-Control-Allow-Credentials: true",
                       "Access-Control-Allow-Methods: GET, POST",
                       "Access-Control-Allow-Headers: X-Token",
                       "Access-Control-Max-Age: 600",
                       "Vary ~ Origin"};
    QTest::newRow("preflight from a disallowed origin is proxied")
        << preflight("cors.test", "/api", "https://evil.test") << false << 200 << true
        << noCors + security;
    QTest::newRow("OPTIONS without Access-Control-Request-Method is proxied")
        << QByteArray("OPTIONS /api HTTP/1.1\r\nHost: cors.test\r\nOrigin: " + app + "\r\n\r\n")
        << false << 200 << true
        << QStringList{"Access-Control-Allow-Origin: " + appOrigin, "-Access-Control-Allow-Methods",
                       "Vary ~ Origin"};
    QTest::newRow("preflight answered before basic auth")
        << preflight("cors.test", "/auth", "https://sub.example.com") << false << 204 << false
        << QStringList{"Access-Control-Allow-Origin: https://sub.example.com", "-WWW-Authenticate"};
    QTest::newRow("401 refusal gets the CORS and security fields")
        << get("cors.test", "/auth", withOrigin(app)) << false << 401 << false
        << QStringList{"Access-Control-Allow-Origin: " + appOrigin,
                       "Access-Control-Expose-Headers: X-Request-Id", "Vary ~ Origin"} +
               security;
    QTest::newRow("wildcard origin: one label")
        << get("cors.test", "/", withOrigin("https://sub.example.com")) << false << 200 << true
        << QStringList{"Access-Control-Allow-Origin: https://sub.example.com"};
    QTest::newRow("wildcard origin: two labels")
        << get("cors.test", "/", withOrigin("https://a.b.EXAMPLE.com")) << false << 200 << true
        << QStringList{"Access-Control-Allow-Origin: https://a.b.EXAMPLE.com"};
    QTest::newRow("wildcard origin: not the bare domain")
        << get("cors.test", "/", withOrigin("https://example.com")) << false << 200 << true
        << noCors;
    QTest::newRow("wildcard origin: not another scheme")
        << get("cors.test", "/", withOrigin("http://sub.example.com")) << false << 200 << true
        << noCors;
    QTest::newRow("allowed origin: backend's fields replaced, its Vary kept")
        << get("cors.test", "/own-fields", withOrigin(app)) << false << 200 << true
        << QStringList{"Access-Control-Allow-Origin: " + appOrigin,
                       "Access-Control-Expose-Headers: X-Request-Id", "Vary ~ Origin",
                       "Vary ~ Accept-Encoding",
                       // Over plain HTTP the policy sends no HSTS, so the backend's passes.
                       "Strict-Transport-Security: max-age=1"} +
               security;
    QTest::newRow("no Origin: no CORS fields, security headers still")
        << get("cors.test", "/own-fields") << false << 200 << true
        << QStringList{"Access-Control-Allow-Origin: https://backend.example",
                       "Vary: Accept-Encoding", "-Access-Control-Expose-Headers"} +
               security;
    QTest::newRow("disallowed origin: the backend's CORS fields untouched")
        << get("cors.test", "/own-fields", withOrigin("https://evil.test")) << false << 200 << true
        << QStringList{"Access-Control-Allow-Origin: https://backend.example",
                       "Vary: Accept-Encoding"};
    QTest::newRow("route without policies: untouched")
        << get("plain.test", "/own-fields", withOrigin(app)) << false << 200 << true
        << QStringList{"Access-Control-Allow-Origin: https://backend.example",
                       "X-Frame-Options: ALLOWALL", "Vary: Accept-Encoding",
                       "-X-Content-Type-Options", "-Referrer-Policy"};
    QTest::newRow("policy wins over the route's response filter")
        << get("cors.test", "/own-fields-filtered", withOrigin(app)) << false << 200 << true
        << QStringList{"X-Frame-Options: DENY", "Vary ~ Origin", "Vary ~ Accept-Encoding"};
    QTest::newRow("403 refusal") << get("cors.test", "/denied", withOrigin(app)) << false << 403
                                 << false
                                 << QStringList{"Access-Control-Allow-Origin: " + appOrigin,
                                                "Vary ~ Origin"} +
                                        security;
    QTest::newRow("respond route")
        << get("cors.test", "/respond", withOrigin(app)) << false << 200 << false
        << QStringList{"Access-Control-Allow-Origin: " + appOrigin} + security;
    QTest::newRow("502 error page") << get("cors.test", "/dead") << false << 502 << false
                                    << QStringList{"-Access-Control-Allow-Origin"} + security;
    QTest::newRow("HSTS over TLS, replacing the backend's")
        << get("tls.test", "/own-fields", "Connection: close\r\n") << true << 200 << true
        << QStringList{"Strict-Transport-Security: max-age=31536000", "X-Frame-Options: SAMEORIGIN",
                       "X-Content-Type-Options: nosniff"};
    QTest::newRow("no HSTS over plain HTTP: the redirect to HTTPS")
        << get("tls.test", "/") << false << 308 << false
        << QStringList{"-Strict-Transport-Security", "X-Frame-Options: SAMEORIGIN"};
    QTest::newRow("no HSTS over plain HTTP: a proxied response")
        << get("cors.test", "/") << false << 200 << true
        << QStringList{"-Strict-Transport-Security", "X-Frame-Options: DENY"};
}

void TestProxyCors::fields() {
    QFETCH(QByteArray, raw);
    QFETCH(bool, tls);
    QFETCH(int, status);
    QFETCH(bool, reachesBackend);
    QFETCH(QStringList, expect);
    const int before = m_backend->requests();
    const auto response = tls ? tlsRequest(raw) : request(m_web, raw);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, status);
    // The engine answers before the backend is asked, so a count taken now is final for the
    // rows that must not reach it.
    QCOMPARE(m_backend->requests() > before, reachesBackend);
    for (const QString &expectation : std::as_const(expect)) {
        const QString failure = check(*response, expectation);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
}

void TestProxyCors::keepAliveAfterPreflight() {
    RawClient client;
    QVERIFY(client.connectTo(m_web));
    client.send(preflight("cors.test", "/api", app));
    const auto answered = client.read();
    QVERIFY(answered.has_value());
    QCOMPARE(answered->status, 204);
    QCOMPARE(answered->header("Connection"), QByteArray());
    client.send(get("cors.test", "/after", withOrigin(app)));
    const auto next = client.read();
    QVERIFY(next.has_value());
    QCOMPARE(next->status, 200);
    QCOMPARE(next->header("Access-Control-Allow-Origin"), app);
    QVERIFY(next->body.contains("GET /after"));
}

void TestProxyCors::preflightInAccessLog() {
    m_logged->clear();
    const auto response = request(m_web, preflight("cors.test", "/logged", app));
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 204);
    const auto find = [this] {
        for (const QList<QVariant> &batch : std::as_const(*m_logged))
            for (const auto &entry : batch.first().value<QList<proxy::AccessLogEntry>>())
                if (entry.target == "/logged")
                    return std::optional(entry);
        return std::optional<proxy::AccessLogEntry>();
    };
    QTRY_VERIFY_WITH_TIMEOUT(find().has_value(), 3000);
    const proxy::AccessLogEntry entry = *find();
    // Answered by the proxy on the route: no service, no upstream, no refusal.
    QCOMPARE(entry.method, QByteArray("OPTIONS"));
    QCOMPARE(entry.status, 204);
    QCOMPARE(entry.routePath, QStringLiteral("/"));
    QCOMPARE(entry.service, QString());
    QCOMPARE(entry.endpoint, QString());
    QCOMPARE(entry.deniedBy, QString());
}

QTEST_GUILESS_MAIN(TestProxyCors)
#include "tst_proxycors.moc"
