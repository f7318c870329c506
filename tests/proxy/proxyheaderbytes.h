#pragma once

// PROXY protocol v2 headers built byte by byte for the tests (tst_proxyheader,
// tst_proxyprotocol), as HAProxy's proxy-protocol.txt lays them out.

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace ingress::test {

inline const QByteArray v2Signature("\r\n\r\n\0\r\nQUIT\n", 12);

// A v2 header: signature, version 2 with `command`, `family`, then `payload` (addresses, TLVs).
inline QByteArray v2(int command, int family, const QByteArray &payload) {
    QByteArray h = v2Signature;
    h += char(0x20 | command);
    h += char(family);
    h += char(payload.size() >> 8);
    h += char(payload.size() & 0xff);
    return h + payload;
}

inline QByteArray bigEndian16(quint16 p) {
    return QByteArray(1, char(p >> 8)) + char(p & 0xff);
}

inline QByteArray ipv4(const char *source, quint16 sourcePort = 56324) {
    QByteArray a;
    for (const QString &address : {QString::fromLatin1(source), QStringLiteral("127.0.0.1")}) {
        const quint32 v = QHostAddress(address).toIPv4Address();
        for (int shift : {24, 16, 8, 0})
            a += char((v >> shift) & 0xff);
    }
    return a + bigEndian16(sourcePort) + bigEndian16(80);
}

inline QByteArray ipv6(const char *source, quint16 sourcePort = 56324) {
    QByteArray a;
    for (const QString &address : {QString::fromLatin1(source), QStringLiteral("::1")}) {
        const Q_IPV6ADDR v = QHostAddress(address).toIPv6Address();
        a += QByteArray(reinterpret_cast<const char *>(v.c), 16);
    }
    return a + bigEndian16(sourcePort) + bigEndian16(80);
}

inline QByteArray tlv(int type, const QByteArray &value) {
    return QByteArray(1, char(type)) + bigEndian16(quint16(value.size())) + value;
}

} // namespace ingress::test
