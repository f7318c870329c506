#pragma once

#include <QByteArray>
#include <QString>

namespace ingress::proxy {

// Reads the server name (SNI) from the first bytes a TLS client sends, without consuming
// them: the listener peeks at the ClientHello to choose the certificate before QSslSocket
// starts the handshake (Qt has no server-side SNI callback; see docs/tls.md).
// Every length is checked against the bytes present and the limits below, so any input -
// cut short, oversized, random - gives an answer and never reads out of bounds.
struct ClientHello {
    enum class Status {
        NeedMore,  // valid so far; wait for more bytes
        Complete,  // the whole ClientHello was read; `serverName` may be empty (no SNI)
        NotTls,    // does not start like a TLS handshake (plain HTTP on an HTTPS port, ...)
        Malformed, // starts like TLS but breaks the format
        TooLarge,  // the ClientHello exceeds maxHelloSize
    };

    // Real ClientHellos are 200 bytes to ~2 KiB (post-quantum key shares); 16 KiB leaves
    // room for many extensions while bounding what one connection can make us buffer.
    static constexpr int maxHelloSize = 16 * 1024;
    // Bytes worth peeking: the records that carry a maximal ClientHello.
    static constexpr int maxPeekSize = maxHelloSize + 4 * 5 + 4;

    Status status = Status::NeedMore;
    QString serverName; // lower case, no trailing dot; empty when the client sent none
    QString error;      // for NotTls / Malformed / TooLarge

    static ClientHello parse(const QByteArray &data);
};

} // namespace ingress::proxy
