// The differential test of PROXY protocol listeners: real nginx and HAProxy started from the
// exports and the embedded proxy must take the client from the PROXY header (v1 and v2, IPv4
// and IPv6) for a host's access list, and refuse a connection that starts without one. The
// targets that cannot be started here say it in their static configuration or report it.

#include "export/caddyexporter.h"
#include "export/gatewayapiexporter.h"
#include "export/haproxyexporter.h"
#include "export/kubernetesexporter.h"
#include "export/nginxexporter.h"
#include "export/traefikexporter.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/export/differentialharness.h"
#include "tests/export/exporttesthelpers.h"

#include <atomic>
#include <optional>
#include <QTemporaryDir>
#include <QtEndian>
#include <QTest>
#include <thread>

using namespace ingress;
using namespace ingress::testing;

namespace {

Topology proxiedTopology(int port, int backendPort) {
    Topology t;
    t.name = QStringLiteral("proxied");
    Listener web{
        QStringLiteral("web"), QStringLiteral("127.0.0.1:%1").arg(port), Protocol::Http, {}};
    web.proxyProtocol = true;
    t.listeners << web;
    t.services << service(QStringLiteral("app"), {QStringLiteral("127.0.0.1:%1").arg(backendPort)});
    VirtualHost h = host(QStringLiteral("pp.test"),
                         {route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("app"))});
    h.policy.deny = {QStringLiteral("192.0.2.66"), QStringLiteral("2001:db8::66")};
    t.hosts << h;
    return t;
}

QByteArray v1(const QByteArray &family, const QByteArray &source, const QByteArray &destination) {
    return "PROXY " + family + ' ' + source + ' ' + destination + " 40000 80\r\n";
}

// Version 2, PROXY command over TCP/IPv4.
QByteArray v2(quint32 source) {
    QByteArray header("\r\n\r\n\0\r\nQUIT\n", 12);
    header += char(0x21); // version 2, PROXY
    header += char(0x11); // TCP over IPv4
    header += QByteArray("\0\x0c", 2);
    char addresses[12];
    qToBigEndian(source, addresses);
    qToBigEndian(quint32(0x7f000001), addresses + 4);
    qToBigEndian(quint16(40000), addresses + 8);
    qToBigEndian(quint16(80), addresses + 10);
    return header + QByteArray(addresses, 12);
}

// The status of the answer; 0 when the connection was closed without one.
int send(int port, const QByteArray &prefix) {
    const QByteArray response = exchangeUntilClose(
        port, prefix + "GET /who HTTP/1.1\r\nHost: pp.test\r\nConnection: close\r\n\r\n");
    return response.startsWith("HTTP/1.") ? response.mid(9, 3).toInt() : 0;
}

} // namespace

