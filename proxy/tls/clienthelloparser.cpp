#include "clienthelloparser.h"

#include <cstdint>
#include <optional>

namespace ingress::proxy {

namespace {

using Status = ClientHello::Status;

constexpr std::uint8_t recordHandshake = 22;
constexpr std::uint8_t handshakeClientHello = 1;
constexpr std::uint16_t extensionServerName = 0;
constexpr int recordHeaderSize = 5;
constexpr int maxRecordSize = 16384 + 256; // RFC 8446 5.1, with the 1.2 expansion slack

ClientHello fail(Status status, const QString &error) {
    ClientHello hello;
    hello.status = status;
    hello.error = error;
    return hello;
}

// A bounds-checked cursor over the ClientHello body: every read fails instead of running
// past the end, so the parser is a list of "read or reject" steps.
class Reader {
public:
    Reader(const unsigned char *data, int size) : m_data(data), m_size(size) {}

    bool u8(int *v) { return read(1, v); }
    bool u16(int *v) { return read(2, v); }
    bool u24(int *v) { return read(3, v); }
    bool skip(int n) {
        if (n < 0 || n > remaining())
            return false;
        m_pos += n;
        return true;
    }
    // A sub-reader over the next `n` bytes.
    bool sub(int n, Reader *out) {
        if (n < 0 || n > remaining())
            return false;
        *out = Reader(m_data + m_pos, n);
        m_pos += n;
        return true;
    }
    const unsigned char *here() const { return m_data + m_pos; }
    int remaining() const { return m_size - m_pos; }

private:
    bool read(int n, int *v) {
        if (n > remaining())
            return false;
        int value = 0;
        for (int i = 0; i < n; ++i)
            value = (value << 8) | m_data[m_pos + i];
        m_pos += n;
        *v = value;
        return true;
    }

