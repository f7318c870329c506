#include "model/routing/routingtable.h"
#include "proxy/balancing/hashing.h"
#include "proxy/balancing/loadbalancer.h"
#include "proxy/balancing/randombalancer.h"

#include <deque>
#include <map>
#include <numeric>
#include <QSet>
#include <QTest>

using namespace ingress;
using namespace ingress::proxy;

Q_DECLARE_METATYPE(ingress::LoadBalancing)

namespace {

struct Fixture {
    CompiledService service;
    ServiceStatePtr state = std::make_shared<ServiceState>();

    Fixture(LoadBalancing policy, const QList<int> &weights, int firstPort = 9001) {
        service.name = "svc";
        service.policy = policy;
        state->name = "svc";
        for (int i = 0; i < weights.size(); ++i)
            add(firstPort + i, weights[i]);
    }
    void add(int port, int weight) {
        CompiledEndpoint endpoint;
        endpoint.index = int(service.endpoints.size());
        endpoint.host = "10.0.0.1";
        endpoint.port = std::uint16_t(port);
        endpoint.address = "10.0.0.1:" + std::to_string(port);
        endpoint.weight = weight;
        service.endpoints.push_back(endpoint);
        auto live = std::make_unique<EndpointState>();
        live->address = endpoint.address;
        state->endpoints.push_back(std::move(live));
    }
    EndpointState &endpoint(int i) { return *state->endpoints[std::size_t(i)]; }
    std::unique_ptr<LoadBalancer> balancer() const { return makeLoadBalancer(service, state); }
};

// Picks `count` times, each pick an instant request (LeastConnections sees only ties).
QList<int> histogram(LoadBalancer &balancer, int endpoints, int count, PickRequest request = {}) {
    QList<int> counts(endpoints, 0);
    for (int i = 0; i < count; ++i) {
        const int picked = balancer.pick(request);
        if (picked < 0 || picked >= endpoints)
            return {};
        ++counts[picked];
    }
    return counts;
}

QString letters(const QList<int> &picks) {
    QString out;
    for (const int pick : picks)
        out += QChar(u'a' + pick);
    return out;
}

} // namespace

