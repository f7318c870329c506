// Route mirrors and traffic-split metrics end to end, through the engine (two workers) to real
// backends on loopback: a 100 % mirror gets a copy of every request with its body, a 50 % one
// about half, a mirror service that stalls or is dead never delays nor changes the client's
// answer (its copies fail or are dropped, and are counted), a body over the limit is not
// copied, and a 90/10 split's per-backend metrics agree with what the backends saw.
#include "model/routing/routingtable.h"
#include "proxy/metrics/metricsregistry.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <memory>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

Route mirrored(const QString &service, int percent) {
    Route r = prefix(QStringLiteral("/"), QStringLiteral("primary"));
    r.mirrors << RouteMirror{service, percent, {}};
    return r;
}

// Generous: a request on loopback takes about a millisecond; a mirror that held the client up
// would take its connect or response timeout (seconds).
constexpr qint64 clientLimitMs = 1500;

} // namespace

class TestProxyMirror : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_primary = std::make_unique<TestBackend>(QStringLiteral("primary"));
        m_shadow = std::make_unique<TestBackend>(QStringLiteral("shadow"));
        m_half = std::make_unique<TestBackend>(QStringLiteral("half"));
        m_stable = std::make_unique<TestBackend>(QStringLiteral("stable"));
        m_canary = std::make_unique<TestBackend>(QStringLiteral("canary"));
        // Accepts (the kernel completes the handshakes) and never reads nor answers.
        QVERIFY(m_stall.listen(QHostAddress::LocalHost, 0));
        Topology t;
        t.listeners << listener(QStringLiteral("web"));
        Service stall = service(QStringLiteral("stall"),
                                {QStringLiteral("127.0.0.1:%1").arg(m_stall.serverPort())});
        stall.timeouts.response = Duration(5000);
        t.services << service(QStringLiteral("primary"), {m_primary->address()})
                   << service(QStringLiteral("shadow"), {m_shadow->address()})
                   << service(QStringLiteral("half"), {m_half->address()})
                   << service(QStringLiteral("stable"), {m_stable->address()})
                   << service(QStringLiteral("canary"), {m_canary->address()})
                   << service(QStringLiteral("dead"), {QStringLiteral("127.0.0.1:1")}) << stall;
        Route split = prefix(QStringLiteral("/"), QString());
        split.backends << RouteBackend{QStringLiteral("stable"), 90, {}}
                       << RouteBackend{QStringLiteral("canary"), 10, {}};
        t.hosts << host(QStringLiteral("full.test"), {mirrored(QStringLiteral("shadow"), 100)})
                << host(QStringLiteral("half.test"), {mirrored(QStringLiteral("half"), 50)})
                << host(QStringLiteral("stall.test"), {mirrored(QStringLiteral("stall"), 100)})
                << host(QStringLiteral("dead.test"), {mirrored(QStringLiteral("dead"), 100)})
                << host(QStringLiteral("split.test"), {split});
        proxy::ProxySettings settings;
        settings.workers = 2;
        // Room for copies that lag behind their clients on a loaded machine, few enough for
        // the stalled mirror to fill.
        settings.maxMirrorsInFlight = 16;
        settings.maxMirrorBody = 64 * 1024;
        m_engine = std::make_unique<proxy::ProxyEngine>(settings);
        QVERIFY(m_engine->start(RoutingTable::compile(t)));
        m_port = m_engine->port(QStringLiteral("web"));
        QVERIFY(m_port != 0);
    }
    void cleanupTestCase() {
        m_engine->stop(Duration(1000));
        m_engine.reset();
    }

    void everyRequestWithItsBody_data() {
        QTest::addColumn<bool>("chunked");
        QTest::newRow("Content-Length") << false;
        QTest::newRow("chunked") << true;
    }
    void everyRequestWithItsBody() {
        QFETCH(bool, chunked);
        m_primary->reset();
        m_shadow->reset();
        const auto before = m_engine->metricsSnapshot();
        constexpr int requests = 30;
        for (int i = 0; i < requests; ++i) {
            const QByteArray body = "payload-" + QByteArray::number(i);
            const QByteArray framed =
                chunked ? "Transfer-Encoding: chunked\r\n\r\n" +
                              QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n0\r\n\r\n"
                        : "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
            const auto response =
                request(m_port, "POST /echo?n=" + QByteArray::number(i) +
                                    " HTTP/1.1\r\nHost: full.test\r\nX-Mark: m\r\n" + framed);
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
            QCOMPARE(response->body, body);
            QCOMPARE(response->header("X-Backend"), QByteArray("primary"));
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_shadow->requests(), requests, 15000);
        QList<QByteArray> bodies = m_shadow->echoedBodies();
        QCOMPARE(bodies.size(), requests);
        std::sort(bodies.begin(), bodies.end());
        QList<QByteArray> expected;
        for (int i = 0; i < requests; ++i)
            expected << "payload-" + QByteArray::number(i);
        std::sort(expected.begin(), expected.end());
        QCOMPARE(bodies, expected);
        // The same request: method, target and the fields the primary saw.
        const QByteArray head = m_shadow->heads().first();
        QVERIFY(head.startsWith("POST /echo?n="));
        QVERIFY(head.contains("X-Mark: m\r\n"));
        QVERIFY(head.contains("X-Forwarded-Host: full.test\r\n"));
        QTRY_COMPARE_WITH_TIMEOUT(mirrorDelta("full.test / -> shadow", before).mirrorsAnswered,
                                  std::uint64_t(requests), 15000);
        QCOMPARE(mirrorDelta("full.test / -> shadow", before).mirrorsFailed, std::uint64_t(0));
        QCOMPARE(mirrorDelta("full.test / -> shadow", before).mirrorsDropped, std::uint64_t(0));
    }

    void bodyOverTheLimitIsNotCopied_data() {
        QTest::addColumn<bool>("chunked");
        QTest::newRow("Content-Length") << false;
        QTest::newRow("chunked") << true;
    }
    void bodyOverTheLimitIsNotCopied() {
        QFETCH(bool, chunked);
        m_shadow->reset();
        const auto before = m_engine->metricsSnapshot();
        const QByteArray body(200 * 1024, 'b'); // the limit is 64 KiB
        const QByteArray framed =
            chunked ? "Transfer-Encoding: chunked\r\n\r\n" + QByteArray::number(body.size(), 16) +
                          "\r\n" + body + "\r\n0\r\n\r\n"
                    : "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        const auto response =
            request(m_port, "POST /count HTTP/1.1\r\nHost: full.test\r\n" + framed);
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, "bytes=" + QByteArray::number(body.size()));
        QTRY_COMPARE_WITH_TIMEOUT(mirrorDelta("full.test / -> shadow", before).mirrorsDropped,
                                  std::uint64_t(1), 15000);
        QCOMPARE(mirrorDelta("full.test / -> shadow", before).mirrorsAnswered, std::uint64_t(0));
        // A chunked copy may have started before its body outgrew the limit; none is whole.
        QTest::qWait(100);
        for (const QByteArray &head : m_shadow->heads())
            QVERIFY(head.startsWith("POST /count"));
        QVERIFY(m_shadow->echoedBodies().isEmpty());
    }

    void aShareOfRequests() {
        m_half->reset();
        const auto before = m_engine->metricsSnapshot();
        constexpr int requests = 200;
        for (int i = 0; i < requests; ++i) {
            const auto response = request(m_port, get("half.test", "/x"));
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
        }
        // Copies arrive after their clients' answers: wait for the share's lower bound, then
        // for the counters to agree with what the mirror service saw.
        QTRY_VERIFY_WITH_TIMEOUT(mirrorDelta("half.test / -> half", before).mirrorsAnswered >=
                                     std::uint64_t(requests / 2 - requests / 10),
                                 15000);
        QTRY_COMPARE_WITH_TIMEOUT(mirrorDelta("half.test / -> half", before).mirrorsAnswered,
                                  std::uint64_t(m_half->requests()), 15000);
        QCOMPARE(mirrorDelta("half.test / -> half", before).mirrorsDropped, std::uint64_t(0));
        // Each worker's tickets are consecutive, so its share is within a request or two of
        // 50 %; the bound leaves room for how connections fall on the two workers.
        const int copies = m_half->requests();
        QVERIFY2(std::abs(copies - requests / 2) <= requests / 10,
                 qPrintable(QStringLiteral("%1 of %2 mirrored").arg(copies).arg(requests)));
    }

    void deadMirrorDoesNotDelay() {
        m_primary->reset();
        const auto before = m_engine->metricsSnapshot();
        constexpr int requests = 20;
        for (int i = 0; i < requests; ++i) {
            QElapsedTimer timer;
            timer.start();
            const auto response = request(m_port, get("dead.test", "/x"));
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
            QCOMPARE(response->header("X-Backend"), QByteArray("primary"));
            QVERIFY2(timer.elapsed() < clientLimitMs, qPrintable(QString::number(timer.elapsed())));
        }
        QCOMPARE(m_primary->requests(), requests);
        // Refused connects: failed, not answered.
        QTRY_COMPARE_WITH_TIMEOUT(mirrorDelta("dead.test / -> dead", before).mirrorsFailed,
                                  std::uint64_t(requests), 15000);
    }

    void splitMetricsPerBackend() {
        m_stable->reset();
        m_canary->reset();
        const auto before = m_engine->metricsSnapshot();
        constexpr int requests = 400;
        for (int i = 0; i < requests; ++i) {
            const auto response = request(m_port, get("split.test", "/x"));
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
        }
        const int stable = m_stable->requests();
        QCOMPARE(stable + m_canary->requests(), requests);
        QVERIFY2(std::abs(stable - 0.9 * requests) <= 0.03 * requests,
                 qPrintable(QStringLiteral("stable got %1 of %2").arg(stable).arg(requests)));
        QTRY_COMPARE_WITH_TIMEOUT(backendDelta("split.test / -> stable", before) +
                                      backendDelta("split.test / -> canary", before),
                                  std::uint64_t(requests), 15000);
        QCOMPARE(backendDelta("split.test / -> stable", before), std::uint64_t(stable));
        QCOMPARE(backendDelta("split.test / -> canary", before),
                 std::uint64_t(m_canary->requests()));
        // And Prometheus shows them.
        const QByteArray text = proxy::MetricsRegistry::toPrometheus(m_engine->metricsSnapshot());
        QVERIFY(text.contains(
            "ingress_requests_total{scope=\"backend\",name=\"split.test / -> canary\"}"));
        QVERIFY(text.contains("ingress_mirror_requests_total{scope=\"mirror\",name=\"full.test / "
                              "-> shadow\",result=\"answered\"}"));
    }

    // Last: its copies stay in flight until the stall service's response timeout.
    void stalledMirrorDoesNotDelay() {
        m_primary->reset();
        const auto before = m_engine->metricsSnapshot();
        constexpr int requests = 40;
        for (int i = 0; i < requests; ++i) {
            QElapsedTimer timer;
            timer.start();
            const auto response = request(m_port, "POST /echo HTTP/1.1\r\nHost: stall.test\r\n"
                                                  "Content-Length: 5\r\n\r\nhello");
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
            QCOMPARE(response->body, QByteArray("hello"));
            QVERIFY2(timer.elapsed() < clientLimitMs, qPrintable(QString::number(timer.elapsed())));
        }
        QCOMPARE(m_primary->requests(), requests);
        // At most 16 copies in flight per worker (two workers): the rest are dropped, not
        // queued.
        QTRY_VERIFY_WITH_TIMEOUT(mirrorDelta("stall.test / -> stall", before).mirrorsDropped >=
                                     std::uint64_t(requests - 32),
                                 15000);
        // The copies in flight time out (5 s) and count as failed.
        QTRY_COMPARE_WITH_TIMEOUT(mirrorDelta("stall.test / -> stall", before).mirrorsDropped +
                                      mirrorDelta("stall.test / -> stall", before).mirrorsFailed,
                                  std::uint64_t(requests), 20000);
        QCOMPARE(mirrorDelta("stall.test / -> stall", before).mirrorsAnswered, std::uint64_t(0));
    }

