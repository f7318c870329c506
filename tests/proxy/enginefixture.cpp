#include "enginefixture.h"

#include "routingtable.h"
#include "topologybuilder.h"

#include <QTest>

namespace ingress::test {

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
    Route api = route(QStringLiteral("/api"), QStringLiteral("beta"));
    api.rewritePrefix = QStringLiteral("/v2");
    Route old;
    old.path = QStringLiteral("/old");
    old.redirect = Redirect{};
    old.redirect->path = QStringLiteral("/new");
    old.redirect->code = 301;
    Route limited = route(QStringLiteral("/limited"), QStringLiteral("alpha"));
    limited.maxBodySize = 10;
    Route postOnly = route(QStringLiteral("/post-only"), QStringLiteral("beta"));
    postOnly.methods = {QStringLiteral("POST")};
    Route tagged = route(QStringLiteral("/tagged"), QStringLiteral("beta"));
    tagged.headers = {HeaderMatch{QStringLiteral("X-Tag"), QStringLiteral("blue")}};
    t.hosts = {
        host(QStringLiteral("alpha.test"),
             {route(QStringLiteral("/"), QStringLiteral("alpha")), api,
              route(QStringLiteral("/exact"), QStringLiteral("beta"), PathType::Exact), old,
              limited, postOnly, tagged}),
        host(QStringLiteral("*.wild.test"), {route(QStringLiteral("/"), QStringLiteral("beta"))}),
        host(QStringLiteral("pair.test"), {route(QStringLiteral("/"), QStringLiteral("pair"))}),
        host(QStringLiteral("dead.test"), {route(QStringLiteral("/"), QStringLiteral("dead"))}),
        host(QStringLiteral("retry.test"),
             {route(QStringLiteral("/"), QStringLiteral("halfdead"))}),
        host(QStringLiteral("slow.test"), {route(QStringLiteral("/"), QStringLiteral("slow"))}),
        host(QStringLiteral("sick.test"), {route(QStringLiteral("/"), QStringLiteral("sick"))}),
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
