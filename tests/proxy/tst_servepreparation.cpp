// The steps before serving that the CLI's `serve` and the app's Run share
// (proxy/serve/servepreparation.h): a topology with errors is refused with validation's words,
// a good one starts the engine and a changed one reloads it, and certificates that cannot be
// loaded are reported while the rest is served.
#include "proxy/proxyengine.h"
#include "proxy/serve/servepreparation.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::testing;
using namespace ingress::test;

namespace {

Topology served(const QString &backend) {
    Topology t;
    t.listeners = {listener(QStringLiteral("web"), QStringLiteral("127.0.0.1:%1").arg(freePort()))};
    t.services = {service(QStringLiteral("app"), {backend})};
    t.hosts = {
        host(QStringLiteral("app.test"), {prefix(QStringLiteral("/"), QStringLiteral("app"))})};
    return t;
}

} // namespace

class TestServePreparation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void refusesErrors() {
        Topology t = served(QStringLiteral("127.0.0.1:1"));
        t.hosts[0].routes[0].service = QStringLiteral("nowhere");
        const auto prepared = proxy::ServePreparation::prepare(t, {}, {});
        QVERIFY(!prepared.ok());
        QVERIFY(!prepared.table());
        QVERIFY(hasErrors(prepared.diagnostics()));
        QVERIFY2(prepared.diagnostics().constFirst().message.contains(u"nowhere"),
                 qPrintable(prepared.diagnostics().constFirst().message));
        proxy::ProxyEngine engine;
        QStringList errors;
        QVERIFY(!prepared.applyTo(engine, false, &errors));
        QVERIFY(!engine.isRunning());
    }

    void startsAndReloads() {
        TestBackend backend(QStringLiteral("app"));
        Topology t = served(backend.address());
        const auto first = proxy::ServePreparation::prepare(t, {}, {});
        QVERIFY(first.ok());
        QVERIFY(first.tlsProblems().isEmpty());
        proxy::ProxyEngine engine;
        QStringList errors;
        QVERIFY(first.applyTo(engine, false, &errors));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        const quint16 port = engine.port(QStringLiteral("web"));
        auto response = request(port, get("app.test", "/x"));
        QVERIFY(response);
        QCOMPARE(response->status, 200);

        Route maintenance = prefix(QStringLiteral("/"), QString());
        maintenance.respond = DirectResponse{503, QStringLiteral("later\n"), {}};
        t.hosts[0].routes = {maintenance};
        const auto second = proxy::ServePreparation::prepare(t, {}, {});
        QVERIFY(second.ok());
        QVERIFY(second.applyTo(engine, true, &errors));
        QCOMPARE(engine.port(QStringLiteral("web")), port); // the listener stays
        response = request(port, get("app.test", "/x"));
        QVERIFY(response);
        QCOMPARE(response->status, 503);
        engine.stop(Duration(500));
    }

    // Validation here is told nothing about files, so only building the TLS contexts finds
    // the missing key: reported, and the plain listener still served.
    void reportsCertificatesNotLoaded() {
        QTemporaryDir dir;
        Topology t = served(QStringLiteral("127.0.0.1:1"));
        t.listeners << listener(QStringLiteral("websecure"),
                                QStringLiteral("127.0.0.1:%1").arg(freePort()), Protocol::Https);
        Certificate c;
        c.name = QStringLiteral("app");
        c.certificate = dir.filePath(QStringLiteral("missing.crt"));
        c.privateKey = dir.filePath(QStringLiteral("missing.key"));
        t.certificates = {c};
        t.hosts[0].tls = QStringLiteral("app");
        const auto prepared = proxy::ServePreparation::prepare(t, {}, dir.path());
        QVERIFY2(prepared.ok(), qPrintable(prepared.diagnostics().isEmpty()
                                               ? QString()
                                               : prepared.diagnostics().constFirst().message));
        QVERIFY(!prepared.tlsProblems().isEmpty());
        QVERIFY2(prepared.tlsProblems().join(u'\n').contains(u"app"),
                 qPrintable(prepared.tlsProblems().join(u'\n')));
        proxy::ProxyEngine engine;
        QStringList errors;
        QVERIFY(prepared.applyTo(engine, false, &errors));
        QVERIFY(engine.port(QStringLiteral("web")) != 0);
        engine.stop(Duration(500));
    }
};

QTEST_GUILESS_MAIN(TestServePreparation)
#include "tst_servepreparation.moc"