private:
    proxy::MetricCounters subject(const proxy::MetricsSnapshot &s, proxy::MetricScope scope,
                                  const std::string &name) const {
        const auto found = s.subjects.find({scope, name});
        return found == s.subjects.end() ? proxy::MetricCounters{} : found->second;
    }
    proxy::MetricCounters mirrorDelta(const std::string &name,
                                      const proxy::MetricsSnapshot &before) const {
        const proxy::MetricCounters now =
            subject(m_engine->metricsSnapshot(), proxy::MetricScope::Mirror, name);
        const proxy::MetricCounters then = subject(before, proxy::MetricScope::Mirror, name);
        proxy::MetricCounters delta;
        delta.mirrorsAnswered = now.mirrorsAnswered - then.mirrorsAnswered;
        delta.mirrorsFailed = now.mirrorsFailed - then.mirrorsFailed;
        delta.mirrorsDropped = now.mirrorsDropped - then.mirrorsDropped;
        return delta;
    }
    std::uint64_t backendDelta(const std::string &name,
                               const proxy::MetricsSnapshot &before) const {
        return subject(m_engine->metricsSnapshot(), proxy::MetricScope::Backend, name).requests -
               subject(before, proxy::MetricScope::Backend, name).requests;
    }

    std::unique_ptr<TestBackend> m_primary, m_shadow, m_half, m_stable, m_canary;
    QTcpServer m_stall;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(TestProxyMirror)
#include "tst_proxymirror.moc"
