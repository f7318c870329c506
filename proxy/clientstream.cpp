#include "proxy/clientstream.h"

#include <cstring>

namespace ingress::proxy {

void ClientStream::write(const char *first, qint64 firstSize, const char *second,
                         qint64 secondSize) {
    // One TLS record's worth: beyond that the pieces are large enough to go on their own.
    constexpr qint64 joinLimit = 16 * 1024;
    firstSize = std::max<qint64>(firstSize, 0);
    secondSize = std::max<qint64>(secondSize, 0);
    if (firstSize == 0 || secondSize == 0 || firstSize + secondSize > joinLimit) {
        write(first, firstSize);
        write(second, secondSize);
        return;
    }
    thread_local char joined[joinLimit];
    std::memcpy(joined, first, std::size_t(firstSize));
    std::memcpy(joined + firstSize, second, std::size_t(secondSize));
    write(joined, firstSize + secondSize);
}

} // namespace ingress::proxy
