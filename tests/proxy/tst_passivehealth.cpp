#include "model/routing/routingtable.h"
#include "proxy/balancing/passivehealth.h"
#include "proxy/balancing/servicestateregistry.h"

#include <QTest>

using namespace ingress;
using namespace ingress::proxy;

namespace {

ServiceStatePtr makeService(int endpoints) {
    auto state = std::make_shared<ServiceState>();
    state->name = "svc";
    for (int i = 0; i < endpoints; ++i) {
        state->endpoints.push_back(std::make_unique<EndpointState>());
        state->endpoints.back()->address = "10.0.0." + std::to_string(i + 1) + ":80";
    }
    return state;
}

CompiledService compiled(const std::string &name, const std::vector<std::string> &addresses) {
    CompiledService service;
    service.name = name;
    for (const std::string &address : addresses) {
        CompiledEndpoint endpoint;
        endpoint.index = int(service.endpoints.size());
        endpoint.address = address;
        service.endpoints.push_back(endpoint);
    }
    return service;
}

} // namespace

class TestPassiveHealth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ejectsAfterConsecutiveFailures_data() {
        QTest::addColumn<int>("threshold");
        QTest::addColumn<QString>("outcomes"); // f: failure, s: success
        QTest::addColumn<bool>("ejected");
        QTest::newRow("default five") << 5 << "fffff" << true;
        QTest::newRow("four are not enough") << 5 << "ffff" << false;
        QTest::newRow("success resets") << 5 << "ffffsffff" << false;
        QTest::newRow("reset then five") << 5 << "ffffsfffff" << true;
        QTest::newRow("threshold one") << 1 << "f" << true;
        QTest::newRow("threshold three") << 3 << "sfff" << true;
    }
    void ejectsAfterConsecutiveFailures() {
        QFETCH(int, threshold);
        QFETCH(QString, outcomes);
        QFETCH(bool, ejected);
        PassiveHealthSettings settings;
        settings.consecutiveFailures = threshold;
        const PassiveHealth health(settings);
        auto service = makeService(4);
        const std::int64_t now = 100'000;
        bool reported = false;
        for (const QChar outcome : outcomes) {
            if (outcome == u'f')
                reported = health.reportFailure(*service, 1, now) || reported;
            else
                health.reportSuccess(*service->endpoints[1]);
        }
        QCOMPARE(reported, ejected);
        QCOMPARE(!service->endpoints[1]->isAvailable(now), ejected);
        if (ejected) {
            QCOMPARE(service->endpoints[1]->ejectedUntilMs.load(), now + 10'000);
            QVERIFY(!service->endpoints[1]->isAvailable(now + 9'999));
            QVERIFY(service->endpoints[1]->isAvailable(now + 10'000));
        }
        // The neighbours are untouched.
        QVERIFY(service->endpoints[0]->isAvailable(now));
    }

    void ejectionGrowsAndIsCapped() {
        PassiveHealthSettings settings;
        settings.consecutiveFailures = 2;
        settings.baseEjectionMs = 1000;
        settings.maxEjectionMs = 3500;
        const PassiveHealth health(settings);
        EndpointState endpoint;
        std::int64_t now = 10'000;
        const QList<std::int64_t> expected{1000, 2000, 3000, 3500, 3500};
        for (const std::int64_t duration : expected) {
            QVERIFY(!health.reportFailure(endpoint, now));
            QVERIFY(health.reportFailure(endpoint, now));
            QCOMPARE(endpoint.ejectedUntilMs.load() - now, duration);
            // Failures of requests still in flight while ejected do not count.
            QVERIFY(!health.reportFailure(endpoint, now + 1));
            QVERIFY(!health.reportFailure(endpoint, now + 2));
            QCOMPARE(endpoint.consecutiveFailures.load(), 0);
            now = endpoint.ejectedUntilMs.load() + 100; // back, and soon failing again
        }
        // A long quiet spell (over maxEjectionMs) forgets earlier ejections.
        now += 10'000;
        QVERIFY(!health.reportFailure(endpoint, now));
        QVERIFY(health.reportFailure(endpoint, now));
        QCOMPARE(endpoint.ejectedUntilMs.load() - now, 1000);
    }

    void recoversOverTime() {
        const PassiveHealth health;
        auto service = makeService(3);
        std::int64_t now = 5'000;
        for (int i = 0; i < 5; ++i)
            health.reportFailure(*service, 0, now);
        QVERIFY(!service->endpoints[0]->isAvailable(now));
        for (std::int64_t t = now; t < now + 10'000; t += 1'000)
            QVERIFY(!service->endpoints[0]->isAvailable(t));
        now += 10'000;
        QVERIFY(service->endpoints[0]->isAvailable(now));
        // Back in rotation with a clean slate: one failure does not eject it again.
        QVERIFY(!health.reportFailure(*service, 0, now));
        QVERIFY(service->endpoints[0]->isAvailable(now));
    }

    // The documented decision: never the last available endpoint, at most
    // maxEjectionPercent (but always at least one) ejected at once.
    void ejectionLimits_data() {
        QTest::addColumn<int>("endpoints");
        QTest::addColumn<int>("percent");
        QTest::addColumn<QString>("unhealthy"); // actively unhealthy endpoints ('u')
        QTest::addColumn<int>("ejectable");     // how many of the failing ones get ejected
        QTest::newRow("single endpoint never") << 1 << 50 << "." << 0;
        QTest::newRow("two: one") << 2 << 50 << ".." << 1;
        QTest::newRow("two at 100%: still one left") << 2 << 100 << ".." << 1;
        QTest::newRow("ten at 50%: five") << 10 << 50 << ".........." << 5;
        QTest::newRow("ten at 10%: one") << 10 << 10 << ".........." << 1;
        QTest::newRow("three at 0%: at least one") << 3 << 0 << "..." << 1;
        QTest::newRow("other is unhealthy") << 2 << 100 << "u." << 0;
        QTest::newRow("four, two unhealthy") << 4 << 100 << "uu.." << 1;
    }
    void ejectionLimits() {
        QFETCH(int, endpoints);
        QFETCH(int, percent);
        QFETCH(QString, unhealthy);
        QFETCH(int, ejectable);
        PassiveHealthSettings settings;
        settings.maxEjectionPercent = percent;
        const PassiveHealth health(settings);
        auto service = makeService(endpoints);
        const std::int64_t now = 1'000;
        for (int i = 0; i < endpoints; ++i)
            service->endpoints[std::size_t(i)]->activeHealthy = unhealthy[i] != u'u';
        int ejected = 0;
        // Every healthy endpoint fails, many times over.
        for (int round = 0; round < 20; ++round) {
            for (int i = 0; i < endpoints; ++i) {
                if (unhealthy[i] != u'u' && health.reportFailure(*service, i, now))
                    ++ejected;
            }
        }
        QCOMPARE(ejected, ejectable);
        int available = 0;
        for (const auto &endpoint : service->endpoints)
            available += endpoint->isAvailable(now) ? 1 : 0;
        QVERIFY(available >= 1 || unhealthy.count(u'.') == 0);
    }

    void badIndexIgnored() {
        const PassiveHealth health;
        auto service = makeService(2);
        QVERIFY(!health.reportFailure(*service, -1, 0));
        QVERIFY(!health.reportFailure(*service, 2, 0));
    }

    // ServiceStateRegistry: health and ejections survive reloads, keyed by name + address.
    void registryKeepsUnchangedService() {
        ServiceStateRegistry registry;
        const auto first = registry.update(
            std::vector<CompiledService>{compiled("a", {"h:1", "h:2"}), compiled("b", {"h:3"})});
        QCOMPARE(first.size(), std::size_t(2));
        QCOMPARE(first[0]->endpoints.size(), std::size_t(2));
        first[0]->endpoints[1]->activeHealthy = false;
        first[0]->endpoints[0]->activeRequests = 3;
        auto reorderedServices =
            std::vector<CompiledService>{compiled("b", {"h:3"}), compiled("a", {"h:1", "h:2"})};
        reorderedServices[1].endpoints[0].weight = 7; // weights are not state
        const auto second = registry.update(reorderedServices);
        QCOMPARE(second[1], first[0]); // the very same object
        QCOMPARE(second[0], first[1]);
        QCOMPARE(second[1]->endpoints[0]->activeRequests.load(), 3);
        QCOMPARE(registry.find("a"), first[0]);
    }

    void registryRebuildsChangedService() {
        ServiceStateRegistry registry;
        const auto first =
            registry.update(std::vector<CompiledService>{compiled("a", {"h:1", "h:2", "h:3"})});
        first[0]->endpoints[1]->activeHealthy = false;
        first[0]->endpoints[2]->ejectedUntilMs = 12345;
        first[0]->endpoints[2]->ejections = 2;
        first[0]->endpoints[2]->activeRequests = 4;
        const auto second =
            registry.update(std::vector<CompiledService>{compiled("a", {"h:3", "h:4", "h:2"})});
        QVERIFY(second[0] != first[0]);
        const auto &endpoints = second[0]->endpoints;
        QCOMPARE(endpoints.size(), std::size_t(3));
        QCOMPARE(endpoints[0]->address, std::string("h:3"));
        QCOMPARE(endpoints[0]->ejectedUntilMs.load(), 12345);
        QCOMPARE(endpoints[0]->ejections.load(), 2);
        QCOMPARE(endpoints[0]->activeRequests.load(), 0); // in-flight ones drain the old state
        QVERIFY(endpoints[1]->activeHealthy.load());      // new
        QVERIFY(!endpoints[2]->activeHealthy.load());     // inherited
        // The old state is untouched for the workers still using it.
        QCOMPARE(first[0]->endpoints[2]->activeRequests.load(), 4);
        // A removed service is forgotten; coming back starts fresh.
        registry.update(std::vector<CompiledService>{});
        QVERIFY(!registry.find("a"));
        const auto third =
            registry.update(std::vector<CompiledService>{compiled("a", {"h:3", "h:4", "h:2"})});
        QCOMPARE(third[0]->endpoints[0]->ejectedUntilMs.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPassiveHealth)
#include "tst_passivehealth.moc"
