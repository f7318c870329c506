// libFuzzer entry point: tests/fuzz/run-fuzz.sh builds and runs it.
#include "model/yaml/topologyloader.h"
#include "tests/fuzz/fuzzchecks.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    // Larger inputs are refused up front by the loader; the fuzzer's time is better spent
    // below the limit (run-fuzz.sh passes -max_len anyway).
    if (size > std::size_t(ingress::TopologyLoader::maxFileSize))
        return 0;
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString problem = ingress::fuzz::checkTopologyLoader(input);
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "fuzz_topologyloader: %s\n", problem.toLocal8Bit().constData());
        std::abort();
    }
    return 0;
}
