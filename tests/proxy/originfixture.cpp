#include "tests/proxy/originfixture.h"

#include "model/routing/routingtable.h"
#include "tests/common/topologybuilders.h"

#include <QTest>

namespace ingress::test {

using namespace ingress::testing;

void OriginFixture::startOrigin(const proxy::ProxySettings &settings) {
    m_backend = std::make_unique<TestBackend>(QStringLiteral("origin"));
    Topology t;
    t.listeners = {listener(QStringLiteral("web"))};
    t.services = {service(QStringLiteral("origin"), {m_backend->address()})};
    t.defaultService = QStringLiteral("origin");
    m_engine = std::make_unique<proxy::ProxyEngine>(settings);
    QVERIFY(m_engine->start(RoutingTable::compile(t)));
    m_port = m_engine->port(QStringLiteral("web"));
    QVERIFY(m_port != 0);
}

void OriginFixture::stopOrigin() {
    if (m_engine)
        m_engine->stop(Duration(1000));
    m_engine.reset();
    m_backend.reset();
}

} // namespace ingress::test