class TestDifferentialProxyProtocol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void claimedClient_data() {
        QTest::addColumn<QString>("target");
        for (const char *target : {"nginx", "haproxy", "engine"})
            QTest::newRow(target) << QString::fromLatin1(target);
    }
    void claimedClient() {
        QFETCH(QString, target);
        BackendPool backends({QStringLiteral("app")});
        const QList<int> ports = backends.startAll();
        const int port = freePort();
        const Topology topology = proxiedTopology(port, ports.first());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ExportResult result;
        std::optional<ProcessGuard> server;
        std::unique_ptr<proxy::ProxyEngine> engine;
        if (target == u"engine") {
            engine = std::make_unique<proxy::ProxyEngine>();
            QStringList errors;
            QVERIFY2(engine->start(RoutingTable::compile(topology), &errors),
                     qPrintable(errors.join(u'\n')));
        } else {
            const QString program = findTool(target);
            if (program.isEmpty())
                INGRESS_MISSING_PEER("nginx or haproxy is not installed");
            QStringList args;
            if (target == u"nginx") {
                result = NginxExporter().exportTopology(topology, {});
                args = {QStringLiteral("-p"), dir.path() + u'/',
                        QStringLiteral("-c"), dir.filePath(QStringLiteral("nginx.conf")),
                        QStringLiteral("-e"), QStringLiteral("stderr"),
                        QStringLiteral("-g"), QStringLiteral("daemon off;")};
            } else {
                result = HAProxyExporter().exportTopology(topology, {});
                args = {QStringLiteral("-f"), dir.filePath(QStringLiteral("haproxy.cfg")),
                        QStringLiteral("-db")};
            }
            QVERIFY(writeExport(result, dir.path()));
            QProcess *process = server.emplace().process.get();
            process->setWorkingDirectory(dir.path());
            process->setProcessChannelMode(QProcess::MergedChannels);
            process->start(program, args);
            QVERIFY2(process->waitForStarted(5000), qPrintable(process->errorString()));
        }
        QVERIFY2(waitForPort(port), qPrintable(QString::fromUtf8(result.mainText)));

        struct Case {
            const char *what;
            QByteArray prefix;
            int status;
        };
        const QList<Case> cases{
            {"v1 allowed", v1("TCP4", "192.0.2.7", "127.0.0.1"), 200},
            {"v1 denied", v1("TCP4", "192.0.2.66", "127.0.0.1"), 403},
            {"v1 IPv6 allowed", v1("TCP6", "2001:db8::7", "::1"), 200},
            {"v1 IPv6 denied", v1("TCP6", "2001:db8::66", "::1"), 403},
            {"v2 allowed", v2(0xc0000207), 200},
            {"v2 denied", v2(0xc0000242), 403},
            {"no header", {}, 0},
        };
        QStringList failures;
        std::atomic<bool> done = false;
        // The client blocks, so it runs beside the event loop the engine needs.
        std::thread client([&] {
            for (const Case &c : cases) {
                if (const int status = send(port, c.prefix); status != c.status)
                    failures << QStringLiteral("%1: %2 (expected %3)")
                                    .arg(QLatin1String(c.what))
                                    .arg(status)
                                    .arg(c.status);
            }
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 40000);
        client.join();
        if (engine)
            engine->stop(Duration(500));
        if (!failures.isEmpty() && !result.mainText.isEmpty())
            qWarning().noquote() << QString::fromUtf8(result.mainText);
        QVERIFY2(failures.isEmpty(),
                 qPrintable(target + QStringLiteral(":\n") + failures.join(u'\n')));
    }

    void otherTargets_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("text"); // in the output, or else in a warning
        QTest::newRow("nginx") << "nginx"
                               << "real_ip_header proxy_protocol;";
        QTest::newRow("haproxy") << "haproxy"
                                 << " accept-proxy";
        QTest::newRow("traefik") << "traefik"
                                 << "proxyProtocol: {insecure: true}";
        QTest::newRow("caddy") << "caddy"
                               << "Caddy 2.6 cannot read the PROXY protocol";
        QTest::newRow("kubernetes") << "kubernetes"
                                    << "use-proxy-protocol: \"true\"";
        QTest::newRow("gateway-api") << "gateway-api"
                                     << "Gateway API has no setting for the PROXY protocol";
    }
    void otherTargets() {
        QFETCH(QString, format);
        QFETCH(QString, text);
        const Topology topology = proxiedTopology(8080, 9001);
        ExportResult result;
        if (format == u"nginx")
            result = NginxExporter().exportTopology(topology, {});
        else if (format == u"haproxy")
            result = HAProxyExporter().exportTopology(topology, {});
        else if (format == u"traefik")
            result = TraefikExporter().exportTopology(topology, {});
        else if (format == u"caddy")
            result = CaddyExporter().exportTopology(topology, {});
        else if (format == u"kubernetes")
            result = KubernetesExporter().exportTopology(topology, {});
        else
            result = GatewayApiExporter().exportTopology(topology, {});
        QVERIFY2(QString::fromUtf8(result.mainText).contains(text) || hasWarning(result, text),
                 qPrintable(QString::fromUtf8(result.mainText)));
    }
};

INGRESS_PEER_TEST_MAIN(TestDifferentialProxyProtocol)
#include "tst_differentialproxyprotocol.moc"