    const unsigned char *m_data;
    int m_size;
    int m_pos = 0;
};

// RFC 6066: the host name is ASCII (IDNs as A-labels), no trailing dot, no IP literal. We
// accept what a DNS name may hold and let the name selection do the rest.
bool validHostName(const unsigned char *p, int n) {
    if (n <= 0 || n > 253)
        return false;
    for (int i = 0; i < n; ++i) {
        const unsigned char c = p[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
        if (!ok)
            return false;
        // No empty label ("..", a leading dot); only the one trailing dot the caller drops.
        if (c == '.' && (i == 0 || p[i - 1] == '.'))
            return false;
    }
    return true;
}

ClientHello parseBody(Reader body) {
    int version = 0, sessionIdLength = 0, ciphersLength = 0, compressionLength = 0;
    if (!body.u16(&version) || !body.skip(32) || !body.u8(&sessionIdLength) ||
        sessionIdLength > 32 || !body.skip(sessionIdLength) || !body.u16(&ciphersLength) ||
        ciphersLength < 2 || ciphersLength % 2 != 0 || !body.skip(ciphersLength) ||
        !body.u8(&compressionLength) || compressionLength < 1 || !body.skip(compressionLength))
        return fail(Status::Malformed, QStringLiteral("malformed ClientHello"));
    if ((version >> 8) != 3)
        return fail(Status::Malformed,
                    QStringLiteral("unknown ClientHello version 0x%1").arg(version, 4, 16));
    ClientHello hello;
    hello.status = Status::Complete;
    if (body.remaining() == 0)
        return hello; // no extensions at all (very old clients): no SNI
    int extensionsLength = 0;
    Reader extensions(nullptr, 0);
    if (!body.u16(&extensionsLength) || !body.sub(extensionsLength, &extensions) ||
        body.remaining() != 0)
        return fail(Status::Malformed, QStringLiteral("malformed ClientHello extensions"));
    bool seenSni = false;
    while (extensions.remaining() > 0) {
        int type = 0, length = 0;
        Reader ext(nullptr, 0);
        if (!extensions.u16(&type) || !extensions.u16(&length) || !extensions.sub(length, &ext))
            return fail(Status::Malformed, QStringLiteral("malformed ClientHello extension"));
        if (type != extensionServerName)
            continue;
        if (seenSni)
            return fail(Status::Malformed, QStringLiteral("duplicate server_name extension"));
        seenSni = true;
        int listLength = 0;
        Reader list(nullptr, 0);
        if (!ext.u16(&listLength) || !ext.sub(listLength, &list) || ext.remaining() != 0)
            return fail(Status::Malformed, QStringLiteral("malformed server_name extension"));
        while (list.remaining() > 0) {
            int nameType = 0, nameLength = 0;
            if (!list.u8(&nameType) || !list.u16(&nameLength) || nameLength > list.remaining())
                return fail(Status::Malformed, QStringLiteral("malformed server_name entry"));
            const unsigned char *name = list.here();
            list.skip(nameLength);
            if (nameType != 0 || !hello.serverName.isEmpty())
                continue; // only the first host_name counts (RFC 6066 allows one)
            if (!validHostName(name, nameLength))
                return fail(Status::Malformed,
                            QStringLiteral("server_name is not a valid host name"));
            hello.serverName =
                QString::fromLatin1(reinterpret_cast<const char *>(name), nameLength).toLower();
            if (hello.serverName.endsWith(u'.'))
                hello.serverName.chop(1);
        }
    }
    return hello;
}

// Checks the 4-byte handshake header at the start of `handshake`, if there is one yet.
std::optional<ClientHello> checkHeader(const QByteArray &handshake) {
    if (handshake.size() < 4)
        return std::nullopt;
    if (static_cast<unsigned char>(handshake[0]) != handshakeClientHello)
        return fail(Status::Malformed,
                    QStringLiteral("first handshake message is not a ClientHello"));
    const int length = (static_cast<unsigned char>(handshake[1]) << 16) |
                       (static_cast<unsigned char>(handshake[2]) << 8) |
                       static_cast<unsigned char>(handshake[3]);
    if (length > ClientHello::maxHelloSize)
        return fail(Status::TooLarge, QStringLiteral("ClientHello of %1 bytes exceeds the limit "
                                                     "of %2")
                                          .arg(length)
                                          .arg(ClientHello::maxHelloSize));
    return std::nullopt;
}

} // namespace

ClientHello ClientHello::parse(const QByteArray &data) {
    const auto *bytes = reinterpret_cast<const unsigned char *>(data.constData());
    const int size = int(qMin<qsizetype>(data.size(), maxPeekSize));
    if (size >= 1 && bytes[0] != recordHandshake)
        return fail(Status::NotTls, bytes[0] >= 0x20 && bytes[0] < 0x7f
                                        ? QStringLiteral("not TLS (plain text on a TLS port?)")
                                        : QStringLiteral("not a TLS handshake record"));
    // Waiting is only worth it while the peek window is not full yet.
    const auto needMore = [&data] {
        return data.size() >= maxPeekSize
                   ? fail(Status::TooLarge, QStringLiteral("ClientHello too large"))
                   : ClientHello{};
    };
    // Gather the handshake bytes from as many records as it takes: a ClientHello may be
    // split over records (RFC 8446 5.1), rarely but legally.
    QByteArray handshake;
    int pos = 0;
    int helloLength = -1;
    while (true) {
        if (helloLength < 0 && handshake.size() >= 4) {
            if (auto bad = checkHeader(handshake))
                return *bad;
            helloLength = (static_cast<unsigned char>(handshake[1]) << 16) |
                          (static_cast<unsigned char>(handshake[2]) << 8) |
                          static_cast<unsigned char>(handshake[3]);
        }
        if (helloLength >= 0 && handshake.size() >= 4 + helloLength)
            break;
        if (size - pos < recordHeaderSize)
            return needMore();
        if (bytes[pos] != recordHandshake)
            return fail(Status::Malformed,
                        QStringLiteral("ClientHello interrupted by another record type"));
        if (bytes[pos + 1] != 3)
            return fail(Status::NotTls, QStringLiteral("unknown TLS record version"));
        const int recordLength = (bytes[pos + 3] << 8) | bytes[pos + 4];
        if (recordLength == 0 || recordLength > maxRecordSize)
            return fail(Status::Malformed,
                        QStringLiteral("TLS record length %1 is invalid").arg(recordLength));
        if (size - pos - recordHeaderSize < recordLength) {
            // Judge the handshake header as soon as it is there, not when the record is
            // complete: a client announcing a huge ClientHello is dropped at once.
            const QByteArray partial =
                handshake +
                QByteArray(reinterpret_cast<const char *>(bytes + pos + recordHeaderSize),
                           size - pos - recordHeaderSize);
            if (auto bad = checkHeader(partial))
                return *bad;
            if (pos + recordHeaderSize + recordLength > maxPeekSize)
                return fail(Status::TooLarge, QStringLiteral("ClientHello too large"));
            return needMore();
        }
        handshake.append(reinterpret_cast<const char *>(bytes + pos + recordHeaderSize),
                         recordLength);
        pos += recordHeaderSize + recordLength;
    }
    Reader body(reinterpret_cast<const unsigned char *>(handshake.constData()) + 4, helloLength);
    return parseBody(body);
}

} // namespace ingress::proxy
