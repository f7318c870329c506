// libFuzzer entry point for the TLS ClientHello parser (proxy/tls/clienthelloparser.h):
// tests/fuzz/run-fuzz.sh builds and runs it.
#include "clienthellochecks.h"
#include "clienthelloparser.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    // The listener never peeks more than maxPeekSize bytes and the parser cuts longer input
    // there; a little beyond still exercises that cut, much beyond only costs time.
    if (size > std::size_t(ingress::proxy::ClientHello::maxPeekSize) + 64)
        return 0;
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString problem = ingress::fuzz::checkClientHello(input);
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "fuzz_clienthello: %s\n", problem.toLocal8Bit().constData());
        std::abort();
    }
    return 0;
}
