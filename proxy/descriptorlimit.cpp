#include "proxy/descriptorlimit.h"

#include <mutex>
#include <sys/resource.h>

namespace ingress::proxy {

std::uint64_t raiseDescriptorLimit() {
    static std::once_flag once;
    std::call_once(once, [] {
        rlimit limit{};
        if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
            limit.rlim_cur = limit.rlim_max;
            ::setrlimit(RLIMIT_NOFILE, &limit); // a refusal leaves the limit as it was
        }
    });
    rlimit now{};
    return ::getrlimit(RLIMIT_NOFILE, &now) == 0 ? std::uint64_t(now.rlim_cur) : 0;
}

} // namespace ingress::proxy
