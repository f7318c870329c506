#include "tests/proxy/enginefixture.h"

#include "model/routing/routingtable.h"
#include "tests/common/topologybuilders.h"

#include <QTest>

namespace ingress::test {

using namespace ingress::testing;

Topology EngineFixture::topology(bool swapped) const {
    Topology t;
    t.listeners = {listener(QStringLiteral("web"))};
    Service slow = service(QStringLiteral("slow"), {m_alpha->address()});
    slow.timeouts.response = Duration(400);
    Service sick = service(QStringLiteral("sick"), {m_sick->address()});
    sick.healthCheck = HealthCheck{};
    sick.healthCheck->path = QStringLiteral("/status/500");
    sick.healthCheck->interval = Duration(100);
    sick.healthCheck->timeout = Duration(500);
    sick.healthCheck->unhealthyThreshold = 1;
    sick.healthCheck->healthyThreshold = 1;
    t.services = {
        sick,
        service(QStringLiteral("alpha"), {(swapped ? m_beta : m_alpha)->address()}),
        service(QStringLiteral("beta"), {m_beta->address()}),
        service(QStringLiteral("pair"), {m_alpha->address(), m_beta->address()}),
        service(QStringLiteral("dead"), {QStringLiteral("127.0.0.1:1")}),
        service(QStringLiteral("halfdead"), {QStringLiteral("127.0.0.1:1"), m_alpha->address()}),
        slow,
    };
    Route api = prefix(QStringLiteral("/api"), QStringLiteral("beta"));
    api.rewritePrefix = QStringLiteral("/v2");
    Route old;
    old.firstMatch().path = QStringLiteral("/old");
    old.redirect = Redirect{};
    old.redirect->path = QStringLiteral("/new");
    old.redirect->code = 301;
    Route limited = prefix(QStringLiteral("/limited"), QStringLiteral("alpha"));
    limited.maxBodySize = 10;
    Route postOnly = prefix(QStringLiteral("/post-only"), QStringLiteral("beta"));
    postOnly.firstMatch().methods = {QStringLiteral("POST")};
    Route tagged = prefix(QStringLiteral("/tagged"), QStringLiteral("beta"));
    tagged.firstMatch().headers = {HeaderMatch{QStringLiteral("X-Tag"), QStringLiteral("blue")}};
    Route maintenance = prefix(QStringLiteral("/maintenance"), QString());
    maintenance.respond = DirectResponse{503, QStringLiteral("back soon\n"), {}};
    Route gone = exact(QStringLiteral("/gone"), QString());
    gone.respond = DirectResponse{410, {}, {}};
    t.hosts = {
        host(QStringLiteral("respond.test"), {maintenance, gone}),
        host(QStringLiteral("alpha.test"),
             {prefix(QStringLiteral("/"), QStringLiteral("alpha")), api,
              exact(QStringLiteral("/exact"), QStringLiteral("beta")), old, limited, postOnly,
              tagged}),
        host(QStringLiteral("*.wild.test"), {prefix(QStringLiteral("/"), QStringLiteral("beta"))}),
        host(QStringLiteral("pair.test"), {prefix(QStringLiteral("/"), QStringLiteral("pair"))}),
        host(QStringLiteral("dead.test"), {prefix(QStringLiteral("/"), QStringLiteral("dead"))}),
        host(QStringLiteral("retry.test"),
             {prefix(QStringLiteral("/"), QStringLiteral("halfdead"))}),
        host(QStringLiteral("slow.test"), {prefix(QStringLiteral("/"), QStringLiteral("slow"))}),
        host(QStringLiteral("sick.test"), {prefix(QStringLiteral("/"), QStringLiteral("sick"))}),
    };
    return t;
}

void EngineFixture::startEngine() {
    m_alpha = std::make_unique<TestBackend>(QStringLiteral("alpha"));
    m_beta = std::make_unique<TestBackend>(QStringLiteral("beta"));
    m_sick = std::make_unique<TestBackend>(QStringLiteral("sick"));
    proxy::ProxySettings settings;
    settings.workers = 2;
    m_engine = std::make_unique<proxy::ProxyEngine>(settings);
    QVERIFY(m_engine->start(RoutingTable::compile(topology())));
    m_port = m_engine->port(QStringLiteral("web"));
    QVERIFY(m_port != 0);
}

void EngineFixture::stopEngine() {
    m_engine->stop(Duration(1000));
    m_engine.reset();
}

} // namespace ingress::test
