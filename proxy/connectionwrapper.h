#pragma once

#include "model/routing/routingtable.h"

#include <functional>
#include <memory>
#include <QString>
#include <QtGlobal>

class QObject;

namespace ingress::proxy {

class ClientStream;
class IoReactor;

// The seam between accepting a descriptor and speaking HTTP on it. Plain listeners wrap the
// descriptor in a TcpClientStream at once; HTTPS listeners (proxy/tls/) hand over a
// TlsClientStream once its handshake (certificate chosen by SNI in OpenSSL's servername
// callback) is done. The HTTP code only ever sees a ClientStream* that is ready to read.
class ConnectionWrapper {
public:
    using Ready = std::function<void(ClientStream *stream)>;
    using Failed = std::function<void(const QString &reason)>;

    virtual ~ConnectionWrapper() = default;
    // Runs on the worker thread that owns the connection. Takes ownership of `descriptor`;
    // creates the stream as a child of `parent`, watched by `reactor` (that thread's); calls
    // exactly one of ready/failed, possibly later (after a handshake), possibly never if
    // `parent` is destroyed first.
    virtual void wrap(qintptr descriptor, IoReactor &reactor, QObject *parent, Ready ready,
                      Failed failed) = 0;
    // "http" or "https", for X-Forwarded-Proto and redirects.
    virtual const char *scheme() const = 0;
};

// Builds the wrapper of one listener for one worker; called again on every reload with the
// new table (certificates may have changed).
using ConnectionWrapperFactory = std::function<std::unique_ptr<ConnectionWrapper>(
    const RoutingTable &table, const CompiledListener &listener)>;

// Plain TCP: a TcpClientStream and ready() immediately.
class PlainConnectionWrapper final : public ConnectionWrapper {
public:
    void wrap(qintptr descriptor, IoReactor &reactor, QObject *parent, Ready ready,
              Failed failed) override;
    const char *scheme() const override { return "http"; }
};

} // namespace ingress::proxy
