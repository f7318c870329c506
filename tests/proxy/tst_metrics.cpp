#include "model/yaml/topologyloader.h"
#include "proxy/metrics/atomicworkermetrics.h"
#include "proxy/metrics/latencyhistogram.h"
#include "proxy/metrics/metricdefinitions.h"
#include "proxy/metrics/metricsregistry.h"
#include "proxy/metrics/prometheusformat.h"

#include <atomic>
#include <numeric>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>
#include <thread>

using namespace ingress;
using namespace ingress::proxy;

namespace {

// web, api listeners; hosts food.bar.com (routes /, /api) and *.bar.com (route /);
// services food (two endpoints) and pets (one).
SubjectNames shopNames() {
    SubjectNames names;
    names.listeners = {"web", "api"};
    names.hosts = {"food.bar.com", "*.bar.com"};
    names.routes = {{"food.bar.com /", "food.bar.com /api"}, {"*.bar.com /"}};
    names.services = {"food", "pets"};
    names.endpoints = {{"food/127.0.0.1:9001", "food/127.0.0.1:9002"}, {"pets/127.0.0.1:9003"}};
    return names;
}

RequestRecord request(int status, int service = 0, int endpoint = 0, std::int64_t us = 1000) {
    RequestRecord record;
    record.listener = 0;
    record.host = 0;
    record.route = 1;
    record.service = service;
    record.endpoint = endpoint;
    record.status = status;
    record.bytesIn = 100;
    record.bytesOut = 1000;
    record.durationUs = us;
    return record;
}

const MetricCounters &subject(const MetricsSnapshot &snapshot, MetricScope scope,
                              const std::string &name) {
    static const MetricCounters none;
    const auto found = snapshot.subjects.find({scope, name});
    return found != snapshot.subjects.end() ? found->second : none;
}

// A worker recording as fast as it can until told to stop. std::thread rather than QThread:
// joining it is visible to ThreadSanitizer, whereas QThread::wait() synchronises inside an
// uninstrumented Qt and would be reported as a race.
void recordUntilStopped(WorkerMetrics *metrics, const std::atomic<bool> &stop,
                        std::uint64_t &recorded) {
    std::uint64_t i = 0;
    for (; !stop.load(std::memory_order_relaxed); ++i) {
        metrics->connectionOpened(int(i % 2));
        metrics->record(request(i % 5 == 0 ? 503 : 200, int(i % 2), 0, 100 + i % 1000));
        metrics->connectionClosed(int(i % 2));
    }
    recorded = i;
}

} // namespace

class TestMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bucketsAreMonotonicAndPrecise_data() {
        QTest::addColumn<qint64>("valueUs");
        QTest::newRow("0") << qint64(0);
        QTest::newRow("31") << qint64(31);
        QTest::newRow("32") << qint64(32);
        QTest::newRow("10us") << qint64(10);
        QTest::newRow("1ms") << qint64(1000);
        QTest::newRow("12345") << qint64(12345);
        QTest::newRow("1s") << qint64(1'000'000);
        QTest::newRow("60s") << qint64(60'000'000);
    }
    void bucketsAreMonotonicAndPrecise() {
        QFETCH(qint64, valueUs);
        const int index = latencybuckets::indexOf(valueUs);
        QVERIFY(index >= 0 && index < latencybuckets::count);
        QVERIFY(latencybuckets::lowerBound(index) <= valueUs);
        QVERIFY(valueUs < latencybuckets::lowerBound(index) + latencybuckets::width(index));
        const double error = std::abs(latencybuckets::representative(index) - double(valueUs)) /
                             std::max<double>(double(valueUs), 1.0);
        QVERIFY2(error <= 0.031, qPrintable(QString::number(error)));
        if (index + 1 < latencybuckets::count)
            QCOMPARE(latencybuckets::lowerBound(index + 1),
                     latencybuckets::lowerBound(index) + latencybuckets::width(index));
    }

    void bucketsClampOutOfRange() {
        QCOMPARE(latencybuckets::indexOf(-5), 0);
        QCOMPARE(latencybuckets::indexOf(std::numeric_limits<std::int64_t>::max()),
                 latencybuckets::count - 1);
    }

    void percentiles_data() {
        QTest::addColumn<QString>("distribution");
        QTest::addColumn<double>("p50");
        QTest::addColumn<double>("p90");
        QTest::addColumn<double>("p99");
        QTest::newRow("uniform 1..10000us") << "uniform" << 5000.0 << 9000.0 << 9900.0;
        QTest::newRow("constant 2ms") << "constant" << 2000.0 << 2000.0 << 2000.0;
        QTest::newRow("bimodal 90% 1ms, 10% 1s") << "bimodal" << 1000.0 << 1000.0 << 1'000'000.0;
    }
    void percentiles() {
        QFETCH(QString, distribution);
        QFETCH(double, p50);
        QFETCH(double, p90);
        QFETCH(double, p99);
        MetricsRegistry registry;
        // Spread over two workers: the percentiles come from the merged histograms.
        WorkerMetrics *workers[] = {registry.addWorker(shopNames()),
                                    registry.addWorker(shopNames())};
        for (int i = 1; i <= 10000; ++i) {
            std::int64_t us = i;
            if (distribution == u"constant")
                us = 2000;
            else if (distribution == u"bimodal")
                us = i % 10 == 0 ? 1'000'000 : 1000;
            workers[i % 2]->record(request(200, 0, 0, us));
        }
        const MetricsSnapshot snapshot = registry.snapshot();
        for (const MetricCounters *counters :
             {&snapshot.total, &subject(snapshot, MetricScope::Service, "food")}) {
            QCOMPARE(counters->requests, std::uint64_t(10000));
            QVERIFY2(std::abs(counters->p50Us - p50) <= p50 * 0.03,
                     qPrintable(QString::number(counters->p50Us)));
            QVERIFY2(std::abs(counters->p90Us - p90) <= p90 * 0.03,
                     qPrintable(QString::number(counters->p90Us)));
            QVERIFY2(std::abs(counters->p99Us - p99) <= p99 * 0.03,
                     qPrintable(QString::number(counters->p99Us)));
        }
    }

    void countsPerSubject() {
        MetricsRegistry registry;
        WorkerMetrics *worker = registry.addWorker(shopNames());
        worker->record(request(200, 0, 0));
        worker->record(request(201, 0, 1));
        worker->record(request(404, -1, -1));
        RequestRecord retried = request(502, 1, 0);
        retried.retries = 2;
        retried.upstreamConnectError = true;
        retried.listener = 1;
        retried.host = 1;
        retried.route = 0;
        worker->record(retried);
        RequestRecord reused = request(301, 0, 1);
        reused.upstreamReused = true;
        worker->record(reused);
        RequestRecord bogus = request(200, 7, 9); // indices from no table: totals only
        bogus.listener = 5;
        bogus.host = -3;
        worker->record(bogus);

        const MetricsSnapshot s = registry.snapshot();
        QCOMPARE(s.total.requests, std::uint64_t(6));
        QCOMPARE(s.total.responsesByClass, (std::array<std::uint64_t, 5>{0, 3, 1, 1, 1}));
        QCOMPARE(s.total.bytesIn, std::uint64_t(600));
        QCOMPARE(s.total.bytesOut, std::uint64_t(6000));
        QCOMPARE(s.total.retries, std::uint64_t(2));
        QCOMPARE(s.total.upstreamConnectErrors, std::uint64_t(1));
        QCOMPARE(s.total.upstreamConnectionsReused, std::uint64_t(1));
        QCOMPARE(s.total.durationSumUs, std::uint64_t(6000));
        QCOMPARE(subject(s, MetricScope::Listener, "web").requests, std::uint64_t(4));
        QCOMPARE(subject(s, MetricScope::Listener, "api").requests, std::uint64_t(1));
        QCOMPARE(subject(s, MetricScope::Host, "food.bar.com").requests, std::uint64_t(4));
        QCOMPARE(subject(s, MetricScope::Route, "food.bar.com /api").requests, std::uint64_t(4));
        QCOMPARE(subject(s, MetricScope::Route, "*.bar.com /").requests, std::uint64_t(1));
        QCOMPARE(subject(s, MetricScope::Route, "food.bar.com /").requests, std::uint64_t(0));
        QCOMPARE(subject(s, MetricScope::Service, "food").requests, std::uint64_t(3));
        QCOMPARE(subject(s, MetricScope::Service, "pets").responsesByClass[4], std::uint64_t(1));
        QCOMPARE(subject(s, MetricScope::Service, "pets").retries, std::uint64_t(2));
        QCOMPARE(subject(s, MetricScope::Endpoint, "food/127.0.0.1:9002").requests,
                 std::uint64_t(2));
        QCOMPARE(subject(s, MetricScope::Endpoint, "food/127.0.0.1:9002").upstreamConnectionsReused,
                 std::uint64_t(1));
        // Every subject of the table is listed, used or not.
        QCOMPARE(s.subjects.size(), std::size_t(2 + 2 + 3 + 2 + 3));
    }

    // What the canvas draws on the dashed edge to the default service: requests that reached a
    // service without a route (RoutingTable::match's DefaultService), on that service only.
    void countsDefaultServiceRequests() {
        MetricsRegistry registry;
        WorkerMetrics *worker = registry.addWorker(shopNames());
        worker->record(request(200, 0)); // through route 1
        RequestRecord unmatched = request(200, 1);
        unmatched.host = -1;
        unmatched.route = -1;
        worker->record(unmatched);
        worker->record(unmatched);
        RequestRecord notFound = unmatched; // no default service: a 404 without a service
        notFound.service = -1;
        notFound.status = 404;
        worker->record(notFound);
        const MetricsSnapshot s = registry.snapshot();
        QCOMPARE(s.total.defaultServiceRequests, std::uint64_t(2));
        QCOMPARE(subject(s, MetricScope::Service, "pets").defaultServiceRequests, std::uint64_t(2));
        QCOMPARE(subject(s, MetricScope::Service, "food").defaultServiceRequests, std::uint64_t(0));
        QVERIFY(MetricsRegistry::toPrometheus(s).contains(
            "ingress_default_service_requests_total{scope=\"service\",name=\"pets\"} 2"));
    }

    void connectionGauges() {
        MetricsRegistry registry;
        WorkerMetrics *a = registry.addWorker(shopNames());
        WorkerMetrics *b = registry.addWorker(shopNames());
        a->connectionOpened(0);
        a->connectionOpened(0);
        a->connectionOpened(1);
        b->connectionOpened(0);
        a->connectionClosed(0);
        b->connectionClosed(0);
        b->connectionClosed(1); // closed on b, opened on a: b's own gauge goes negative
        const MetricsSnapshot s = registry.snapshot();
        QCOMPARE(s.total.activeConnections, std::int64_t(1));
        QCOMPARE(subject(s, MetricScope::Listener, "web").activeConnections, std::int64_t(1));
        QCOMPARE(subject(s, MetricScope::Listener, "api").activeConnections, std::int64_t(0));
        QCOMPARE(s.workerConnections, (std::vector<std::int64_t>{2, -1}));
    }

    void rebindKeepsTotals() {
        MetricsRegistry registry;
        WorkerMetrics *worker = registry.addWorker(shopNames());
        worker->record(request(200, 0, 1));
        worker->record(request(200, 1, 0));
        // Reload: pets removed, a new service "toys" first, food's endpoints reordered.
        SubjectNames next = shopNames();
        next.services = {"toys", "food"};
        next.endpoints = {{"toys/127.0.0.1:9005"}, {"food/127.0.0.1:9002", "food/127.0.0.1:9001"}};
        static_cast<AtomicWorkerMetrics *>(worker)->rebind(next);
        worker->record(request(200, 1, 0)); // food, now index 1; 9002, now index 0
        worker->record(request(200, 0, 0)); // toys
        const MetricsSnapshot s = registry.snapshot();
        QCOMPARE(s.total.requests, std::uint64_t(4));
        QCOMPARE(subject(s, MetricScope::Service, "food").requests, std::uint64_t(2));
        QCOMPARE(subject(s, MetricScope::Endpoint, "food/127.0.0.1:9002").requests,
                 std::uint64_t(2));
        QCOMPARE(subject(s, MetricScope::Service, "toys").requests, std::uint64_t(1));
        // A subject gone from the table keeps its count (Prometheus counters never go back).
        QCOMPARE(subject(s, MetricScope::Service, "pets").requests, std::uint64_t(1));
    }

    void rebindFromTable() {
        // The RoutingTable overload: a table without services still binds and records totals.
        MetricsRegistry registry;
        WorkerMetrics *worker = registry.addWorker(RoutingTablePtr());
        worker->record(request(200));
        worker->rebind(RoutingTablePtr());
        worker->record(request(200));
        QCOMPARE(registry.snapshot().total.requests, std::uint64_t(2));
    }

    // The names a compiled table gives its subjects, through the real loader and compiler.
    void namesFromCompiledTable() {
        const LoadResult loaded =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml"));
        QVERIFY(loaded.ok());
        const RoutingTablePtr table = RoutingTable::compile(*loaded.topology);
        QVERIFY(table);
        const SubjectNames names = SubjectNames::fromTable(*table);
        QCOMPARE(names.listeners.size(), table->listeners().size());
        QCOMPARE(names.listeners.front(), std::string("web"));
        QCOMPARE(names.hosts.front(), std::string("food.bar.com"));
        QCOMPARE(names.routes.front().front(), std::string("food.bar.com /"));
        QCOMPARE(names.services.front(), std::string("food"));
        QCOMPARE(names.endpoints.front(),
                 (std::vector<std::string>{"food/127.0.0.1:9001", "food/127.0.0.1:9002"}));

        MetricsRegistry registry;
        WorkerMetrics *worker = registry.addWorker(table);
        RequestRecord record = request(200, 0, 1);
        record.route = 0;
        worker->record(record);
        worker->rebind(table);
        worker->record(record);
        const MetricsSnapshot s = registry.snapshot();
        QCOMPARE(subject(s, MetricScope::Endpoint, "food/127.0.0.1:9002").requests,
                 std::uint64_t(2));
        QCOMPARE(subject(s, MetricScope::Route, "food.bar.com /").requests, std::uint64_t(2));
    }

    // Several worker threads record while another thread snapshots: every snapshot is
    // monotonic and the final one exact. Meant for TSan as much as for the numbers.
    void concurrentRecording() {
        MetricsRegistry registry;
        constexpr int threads = 4;
        std::atomic<bool> stop{false};
        std::vector<std::uint64_t> counts(threads, 0);
        std::vector<std::thread> workers;
        for (int i = 0; i < threads; ++i)
            workers.emplace_back(recordUntilStopped, registry.addWorker(shopNames()),
                                 std::cref(stop), std::ref(counts[std::size_t(i)]));
        // A failed check returns early: the threads must still be stopped and joined.
        const auto joinAll = [&] {
            stop = true;
            for (auto &worker : workers) {
                if (worker.joinable())
                    worker.join();
            }
        };
        const auto guard = qScopeGuard(joinAll);
        // Snapshot while they record: at least 50 snapshots that see traffic in progress.
        std::uint64_t last = 0;
        int overlapping = 0;
        QElapsedTimer timer;
        timer.start();
        while (overlapping < 50 && timer.elapsed() < 20000) {
            const MetricsSnapshot s = registry.snapshot();
            QVERIFY(s.total.requests >= last);
            QVERIFY(s.total.activeConnections >= 0 && s.total.activeConnections <= threads);
            if (s.total.requests > last)
                ++overlapping;
            last = s.total.requests;
            QVERIFY(!MetricsRegistry::toPrometheus(s).isEmpty());
        }
        joinAll();
        const std::uint64_t recorded = std::accumulate(counts.begin(), counts.end(), 0ull);
        QCOMPARE(overlapping, 50);
        const MetricsSnapshot s = registry.snapshot();
        QCOMPARE(s.total.requests, recorded);
        std::uint64_t failures = 0, food = 0;
        for (const std::uint64_t n : counts) {
            failures += (n + 4) / 5;
            food += (n + 1) / 2;
        }
        QCOMPARE(s.total.responsesByClass[4], failures);
        QCOMPARE(subject(s, MetricScope::Service, "food").requests, food);
        QCOMPARE(s.total.activeConnections, std::int64_t(0));
        QCOMPARE(s.workerConnections, std::vector<std::int64_t>(threads, 0));
    }

    void prometheusFormat() {
        MetricsRegistry registry;
        SubjectNames names = shopNames();
        names.hosts[1] = "we\"ird\\host\nname"; // label escaping
        WorkerMetrics *worker = registry.addWorker(names);
        worker->connectionOpened(0);
        for (int i = 0; i < 12; ++i)
            worker->record(request(i < 10 ? 200 : 503, 0, 0, 2000));
        RequestRecord odd = request(200, 1);
        odd.host = 1;
        odd.route = 0;
        worker->record(odd);
        const QByteArray text = MetricsRegistry::toPrometheus(registry.snapshot());
        QVERIFY(text.endsWith('\n'));

        // Parse it back line by line with the exposition grammar.
        static const QRegularExpression helpLine(
            QStringLiteral(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$)"));
        static const QRegularExpression typeLine(QStringLiteral(
            R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|summary|histogram|untyped)$)"));
        static const QRegularExpression sampleLine(
            QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^"
                           "\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? (\\S+)$"));
        QMap<QString, QString> types;
        QStringList familyOrder;
        QMap<QString, double> values;
        QString current;
        for (const QByteArray &raw : text.split('\n')) {
            const QString line = QString::fromUtf8(raw);
            if (line.isEmpty())
                continue;
            if (const auto m = helpLine.match(line); m.hasMatch()) {
                QVERIFY2(!familyOrder.contains(m.captured(1)), qPrintable(line));
                familyOrder.append(m.captured(1));
                current = m.captured(1);
                continue;
            }
            if (const auto m = typeLine.match(line); m.hasMatch()) {
                QCOMPARE(m.captured(1), current);
                types[current] = m.captured(2);
                continue;
            }
            const auto m = sampleLine.match(line);
            QVERIFY2(m.hasMatch(), qPrintable(line));
            const QString name = m.captured(1);
            // Samples belong to the family declared last (summary: _sum/_count suffixes).
            QVERIFY2(name == current || name == current + QStringLiteral("_sum") ||
                         name == current + QStringLiteral("_count"),
                     qPrintable(line));
            if (types[current] == u"counter")
                QVERIFY2(name.endsWith(u"_total"), qPrintable(line));
            bool ok = false;
            const double value = m.captured(4).toDouble(&ok);
            QVERIFY2(ok, qPrintable(line));
            QVERIFY2(!values.contains(name + m.captured(2)), qPrintable(line)); // no duplicates
            values[name + m.captured(2)] = value;
        }
        QCOMPARE(types.value("ingress_requests_total"), QStringLiteral("counter"));
        QCOMPARE(types.value("ingress_request_duration_seconds"), QStringLiteral("summary"));
        QCOMPARE(types.value("ingress_active_connections"), QStringLiteral("gauge"));
        QCOMPARE(values.value(R"(ingress_requests_total{scope="service",name="food"})"), 12.0);
        QCOMPARE(values.value(R"(ingress_requests_total{scope="total"})"), 13.0);
        QCOMPARE(values.value(R"(ingress_responses_total{scope="service",name="food",code="5xx"})"),
                 2.0);
        QCOMPARE(values.value(
                     "ingress_requests_total{scope=\"host\",name=\"we\\\"ird\\\\host\\nname\"}"),
                 1.0);
        QCOMPARE(values.value(R"(ingress_active_connections{scope="listener",name="web"})"), 1.0);
        QVERIFY(!values.contains(R"(ingress_active_connections{scope="service",name="food"})"));
        QCOMPARE(values.value(R"(ingress_worker_active_connections{worker="0"})"), 1.0);
        const double p50 = values.value(
            R"(ingress_request_duration_seconds{scope="service",name="food",quantile="0.5"})");
        QVERIFY2(std::abs(p50 - 0.002) < 0.002 * 0.03, qPrintable(QString::number(p50)));
        QCOMPARE(
            values.value(R"(ingress_request_duration_seconds_count{scope="service",name="food"})"),
            12.0);
        QCOMPARE(
            values.value(R"(ingress_request_duration_seconds_sum{scope="service",name="food"})"),
            0.024);
    }

    // A split route's backends and a route's mirrors are subjects of their own, in the
    // snapshot and on /metrics; mirror outcomes count there and in the total, never as requests.
    void backendAndMirrorSubjects() {
        MetricsRegistry registry;
        SubjectNames names = shopNames();
        names.backends = {{{}, {"food.bar.com /api -> food", "food.bar.com /api -> pets"}}, {{}}};
        names.mirrors = {{{}, {"food.bar.com /api -> pets"}}, {{}}};
        WorkerMetrics *worker = registry.addWorker(names);
        for (int i = 0; i < 10; ++i) {
            RequestRecord r = request(200, i < 9 ? 0 : 1);
            r.backend = i < 9 ? 0 : 1;
            worker->record(r);
        }
        for (const MirrorOutcome outcome : {MirrorOutcome::Answered, MirrorOutcome::Answered,
                                            MirrorOutcome::Failed, MirrorOutcome::Dropped})
            worker->recordMirror({0, 1, 0, outcome});
        worker->recordMirror({0, 1, 7, MirrorOutcome::Failed}); // unknown: the total only
        const MetricsSnapshot s = registry.snapshot();
        QCOMPARE(subject(s, MetricScope::Backend, "food.bar.com /api -> food").requests,
                 std::uint64_t(9));
        QCOMPARE(subject(s, MetricScope::Backend, "food.bar.com /api -> pets").requests,
                 std::uint64_t(1));
        const MetricCounters &mirror = subject(s, MetricScope::Mirror, "food.bar.com /api -> pets");
        QCOMPARE(mirror.mirrorsAnswered, std::uint64_t(2));
        QCOMPARE(mirror.mirrorsFailed, std::uint64_t(1));
        QCOMPARE(mirror.mirrorsDropped, std::uint64_t(1));
        QCOMPARE(mirror.requests, std::uint64_t(0));
        QCOMPARE(s.total.mirrorsFailed, std::uint64_t(2));
        QCOMPARE(s.total.requests, std::uint64_t(10));
        const QByteArray text = MetricsRegistry::toPrometheus(s);
        QVERIFY(text.contains(
            "ingress_requests_total{scope=\"backend\",name=\"food.bar.com /api -> pets\"} 1\n"));
        QVERIFY(text.contains("ingress_mirror_requests_total{scope=\"mirror\",name=\"food.bar.com "
                              "/api -> pets\",result=\"answered\"} 2\n"));
        QVERIFY(
            text.contains("ingress_mirror_requests_total{scope=\"total\",result=\"failed\"} 2\n"));
        // Copies are not requests: no request counters or latency for mirror subjects.
        QVERIFY(!text.contains("ingress_requests_total{scope=\"mirror\""));
        QVERIFY(!text.contains("ingress_request_duration_seconds{scope=\"mirror\""));
    }

    // The one list: each definition's add and read address the same field, and every slot is
    // wired to a distinct one.
    void definitionsRoundTrip() {
        const auto &definitions = metricDefinitions();
        for (std::size_t i = 0; i < definitions.size(); ++i) {
            MetricCounters counters;
            definitions[i].add(counters, 41);
            definitions[i].add(counters, 1);
            QCOMPARE(definitions[i].read(counters), std::uint64_t(42));
            for (std::size_t j = 0; j < definitions.size(); ++j) {
                if (j != i)
                    QCOMPARE(definitions[j].read(counters), std::uint64_t(0));
            }
            QVERIFY(!definitions[i].name.empty() && !definitions[i].help.empty());
        }
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
