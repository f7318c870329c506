#include "model/routing/explainer.h"

#include "model/routing/headerlist.h"
#include "model/topology/enums.h"

#include <QUrl>
#include <string>
#include <vector>

namespace ingress {

namespace {

QString protocolName(Protocol protocol) {
    return toString(protocol);
}

} // namespace

std::optional<std::pair<QString, QString>> Explainer::parseHeader(const QString &line,
                                                                  QString *error) {
    const qsizetype colon = line.indexOf(u':');
    const QString name = line.left(colon).trimmed();
    QString why;
    if (colon < 0)
        why = QStringLiteral("header '%1' has no ':' (expected 'Name: value')").arg(line);
    else if (name.isEmpty())
        why = QStringLiteral("header '%1' has no name (expected 'Name: value')").arg(line);
    else if (name.contains(u' ') || name.contains(u'\t'))
        why = QStringLiteral("header name '%1' contains white space").arg(name);
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    return std::pair(name, line.mid(colon + 1).trimmed());
}

Explanation Explainer::explain(const ExplainRequest &request) const {
    Explanation result;
    result.table = m_table;
    result.request = request;
    const QUrl url(request.url, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid())
        result.error =
            QStringLiteral("'%1' is not a valid URL: %2").arg(request.url, url.errorString());
    else if (scheme != u"http" && scheme != u"https")
        result.error = QStringLiteral("'%1' is not an http:// or https:// URL").arg(request.url);
    else if (url.host().isEmpty())
        result.error = QStringLiteral("'%1' names no host").arg(request.url);
    else if (request.method.trimmed().isEmpty() || request.method.contains(u' '))
        result.error = QStringLiteral("'%1' is not an HTTP method").arg(request.method);
    if (!result.ok() || !m_table)
        return result;

    const bool tls = scheme == u"https";
    const Protocol protocol = tls ? Protocol::Https : Protocol::Http;
    const int port = url.port(tls ? 443 : 80);
    for (const CompiledListener &listener : m_table->listeners()) {
        if (listener.port == port && listener.protocol == protocol) {
            result.listener = listener.index;
            break;
        }
    }
    if (result.listener < 0)
        result.listenerNote =
            QStringLiteral("no %1 listener on port %2; matched as if on any listener")
                .arg(protocolName(protocol))
                .arg(port);

    // The Host header a client sends for this URL, unless the user gave one with -H.
    QString hostHeader = url.host(QUrl::FullyEncoded);
    if (hostHeader.contains(u':'))
        hostHeader = u'[' + hostHeader + u']';
    if (url.port() != -1)
        hostHeader += u':' + QString::number(url.port());
    for (const auto &[name, value] : request.headers)
        if (name.compare(u"host", Qt::CaseInsensitive) == 0)
            hostHeader = value;

    QString path = url.path(QUrl::FullyEncoded);
    if (path.isEmpty())
        path = QStringLiteral("/");
    const std::string method = request.method.trimmed().toStdString();
    const std::string host = hostHeader.toStdString();
    const std::string pathText = path.toStdString();
    const std::string query = url.query(QUrl::FullyEncoded).toStdString();
    HeaderList headers;
    for (const auto &[name, value] : request.headers)
        headers.add(name.toLower().toStdString(), value.toStdString());

    RequestInfo info;
    info.listener = result.listener;
    info.method = method;
    info.host = host;
    info.path = pathText;
    info.query = query;
    info.headers = &headers;
    info.tls = tls;
    result.match = m_table->match(info, &result.trace);
    if (result.match.matched()) {
        result.upstreamTarget = QString::fromStdString(result.match.upstreamPath);
        if (!query.empty())
            result.upstreamTarget += u'?' + QString::fromStdString(query);
    }
    return result;
}

} // namespace ingress