class TestLoadBalancer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smoothRoundRobinSequence_data() {
        QTest::addColumn<QList<int>>("weights");
        QTest::addColumn<QString>("sequence");
        QTest::newRow("nginx 5,1,1") << QList<int>{5, 1, 1} << "aabacaa";
        QTest::newRow("equal") << QList<int>{1, 1, 1} << "abcabc";
        QTest::newRow("2,1") << QList<int>{2, 1} << "abaaba";
        QTest::newRow("single") << QList<int>{3} << "aaaa";
        QTest::newRow("zero weight drained") << QList<int>{1, 0, 1} << "acac";
    }
    void smoothRoundRobinSequence() {
        QFETCH(QList<int>, weights);
        QFETCH(QString, sequence);
        Fixture f(LoadBalancing::RoundRobin, weights);
        auto balancer = f.balancer();
        QList<int> picks;
        for (int i = 0; i < sequence.size(); ++i)
            picks.append(balancer->pick({}));
        QCOMPARE(letters(picks), sequence);
    }

    void distribution_data() {
        QTest::addColumn<LoadBalancing>("policy");
        QTest::addColumn<QList<int>>("weights");
        QTest::addColumn<int>("picks");
        QTest::addColumn<double>("tolerance"); // of each share, absolute
        QTest::newRow("round robin 1:3 exact")
            << LoadBalancing::RoundRobin << QList<int>{1, 3} << 4000 << 0.0;
        QTest::newRow("round robin 2:3:5 exact")
            << LoadBalancing::RoundRobin << QList<int>{2, 3, 5} << 1000 << 0.0;
        QTest::newRow("least connections idle 1:3")
            << LoadBalancing::LeastConnections << QList<int>{1, 3} << 4000 << 0.0;
        QTest::newRow("random 1:3") << LoadBalancing::Random << QList<int>{1, 3} << 4000 << 0.03;
        QTest::newRow("random 1:1:1:1")
            << LoadBalancing::Random << QList<int>{1, 1, 1, 1} << 8000 << 0.03;
    }
    void distribution() {
        QFETCH(LoadBalancing, policy);
        QFETCH(QList<int>, weights);
        QFETCH(int, picks);
        QFETCH(double, tolerance);
        Fixture f(policy, weights);
        auto balancer = f.balancer();
        const QList<int> counts = histogram(*balancer, int(weights.size()), picks);
        QCOMPARE(counts.size(), weights.size());
        const int total = std::accumulate(weights.begin(), weights.end(), 0);
        for (int i = 0; i < weights.size(); ++i) {
            const double expected = double(weights[i]) / total;
            const double actual = double(counts[i]) / picks;
            if (std::abs(actual - expected) > tolerance)
                QFAIL(qPrintable(QStringLiteral("endpoint %1: share %2, expected %3")
                                     .arg(i)
                                     .arg(actual)
                                     .arg(expected)));
        }
    }

    // Requests that stay open: each policy that looks at load must spread concurrent requests
    // by weight. Simulates a fixed number in flight, oldest finishing first.
    void distributionUnderLoad_data() {
        QTest::addColumn<LoadBalancing>("policy");
        QTest::newRow("least connections") << LoadBalancing::LeastConnections;
        QTest::newRow("random two choices") << LoadBalancing::Random;
    }
    void distributionUnderLoad() {
        QFETCH(LoadBalancing, policy);
        Fixture f(policy, {1, 3});
        auto balancer = f.balancer();
        std::deque<int> inFlight;
        QList<int> counts(2, 0);
        for (int i = 0; i < 4000; ++i) {
            if (inFlight.size() == 16) {
                --f.endpoint(inFlight.front()).activeRequests;
                inFlight.pop_front();
            }
            const int picked = balancer->pick({});
            QVERIFY(picked >= 0);
            ++f.endpoint(picked).activeRequests;
            inFlight.push_back(picked);
            ++counts[picked];
        }
        QVERIFY2(std::abs(counts[1] / 4000.0 - 0.75) < 0.05,
                 qPrintable(QString::number(counts[1])));
    }

    void leastConnectionsPrefersIdle_data() {
        QTest::addColumn<QList<int>>("weights");
        QTest::addColumn<QList<int>>("active");
        QTest::addColumn<int>("expected");
        QTest::newRow("fewest") << QList<int>{1, 1, 1} << QList<int>{3, 1, 2} << 1;
        QTest::newRow("per weight") << QList<int>{1, 4} << QList<int>{1, 3} << 1;
        QTest::newRow("per weight other") << QList<int>{1, 2} << QList<int>{1, 3} << 0;
    }
    void leastConnectionsPrefersIdle() {
        QFETCH(QList<int>, weights);
        QFETCH(QList<int>, active);
        QFETCH(int, expected);
        Fixture f(LoadBalancing::LeastConnections, weights);
        for (int i = 0; i < active.size(); ++i)
            f.endpoint(i).activeRequests = active[i];
        auto balancer = f.balancer();
        for (int i = 0; i < 5; ++i)
            QCOMPARE(balancer->pick({}), expected);
    }

    void leastConnectionsTiesRotate() {
        Fixture f(LoadBalancing::LeastConnections, {1, 1, 1});
        f.endpoint(0).activeRequests = 5;
        auto balancer = f.balancer();
        QList<int> picks;
        for (int i = 0; i < 4; ++i)
            picks.append(balancer->pick({}));
        QCOMPARE(letters(picks), QStringLiteral("bcbc"));
    }

    // Every policy: ejected, unhealthy, excluded and drained endpoints are never picked.
    void skipsUnavailable_data() {
        QTest::addColumn<LoadBalancing>("policy");
        QTest::addColumn<QString>("down"); // per endpoint: '.' up, 'e' ejected, 'u' unhealthy,
                                           // 'x' excluded
        QTest::addColumn<int>("expected"); // -1: none; otherwise the only pickable endpoint
        const QList<std::pair<const char *, LoadBalancing>> policies{
            {"rr", LoadBalancing::RoundRobin},
            {"lc", LoadBalancing::LeastConnections},
            {"hash", LoadBalancing::IPHash},
            {"random", LoadBalancing::Random}};
        for (const auto &[name, policy] : policies) {
            QTest::addRow("%s one left", name) << policy << "eu.x" << 2;
            QTest::addRow("%s ejected and unhealthy", name) << policy << ".eu" << 0;
            QTest::addRow("%s all down", name) << policy << "eue" << -1;
            QTest::addRow("%s only one excluded", name) << policy << "x" << -1;
            QTest::addRow("%s ejection over", name) << policy << "EEu." << -2;
        }
    }
    void skipsUnavailable() {
        QFETCH(LoadBalancing, policy);
        QFETCH(QString, down);
        QFETCH(int, expected);
        Fixture f(policy, QList<int>(down.size(), 1));
        PickRequest request;
        request.nowMs = 50'000;
        for (int i = 0; i < down.size(); ++i) {
            if (down[i] == u'e')
                f.endpoint(i).ejectedUntilMs = request.nowMs + 1;
            if (down[i] == u'E') // ejection ended exactly now: available again
                f.endpoint(i).ejectedUntilMs = request.nowMs;
            if (down[i] == u'u')
                f.endpoint(i).activeHealthy = false;
            if (down[i] == u'x')
                request.exclude = i;
        }
        auto balancer = f.balancer();
        QSet<int> seen;
        for (int i = 0; i < 200; ++i) {
            request.clientHash = hashBytes(std::to_string(i));
            seen.insert(balancer->pick(request));
        }
        if (expected == -2) { // "EEu.": 0, 1 and 3 may be picked
            QVERIFY(!seen.contains(2) && !seen.contains(-1));
            QVERIFY(seen.contains(0) || seen.contains(1));
        } else {
            QCOMPARE(seen, QSet<int>{expected});
        }
    }

    void emptyService_data() {
        QTest::addColumn<LoadBalancing>("policy");
        QTest::newRow("rr") << LoadBalancing::RoundRobin;
        QTest::newRow("lc") << LoadBalancing::LeastConnections;
        QTest::newRow("hash") << LoadBalancing::IPHash;
        QTest::newRow("random") << LoadBalancing::Random;
    }
    void emptyService() {
        QFETCH(LoadBalancing, policy);
        Fixture f(policy, {});
        QCOMPARE(f.balancer()->pick({}), -1);
        QCOMPARE(makeLoadBalancer(f.service, nullptr)->pick({}), -1);
    }

    void ipHashStable() {
        Fixture f(LoadBalancing::IPHash, {1, 1, 1, 1, 1});
        auto first = f.balancer();
        auto second = f.balancer(); // another worker's instance
        for (int client = 0; client < 1000; ++client) {
            PickRequest request;
            request.clientHash = hashBytes("192.168.0." + std::to_string(client));
            const int picked = first->pick(request);
            QCOMPARE(first->pick(request), picked);
            QCOMPARE(second->pick(request), picked);
        }
    }

    void ipHashConsistency_data() {
        QTest::addColumn<int>("removed");
        QTest::addColumn<bool>("reorder");
        QTest::newRow("remove first") << 0 << false;
        QTest::newRow("remove middle") << 4 << false;
        QTest::newRow("remove last") << 9 << false;
        QTest::newRow("remove and reverse order") << 3 << true;
    }
    void ipHashConsistency() {
        QFETCH(int, removed);
        QFETCH(bool, reorder);
        Fixture before(LoadBalancing::IPHash, QList<int>(10, 1));
        QList<int> ports;
        for (int i = 0; i < 10; ++i) {
            if (i != removed)
                ports.append(9001 + i);
        }
        if (reorder)
            std::reverse(ports.begin(), ports.end());
        Fixture after(LoadBalancing::IPHash, {});
        for (const int port : ports)
            after.add(port, 1);
        auto old = before.balancer();
        auto now = after.balancer();
        const std::string removedAddress = before.service.endpoints[std::size_t(removed)].address;
        int moved = 0;
        QList<int> load(10, 0);
        for (int client = 0; client < 10000; ++client) {
            PickRequest request;
            request.clientHash = hashBytes("10.1." + std::to_string(client / 256) + '.' +
                                           std::to_string(client % 256));
            const std::string &was =
                before.service.endpoints[std::size_t(old->pick(request))].address;
            const std::string &is =
                after.service.endpoints[std::size_t(now->pick(request))].address;
            ++load[old->pick(request)];
            if (was != is) {
                ++moved;
                // Only the clients of the removed endpoint may move.
                QCOMPARE(was, removedAddress);
            }
        }
        QVERIFY2(moved < 1500, qPrintable(QString::number(moved)));
        QVERIFY(moved > 0);
        // And the hash spreads clients evenly in the first place (~1000 each).
        for (const int n : load)
            QVERIFY2(n > 800 && n < 1200, qPrintable(QString::number(n)));
    }

    void ipHashWeights() {
        Fixture f(LoadBalancing::IPHash, {1, 3});
        auto balancer = f.balancer();
        QList<int> counts(2, 0);
        for (int client = 0; client < 8000; ++client) {
            PickRequest request;
            request.clientHash = hashBytes("client-" + std::to_string(client));
            ++counts[balancer->pick(request)];
        }
        QVERIFY2(std::abs(counts[1] / 8000.0 - 0.75) < 0.03,
                 qPrintable(QString::number(counts[1])));
    }

    void ipHashFallsBackAndReturns() {
        Fixture f(LoadBalancing::IPHash, {1, 1, 1});
        auto balancer = f.balancer();
        PickRequest request;
        request.clientHash = hashBytes("203.0.113.7");
        request.nowMs = 1000;
        const int home = balancer->pick(request);
        f.endpoint(home).ejectedUntilMs = 2000;
        const int fallback = balancer->pick(request);
        QVERIFY(fallback >= 0 && fallback != home);
        request.exclude = fallback;
        const int third = balancer->pick(request);
        QVERIFY(third >= 0 && third != home && third != fallback);
        request.exclude = -1;
        QCOMPARE(balancer->pick(request), fallback); // stable while ejected
        request.nowMs = 2000;
        QCOMPARE(balancer->pick(request), home); // back home once the ejection is over
    }

    void randomSeedsDiffer() {
        Fixture f(LoadBalancing::Random, QList<int>(8, 1));
        RandomBalancer a(f.service, f.state, 1);
        RandomBalancer b(f.service, f.state, 2);
        RandomBalancer c(f.service, f.state, 1);
        QList<int> pa, pb, pc;
        for (int i = 0; i < 32; ++i) {
            pa.append(a.pick({}));
            pb.append(b.pick({}));
            pc.append(c.pick({}));
        }
        QCOMPARE(pa, pc);
        QVERIFY(pa != pb);
    }

    // accepts() (a sticky session's endpoint, tst_stickysessions) holds exactly when pick()
    // could choose the endpoint.
    void acceptsLikePick_data() {
        QTest::addColumn<LoadBalancing>("policy");
        QTest::addColumn<QString>("condition");
        QTest::addColumn<bool>("accepted");
        const QList<std::pair<QString, bool>> conditions{
            {QStringLiteral("healthy"), true},      {QStringLiteral("weight0"), false},
            {QStringLiteral("unhealthy"), false},   {QStringLiteral("ejected"), false},
            {QStringLiteral("ejectionOver"), true}, {QStringLiteral("excluded"), false},
            {QStringLiteral("outOfRange"), false}};
        for (const auto policy : {LoadBalancing::RoundRobin, LoadBalancing::LeastConnections,
                                  LoadBalancing::IPHash, LoadBalancing::Random})
            for (const auto &[condition, accepted] : conditions)
                QTest::addRow("policy %d, %s", int(policy), qPrintable(condition))
                    << policy << condition << accepted;
    }
    void acceptsLikePick() {
        QFETCH(LoadBalancing, policy);
        QFETCH(QString, condition);
        QFETCH(bool, accepted);
        Fixture f(policy, {1, condition == u"weight0" ? 0 : 1});
        const std::int64_t now = 50'000;
        PickRequest request;
        request.nowMs = now;
        int index = 1;
        if (condition == u"unhealthy")
            f.endpoint(1).activeHealthy = false;
        else if (condition == u"ejected")
            f.endpoint(1).ejectedUntilMs = now + 1;
        else if (condition == u"ejectionOver")
            f.endpoint(1).ejectedUntilMs = now;
        else if (condition == u"excluded")
            request.exclude = 1;
        else if (condition == u"outOfRange")
            index = 2;
        const auto balancer = f.balancer();
        QCOMPARE(balancer->accepts(index, request), accepted);
        if (index == 1) { // with endpoint 0 out of the way, pick() takes 1 exactly when accepted
            f.endpoint(0).activeHealthy = false;
            QCOMPARE(balancer->pick(request) == 1, accepted);
        }
        QVERIFY(!balancer->accepts(-1, request));
    }
};

QTEST_GUILESS_MAIN(TestLoadBalancer)
#include "tst_loadbalancer.moc"
