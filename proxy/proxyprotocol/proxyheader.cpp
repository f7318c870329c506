#include "proxy/proxyprotocol/proxyheader.h"

#include <arpa/inet.h>
#include <cstring>
#include <QByteArray>
#include <QList>

namespace ingress::proxy {

namespace {

constexpr char v1Prefix[] = "PROXY ";
constexpr qsizetype v1PrefixLength = sizeof v1Prefix - 1;
constexpr unsigned char v2Signature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                           0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
constexpr qsizetype v2FixedLength = 16; // signature, version/command, family, length

ProxyHeader invalid(const QString &reason) {
    ProxyHeader h;
    h.status = ProxyHeader::Status::Invalid;
    h.reason = reason;
    return h;
}

ProxyHeader done(int version, qsizetype length) {
    ProxyHeader h;
    h.status = ProxyHeader::Status::Done;
    h.version = version;
    h.length = length;
    return h;
}

// The spec's port: a decimal number without leading zeroes, 0 to 65535.
bool parsePort(const QByteArray &text, quint16 *port) {
    if (text.isEmpty() || text.size() > 5 || (text.size() > 1 && text.front() == '0'))
        return false;
    unsigned value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + unsigned(c - '0');
    }
    if (value > 65535)
        return false;
    *port = quint16(value);
    return true;
}

// inet_pton is strict where QHostAddress is lenient ("1.2.3" or "01.2.3.4" are not what a
// sender following the spec writes).
std::optional<QHostAddress> parseAddress(const QByteArray &text, bool v6) {
    unsigned char bytes[16];
    if (::inet_pton(v6 ? AF_INET6 : AF_INET, text.constData(), bytes) != 1)
        return std::nullopt;
    if (v6)
        return QHostAddress(bytes);
    quint32 v4;
    std::memcpy(&v4, bytes, 4);
    return QHostAddress(ntohl(v4));
}

ProxyHeader parseV1(const char *data, qsizetype size) {
    const qsizetype window = std::min(size, ProxyHeader::maxV1Length);
    const auto *newline = static_cast<const char *>(std::memchr(data, '\n', std::size_t(window)));
    if (!newline) {
        if (size >= ProxyHeader::maxV1Length)
            return invalid(QStringLiteral("PROXY v1 header longer than 107 bytes"));
        return {};
    }
    const qsizetype length = newline - data + 1;
    if (length < 2 || data[length - 2] != '\r')
        return invalid(QStringLiteral("PROXY v1 header not ended by CRLF"));
    const QByteArray line(data + v1PrefixLength, length - 2 - v1PrefixLength);
    const QList<QByteArray> fields = line.split(' ');
    const QByteArray &protocol = fields.constFirst();
    if (protocol == "UNKNOWN") // the rest of the line is to be ignored
        return done(1, length);
    if (protocol != "TCP4" && protocol != "TCP6")
        return invalid(QStringLiteral("PROXY v1 header: unknown protocol '%1'")
                           .arg(QString::fromLatin1(protocol.left(16))));
    if (fields.size() != 5)
        return invalid(QStringLiteral("PROXY v1 header: expected 4 fields after %1")
                           .arg(QString::fromLatin1(protocol)));
    const bool v6 = protocol == "TCP6";
    std::optional<QHostAddress> source = parseAddress(fields[1], v6);
    if (!source || !parseAddress(fields[2], v6))
        return invalid(QStringLiteral("PROXY v1 header: bad address for %1")
                           .arg(QString::fromLatin1(protocol)));
    quint16 sourcePort = 0;
    quint16 destinationPort = 0;
    if (!parsePort(fields[3], &sourcePort) || !parsePort(fields[4], &destinationPort))
        return invalid(QStringLiteral("PROXY v1 header: bad port"));
    ProxyHeader h = done(1, length);
    h.source = std::move(source);
    h.sourcePort = sourcePort;
    return h;
}

quint16 bigEndian16(const unsigned char *p) {
    return quint16((p[0] << 8) | p[1]);
}

ProxyHeader parseV2(const unsigned char *data, qsizetype size) {
    if (size < v2FixedLength)
        return {};
    const int version = data[12] >> 4;
    const int command = data[12] & 0x0F;
    if (version != 2)
        return invalid(QStringLiteral("PROXY v2 header: version %1").arg(version));
    if (command > 1)
        return invalid(QStringLiteral("PROXY v2 header: unknown command %1").arg(command));
    const int family = data[13] >> 4;
    const int transport = data[13] & 0x0F;
    // The spec's combinations: UNSPEC alone, or INET/INET6/UNIX over STREAM or DGRAM.
    if (family > 3 || transport > 2 || (family == 0) != (transport == 0))
        return invalid(QStringLiteral("PROXY v2 header: unknown address family 0x%1")
                           .arg(data[13], 2, 16, QLatin1Char('0')));
    const qsizetype length = v2FixedLength + bigEndian16(data + 14);
    if (length > ProxyHeader::maxLength)
        return invalid(QStringLiteral("PROXY v2 header of %1 bytes, more than %2 accepted")
                           .arg(length)
                           .arg(ProxyHeader::maxLength));
    if (size < length)
        return {};
    ProxyHeader h = done(2, length);
    if (command == 0) // LOCAL: the balancer's own connection (a health check); no address
        return h;
    const unsigned char *addresses = data + v2FixedLength;
    const qsizetype available = length - v2FixedLength;
    static constexpr qsizetype needed[] = {0, 12, 36, 216}; // by family; TLVs follow
    if (available < needed[family])
        return invalid(QStringLiteral("PROXY v2 header: %1 address bytes, %2 needed")
                           .arg(available)
                           .arg(needed[family]));
    if (family == 1) {
        h.source =
            QHostAddress(quint32((quint32(addresses[0]) << 24) | (quint32(addresses[1]) << 16) |
                                 (quint32(addresses[2]) << 8) | addresses[3]));
        h.sourcePort = bigEndian16(addresses + 8);
    } else if (family == 2) {
        h.source = QHostAddress(addresses);
        h.sourcePort = bigEndian16(addresses + 32);
    }
    // UNSPEC and UNIX: no IP address to claim; the spec lets the receiver use the connection's.
    return h;
}

} // namespace

ProxyHeader ProxyHeader::parse(const char *data, qsizetype size) {
    if (size <= 0)
        return {};
    const auto *bytes = reinterpret_cast<const unsigned char *>(data);
    if (data[0] == v1Prefix[0]) {
        const qsizetype prefix = std::min(size, v1PrefixLength);
        if (std::memcmp(data, v1Prefix, std::size_t(prefix)) != 0)
            return invalid(QStringLiteral("no PROXY protocol header"));
        return size <= v1PrefixLength ? ProxyHeader{} : parseV1(data, size);
    }
    const qsizetype prefix = std::min<qsizetype>(size, sizeof v2Signature);
    if (std::memcmp(bytes, v2Signature, std::size_t(prefix)) != 0)
        return invalid(QStringLiteral("no PROXY protocol header"));
    return parseV2(bytes, size);
}

} // namespace ingress::proxy
