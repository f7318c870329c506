#include "export/exportsupport.h"

#include "model/routing/pathmatch.h"
#include "model/topology/enums.h"
#include "model/topology/hostname.h"

#include <algorithm>
#include <QFile>
#include <QRegularExpression>

namespace ingress::exportsupport {

QList<int> precedence(const CompiledHost &host) {
    return QList<int>(host.precedence.begin(), host.precedence.end());
}

QString prefixKey(const CompiledRoute &route) {
    return QString::fromStdString(route.prefixKey);
}

bool pathMatches(const CompiledRoute &route, const QString &path) {
    const QByteArray request = path.toUtf8();
    switch (route.type) {
    case PathType::Exact:
        return route.path == request.toStdString();
    case PathType::Prefix:
        return paths::prefixMatches(route.prefixKey,
                                    std::string_view(request.constData(), request.size()));
    case PathType::Regex:
        return route.regex && route.regex->match(path).hasMatch();
    }
    return false;
}

PathReplacement pathReplacement(const QString &replacement) {
    const QByteArray utf8 = replacement.toUtf8();
    const std::string_view base = paths::prefixKey(std::string_view(utf8.constData(), utf8.size()));
    return {replacement.isEmpty() ? QStringLiteral("/") : replacement,
            QString::fromUtf8(base.data(), qsizetype(base.size()))};
}

RegexAroundMatch regexAroundMatch(const CompiledRoute &route) {
    const QString pattern = QString::fromStdString(route.path);
    const int groups = route.regex ? route.regex->captureCount() : 0;
    // Lazy head: the first position where the pattern matches, as the engine's search finds it.
    return {QStringLiteral("^(.*?)(?:%1)(.*)$").arg(pattern), 2 + std::max(0, groups)};
}

QString re2Incompatibility(const QString &pattern) {
    static const QRegularExpression pcreOnly(
        QStringLiteral(R"re(\(\?<?[=!]|\(\?>|\\[1-9]|\\k<|[*+?}]\+)re"));
    const QRegularExpressionMatch m = pcreOnly.match(pattern);
    return m.hasMatch() ? m.captured(0) : QString();
}

bool servesOn(const VirtualHost &host, const Listener &listener) {
    return host.listeners.isEmpty() || host.listeners.contains(listener.name);
}

QList<const Listener *> listenersOf(const Topology &topology, const VirtualHost &host) {
    QList<const Listener *> result;
    for (const Listener &listener : topology.listeners)
        if (servesOn(host, listener))
            result << &listener;
    return result;
}

const Listener *httpsRedirectTarget(const Topology &topology, const VirtualHost &host) {
    if (!host.redirectsToHttps())
        return nullptr;
    for (const Listener *listener : listenersOf(topology, host))
        if (listener->protocol == Protocol::Https)
            return listener;
    return nullptr;
}

std::optional<BindAddress> parseBind(const Listener &listener) {
    const auto parsed = hostname::parseHostPort(listener.bind);
    if (!parsed)
        return std::nullopt;
    BindAddress bind;
    bind.host = parsed->host;
    bind.port = parsed->port;
    bind.ipv6 = parsed->host.contains(u':');
    return bind;
}

int listenerPort(const Listener &listener) {
    const auto bind = parseBind(listener);
    return bind ? bind->port : 0;
}

namespace {
std::optional<QByteArray> readSmallFile(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    constexpr qint64 limit = 1024 * 1024;
    QByteArray data = file.read(limit + 1);
    if (data.size() > limit) {
        *error = QStringLiteral("%1 is larger than 1 MiB").arg(path);
        return std::nullopt;
    }
    return data;
}
} // namespace

QList<CertificateFiles> addCertificateFiles(const Topology &topology, const ExportOptions &options,
                                            ExportResult &result, const QString &serverName) {
    const QList<CertificateFiles> certificates =
        readCertificates(topology, options, result.warnings);
    for (const CertificateFiles &files : certificates) {
        if (files.inCluster)
            continue; // nothing local to write; readCertificates said where it must come from
        result.files.insert(files.certificatePath, files.certificatePem);
        if (!files.keyPem.isEmpty() && options.includeSecrets)
            result.addSecretFile(files.keyPath, files.keyPem);
    }
    if (!options.includeSecrets && !certificates.isEmpty())
        result.warnings << ExportWarning{
            QStringLiteral("private keys are not written without --include-secrets; put them "
                           "under certs/ before starting %1")
                .arg(serverName),
            QString(),
            {}};
    return certificates;
}

QList<CertificateFiles> readCertificates(const Topology &topology, const ExportOptions &options,
                                         QList<ExportWarning> &warnings, bool refersToSecrets) {
    QList<CertificateFiles> result;
    for (const Certificate &cert : topology.certificates) {
        const bool used = std::any_of(topology.hosts.begin(), topology.hosts.end(),
                                      [&](const VirtualHost &h) { return h.tls == cert.name; });
        if (!used)
            continue;
        CertificateFiles files;
        files.name = cert.name;
        const QString base = QStringLiteral("certs/%1").arg(identifier(cert.name));
        files.certificatePath = base + QStringLiteral(".crt");
        files.keyPath = base + QStringLiteral(".key");
        const QString subject = QStringLiteral("certificate %1").arg(cert.name);
        if (cert.inCluster()) {
            files.inCluster = true;
            if (!refersToSecrets)
                warnings << warnAt(subject, cert.src.at(QStringLiteral("secret")),
                                   QStringLiteral("held by the cluster in Secret %1; the export "
                                                  "refers to %2 and %3: put its tls.crt and "
                                                  "tls.key there")
                                       .arg(cert.secret, files.certificatePath, files.keyPath));
            result << files;
            continue;
        }
        QString error;
        if (auto pem = readSmallFile(topology.resolvePath(cert.certificate), &error))
            files.certificatePem = *pem;
        else
            warnings << warnAt(subject, cert.src.at(QStringLiteral("certificate")),
                               error + QStringLiteral("; the export refers to %1, put the "
                                                      "certificate there")
                                           .arg(files.certificatePath));
        if (cert.keyInKeychain()) {
            const auto key = options.keychainKey ? options.keychainKey(cert.name) : std::nullopt;
            if (key && !key->isEmpty())
                files.keyPem = *key;
            else
                warnings << warnAt(subject, cert.src.at(QStringLiteral("privateKey")),
                                   QStringLiteral("the private key is in the OS keychain, which "
                                                  "this export cannot read; put it at %1")
                                       .arg(files.keyPath));
        } else if (auto key = readSmallFile(topology.resolvePath(cert.privateKey), &error)) {
            files.keyPem = *key;
        } else {
            warnings << warnAt(subject, cert.src.at(QStringLiteral("privateKey")),
                               error + QStringLiteral("; put the key at %1").arg(files.keyPath));
        }
        result << files;
    }
    return result;
}

RedirectPlan planRedirect(const CompiledRoute &route, const Listener &listener) {
    const Redirect &r = *route.redirect;
    RedirectPlan plan;
    const bool listenerTls = listener.protocol == Protocol::Https;
    plan.scheme = r.scheme.isEmpty()
                      ? (listenerTls ? QStringLiteral("https") : QStringLiteral("http"))
                      : r.scheme.toLower();
    plan.host = r.host;
    // Gateway API (and routing::redirectLocation): a new scheme without a port means that
    // scheme's well-known port; neither set keeps the port of the request's Host header.
    const int wellKnown = plan.scheme == u"https" ? 443 : 80;
    if (r.port && *r.port != wellKnown)
        plan.portSuffix = QStringLiteral(":%1").arg(*r.port);
    plan.portFromHost = !r.port && r.scheme.isEmpty();
    if (!r.path.isEmpty()) {
        plan.mode = RedirectPlan::PathMode::Fixed;
        plan.path = r.path;
    } else if (!r.prefixPath.isEmpty()) {
        switch (route.type) {
        case PathType::Exact: // the whole path is the match
            plan.mode = RedirectPlan::PathMode::Fixed;
            plan.path = r.prefixPath;
            break;
        case PathType::Prefix:
            plan.mode = RedirectPlan::PathMode::ReplaceMatch;
            plan.replacement = pathReplacement(r.prefixPath);
            break;
        case PathType::Regex:
            plan.mode = RedirectPlan::PathMode::ReplaceMatch;
            plan.path = r.prefixPath;
            break;
        }
    }
    plan.code = r.code;
    return plan;
}

RedirectPlan planHttpsRedirect(const Listener &httpsListener) {
    RedirectPlan plan;
    plan.scheme = QStringLiteral("https");
    const int port = listenerPort(httpsListener);
    if (port != 443)
        plan.portSuffix = QStringLiteral(":%1").arg(port);
    plan.code = 308;
    return plan;
}

QString hostSubject(const VirtualHost &host) {
    return QStringLiteral("host %1").arg(host.host);
}

QString routeSubject(const VirtualHost &host, int routeIndex) {
    const Route &route = host.routes[routeIndex];
    return QStringLiteral("host %1, route #%2 (%3 %4)")
        .arg(host.host)
        .arg(routeIndex + 1)
        .arg(toString(route.firstMatch().pathType), route.firstMatch().path);
}

QString routeSubject(const VirtualHost &host, const CompiledRoute &route) {
    const Route &r = modelRoute(host, route);
    const RouteMatchRule &match = modelMatch(host, route);
    QString subject = QStringLiteral("host %1, route #%2").arg(host.host).arg(route.index + 1);
    if (r.matches.size() > 1)
        subject += QStringLiteral(" match #%1").arg(route.match + 1);
    return subject + QStringLiteral(" (%1 %2)").arg(toString(match.pathType), match.path);
}

const Route &modelRoute(const VirtualHost &host, const CompiledRoute &route) {
    return host.routes[route.index];
}

const RouteMatchRule &modelMatch(const VirtualHost &host, const CompiledRoute &route) {
    return host.routes[route.index].matches[route.match];
}

QString routeId(const CompiledRoute &route) {
    if (route.matchCount > 1)
        return QStringLiteral("r%1m%2").arg(route.index).arg(route.match);
    return QStringLiteral("r%1").arg(route.index);
}

void warnUnsupported(const VirtualHost &host, const CompiledRoute &route, unsigned supported,
                     const QString &target, QList<ExportWarning> &warnings) {
    const Route &r = modelRoute(host, route);
    const RouteMatchRule &match = modelMatch(host, route);
    const QString subject = routeSubject(host, route);
    auto lacks = [&](Feature feature) { return (supported & feature) == 0; };
    auto warn = [&](const SourceLocation &where, const QString &what) {
        // A route written in several places (a '*' route in every host) is reported once.
        const ExportWarning warning = warnAt(
            subject, where, QStringLiteral("%1 cannot express %2; not exported").arg(target, what));
        for (const ExportWarning &known : warnings)
            if (known.subject == warning.subject && known.message == warning.message)
                return;
        warnings << warning;
    };
    for (const HeaderMatch &query : match.queryParams) {
        const bool regex = query.type == ValueMatch::RegularExpression;
        if (lacks(regex ? QueryParamRegex : QueryParamExact))
            warn(match.src.at(QStringLiteral("queryParams")),
                 QStringLiteral("a %1 query parameter match ('%2'); the route matches without it")
                     .arg(regex ? QStringLiteral("regular-expression") : QStringLiteral("exact"),
                          query.name));
    }
    for (const HeaderMatch &header : match.headers)
        if (header.type == ValueMatch::RegularExpression && lacks(HeaderRegex))
            warn(match.src.at(QStringLiteral("headers")),
                 QStringLiteral("a regular-expression header match ('%1'); the route matches "
                                "without it")
                     .arg(header.name));
    if (route.match != 0)
        return; // the route's own filters: reported once
    auto filter = [&](const HeaderFilter &f, const char *field, Feature set, Feature add,
                      Feature remove) {
        const SourceLocation at =
            f.src.node.isValid() ? f.src.node : r.src.at(QString::fromLatin1(field));
        const QString which = QString::fromLatin1(field);
        if (!f.set.isEmpty() && lacks(set))
            warn(at, QStringLiteral("setting headers in %1").arg(which));
        if (!f.add.isEmpty() && lacks(add))
            warn(at, QStringLiteral("adding header values in %1").arg(which));
        if (!f.remove.isEmpty() && lacks(remove))
            warn(at, QStringLiteral("removing headers in %1").arg(which));
    };
    filter(r.requestHeaders, "requestHeaders", RequestHeaderSet, RequestHeaderAdd,
           RequestHeaderRemove);
    filter(r.responseHeaders, "responseHeaders", ResponseHeaderSet, ResponseHeaderAdd,
           ResponseHeaderRemove);
    if (r.rewritePath && lacks(RewritePath))
        warn(r.src.at(QStringLiteral("rewritePath")),
             QStringLiteral("rewritePath (the whole upstream path)"));
    if (!r.rewriteHost.isEmpty() && lacks(RewriteHost))
        warn(r.src.at(QStringLiteral("rewriteHost")),
             QStringLiteral("rewriteHost (the upstream Host)"));
    if (r.respond && lacks(Respond))
        warn(r.src.at(QStringLiteral("respond")),
             QStringLiteral("a direct response (respond %1); requests go where the route would "
                            "otherwise send them")
                 .arg(r.respond->status));
    for (const RouteMirror &mirror : r.mirrors) {
        if (lacks(Mirror))
            warn(mirror.src.node.isValid() ? mirror.src.node : r.src.at(QStringLiteral("mirrors")),
                 QStringLiteral("mirroring to '%1'").arg(mirror.service));
        else if (mirror.percent < 100 && lacks(MirrorPercent))
            warn(mirror.src.node,
                 QStringLiteral("mirroring a share of requests (%1 % to '%2'); every request is "
                                "mirrored")
                     .arg(mirror.percent)
                     .arg(mirror.service));
    }
}

int catchAllHost(const Topology &topology, const Listener &listener) {
    for (int h = 0; h < topology.hosts.size(); ++h)
        if (topology.hosts[h].isCatchAll() && servesOn(topology.hosts[h], listener))
            return h;
    return -1;
}

ExportWarning warnAt(const QString &subject, const SourceLocation &where, const QString &message) {
    return ExportWarning{message, subject, where};
}

QString escapeRegex(const QString &text) {
    static const QString special = QStringLiteral("\\.^$|?*+()[]{}");
    QString escaped;
    for (QChar c : text) {
        if (special.contains(c))
            escaped += u'\\';
        escaped += c;
    }
    return escaped;
}

QString identifier(const QString &text) {
    QString id;
    for (QChar c : text.toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_')
            id += c;
        else
            id += u'_';
    }
    return id.isEmpty() ? QStringLiteral("_") : id;
}

QString heaviestService(const Route &route) {
    if (route.backends.isEmpty())
        return route.service;
    const RouteBackend *best = &route.backends.first();
    for (const RouteBackend &backend : route.backends)
        if (backend.weight > best->weight)
            best = &backend;
    return best->service;
}

} // namespace ingress::exportsupport
