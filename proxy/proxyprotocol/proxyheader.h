#pragma once

#include <optional>
#include <QHostAddress>
#include <QString>
#include <QtGlobal>

namespace ingress::proxy {

// A PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2) at the start of a
// connection, parsed from the bytes received so far. Pure: no I/O, so the reader can peek at the
// kernel's queue, ask, and take exactly the header's bytes, leaving what follows (the request or
// the TLS ClientHello) for the stream that comes next.
struct ProxyHeader {
    enum class Status {
        Incomplete, // a valid beginning: wait for more bytes
        Invalid,    // not a PROXY header (reason says why): close the connection
        Done,       // length bytes make the header
    };

    // What a header may take: v1 lines are at most 107 bytes; v2 allows 64 KiB of addresses
    // and TLVs, but senders put a few hundred bytes at most (HAProxy's TLVs: ALPN, SNI, unique
    // id, SSL details), and a bound keeps a peek buffer small and an attacker's cost low.
    static constexpr qsizetype maxV1Length = 107;
    static constexpr qsizetype maxLength = 4096;

    Status status = Status::Incomplete;
    QString reason;       // why Invalid
    qsizetype length = 0; // Done: the header's bytes, to consume
    int version = 0;      // Done: 1 or 2
    // Done: the client the header names; empty for v2 LOCAL, v1 UNKNOWN and v2 families without
    // an IP address (UNSPEC, UNIX), where the connection's own peer stays the client.
    std::optional<QHostAddress> source;
    quint16 sourcePort = 0;

    static ProxyHeader parse(const char *data, qsizetype size);
};

} // namespace ingress::proxy
