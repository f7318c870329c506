#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace ingress::proxy {

// One finished request, as the access log and the GUI's request list see it. A value type:
// workers batch these and hand them to ProxyEngine::requestsLogged on a timer.
struct AccessLogEntry {
    QDateTime time; // when the request head arrived
    QString clientAddress;
    QByteArray method;
    QByteArray target;   // as received
    QByteArray protocol; // "HTTP/1.1"
    QByteArray host;
    int status = 0;
    quint64 bytesOut = 0; // body and head sent to the client
    QByteArray referer;
    QByteArray userAgent;
    QString listener;
    QString service;  // empty: answered by the proxy itself
    QString endpoint; // "host:port"
    qint64 durationUs = 0;
    QByteArray requestId;
};

} // namespace ingress::proxy

Q_DECLARE_METATYPE(ingress::proxy::AccessLogEntry)
