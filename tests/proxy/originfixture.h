#pragma once

#include "proxy/proxyengine.h"
#include "proxy/proxysettings.h"
#include "tests/proxy/testbackend.h"

#include <memory>

namespace ingress::test {

// One backend ("origin") behind a "web" listener that forwards every host to it (default
// service): the engine of the request-level tests (smuggling, corpora, client compatibility,
// idle connections), which care about what reaches the backend, not about routing.
class OriginFixture {
protected:
    // QVERIFY inside: call from initTestCase() or init().
    void startOrigin(const proxy::ProxySettings &settings);
    void stopOrigin();

    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    quint16 m_port = 0;
};

} // namespace ingress::test
