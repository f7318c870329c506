#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <utility>

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

    // Why the request went where it went, and how it went there: cheap to fill, so always
    // filled with the log.
    QString hostPattern; // the virtual host that matched, as written ("*.bar.com")
    QString routePath;   // its route's path; empty: no route (the default service, or a 404)
    int hostIndex = -1;  // positions in the topology that was served
    int routeIndex = -1;
    qint64 connectUs = -1;   // from the head's arrival to the upstream connection (or pooled)
    qint64 firstByteUs = -1; // to the upstream response head
    bool upstreamReused = false;
    QString upstreamError; // "connect refused 127.0.0.1:9004", ...; empty: none
    // The policy that refused the request: its part ("rate", "access", "auth", "connections")
    // and where it comes from ("host shop.example.com"); empty when none refused it.
    QString deniedBy;
    QString policyOrigin;
    QByteArray user; // the basic-auth user the request named, accepted or not

    // The request headers as received, only with ProxySettings::captureRequestHeaders (the
    // GUI's request details): the first maxCapturedHeaders, at most maxCapturedHeaderBytes.
    static constexpr int maxCapturedHeaders = 64;
    static constexpr qsizetype maxCapturedHeaderBytes = 8 * 1024;
    QList<std::pair<QByteArray, QByteArray>> requestHeaders;
    bool headersTruncated = false;
};

} // namespace ingress::proxy

Q_DECLARE_METATYPE(ingress::proxy::AccessLogEntry)
