#pragma once

#include "model/topology/topology.h"
#include "proxy/proxyengine.h"
#include "tests/proxy/testbackend.h"

#include <memory>

namespace ingress::test {

// The engine the end-to-end tests (tst_proxyengine, tst_proxybodies, tst_proxyupstreams) run
// against: three echo backends on port 0 and one engine with two workers on a "web" listener,
// serving topology(). Each test executable starts its own in initTestCase().
class EngineFixture {
protected:
    Topology topology(bool swapped = false) const;
    // QVERIFY inside: call from initTestCase().
    void startEngine();
    void stopEngine();

    std::unique_ptr<TestBackend> m_alpha, m_beta, m_sick; // m_sick: health-checked only
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    quint16 m_port = 0;
};

} // namespace ingress::test
