#include "export/nginxorgrouting.h"

#include "export/annotationbool.h"
#include "export/headerfilteredit.h"
#include "export/ingressnginxannotations.h"

#include <QRegularExpression>

namespace ingress::kubeimport {

namespace {

void leave(ImportSession &session, const YAML::Node &at, const QString &key, const QString &why,
           QStringList &left) {
    session.warning(at, QStringLiteral("annotation '%1' is not translated: %2").arg(key, why));
    left << key;
}

QStringList commaList(const QString &value) {
    QStringList items;
    for (const QString &item : value.split(u',', Qt::SkipEmptyParts))
        if (!item.trimmed().isEmpty())
            items << item.trimmed();
    return items;
}

} // namespace

bool NginxOrgRoutingAnnotations::take(const QString &key, const QString &name, const QString &value,
                                      const YAML::Node &keyNode, const YAML::Node &valueNode) {
    static const QStringList names{
        QStringLiteral("redirect-to-https"),  QStringLiteral("proxy-set-headers"),
        QStringLiteral("proxy-hide-headers"), QStringLiteral("rewrites"),
        QStringLiteral("path-regex"),         QStringLiteral("listen-ports"),
        QStringLiteral("listen-ports-ssl"),   QStringLiteral("ssl-services"),
        QStringLiteral("grpc-services")};
    if (!names.contains(name))
        return false;
    m_taken.insert(name, Annotation{key, value, keyNode, valueNode});
    return true;
}

QStringList NginxOrgRoutingAnnotations::servicesOf(const YAML::Node &spec) {
    QStringList services;
    if (!spec || !spec.IsMap())
        return services;
    for (const YAML::Node &rule : spec["rules"])
        for (const YAML::Node &path : rule["http"]["paths"]) {
            const YAML::Node backend = path["backend"];
            if (!backend || !backend.IsMap())
                continue;
            const YAML::Node name =
                backend["service"] ? backend["service"]["name"] : backend["serviceName"];
            if (name && name.IsScalar() && !services.contains(q(name.Scalar())))
                services << q(name.Scalar());
        }
    return services;
}

void NginxOrgRoutingAnnotations::translate(ImportSession &session, IngressAnnotations &result,
                                           const QStringList &services, int &translated,
                                           QStringList &left) const {
    for (auto it = m_taken.cbegin(); it != m_taken.cend(); ++it) {
        const QString &name = it.key();
        const Annotation &a = it.value();
        const bool routeLevel = name != u"redirect-to-https" && !name.startsWith(u"listen-") &&
                                !name.endsWith(u"-services");
        if (routeLevel && result.canary) {
            leave(session, a.keyNode, a.key,
                  QStringLiteral("a canary Ingress's routes take the main Ingress's paths, "
                                 "headers and rewrites"),
                  left);
            continue;
        }
        bool ok = false;
        if (name == u"redirect-to-https")
            ok = redirectToHttps(session, a, result);
        else if (name == u"proxy-set-headers")
            ok = setHeaders(session, a, result);
        else if (name == u"proxy-hide-headers")
            ok = hideHeaders(session, a, result);
        else if (name == u"rewrites")
            ok = rewrites(session, a, services, result);
        else if (name == u"path-regex")
            ok = pathRegex(session, a, result);
        else if (name.startsWith(u"listen-ports")) {
            const bool tls = name.endsWith(u"-ssl");
            leave(session, a.keyNode, a.key,
                  QStringLiteral("the topology's listeners are the import's own, not the "
                                 "Ingress's; add %1 listeners on port(s) %2 by hand, and list "
                                 "them in the host's listeners")
                      .arg(tls ? QStringLiteral("TLS") : QStringLiteral("plain HTTP"),
                           commaList(a.value).join(QStringLiteral(", "))),
                  left);
            continue;
        } else {
            const bool grpc = name.startsWith(u"grpc");
            leave(session, a.keyNode, a.key,
                  QStringLiteral("not yet translatable: the topology speaks HTTP/1.1 over plain "
                                 "TCP to backends (backend protocols arrive with HTTP/2 "
                                 "support); the services %1 expect %2")
                      .arg(commaList(a.value).join(QStringLiteral(", ")),
                           grpc ? QStringLiteral("gRPC (HTTP/2)") : QStringLiteral("TLS")),
                  left);
            continue;
        }
        if (ok)
            ++translated;
        else
            left << a.key;
    }
    // rewritePrefix replaces a literal prefix, which a regular expression path has none of.
    if (!result.rewritePrefixes.isEmpty() && result.pathType == PathType::Regex) {
        const Annotation a = m_taken.value(QStringLiteral("rewrites"));
        session.warning(a.keyNode, QStringLiteral("annotation '%1' is not translated: the "
                                                  "Ingress's paths are regular expressions "
                                                  "(nginx.org/path-regex), and the topology "
                                                  "rewrites a literal prefix only")
                                       .arg(a.key));
        result.rewritePrefixes.clear();
        --translated;
        left << a.key;
    }
}

// F5 answers a request whose X-Forwarded-Proto is "http" with a 301 to https://$host$request_uri:
// it is meant for TLS ended by a load balancer in front of it.
bool NginxOrgRoutingAnnotations::redirectToHttps(ImportSession &session, const Annotation &a,
                                                 IngressAnnotations &result) const {
    const std::optional<bool> on = annotationBool(a.value);
    if (!on) {
        session.warning(a.valueNode,
                        QStringLiteral("annotation '%1': '%2' is not true or false; F5 NGINX "
                                       "Ingress Controller then does not redirect, and neither "
                                       "does the import")
                            .arg(a.key, a.value));
        return false;
    }
    if (!*on)
        return true;
    result.forceSslRedirect = true;
    result.forceSslRedirectBy = a.key;
    session.note(a.keyNode,
                 QStringLiteral("annotation '%1': F5 NGINX Ingress Controller redirects the "
                                "requests whose X-Forwarded-Proto is 'http' (TLS ended by a load "
                                "balancer in front of it); the import's hosts get sslRedirect: "
                                "true, which redirects every request that reaches this proxy "
                                "over plain HTTP, on hosts that have a certificate here")
                     .arg(a.key));
    return true;
}

// "X-A: value, X-B": a name alone sends the client's own value ($http_x_b), which the proxy
// forwards anyway.
bool NginxOrgRoutingAnnotations::setHeaders(ImportSession &session, const Annotation &a,
                                            IngressAnnotations &result) const {
    QStringList passed;
    bool any = false;
    for (const QString &item : commaList(a.value)) {
        const qsizetype colon = item.indexOf(u':');
        const QString name = (colon < 0 ? item : item.left(colon)).trimmed();
        if (!isHeaderName(name)) {
            session.warning(a.valueNode, QStringLiteral("annotation '%1': '%2' is not a header "
                                                        "name; left out")
                                             .arg(a.key, name));
            continue;
        }
        any = true;
        if (colon < 0)
            passed << name;
        else
            result.requestHeaders.set << HeaderValue{name, item.mid(colon + 1).trimmed()};
    }
    if (!passed.isEmpty())
        session.note(a.valueNode,
                     QStringLiteral("annotation '%1': %2 without a value send(s) the client's own "
                                    "value, which the proxy forwards anyway; nothing to set")
                         .arg(a.key, passed.join(QStringLiteral(", "))));
    return any;
}

bool NginxOrgRoutingAnnotations::hideHeaders(ImportSession &session, const Annotation &a,
                                             IngressAnnotations &result) const {
    for (const QString &name : commaList(a.value)) {
        if (isHeaderName(name))
            result.responseHeaders.remove << name;
        else
            session.warning(a.valueNode, QStringLiteral("annotation '%1': '%2' is not a header "
                                                        "name; left out")
                                             .arg(a.key, name));
    }
    return !result.responseHeaders.remove.isEmpty();
}

// "serviceName=tea rewrite=/;serviceName=coffee rewrite=/beans/": F5 replaces the part of the
// path its location matched (the Ingress path) with the rewrite, for that service's paths.
bool NginxOrgRoutingAnnotations::rewrites(ImportSession &session, const Annotation &a,
                                          const QStringList &services,
                                          IngressAnnotations &result) const {
    static const QRegularExpression entry(QStringLiteral("^serviceName=(\\S+)\\s+rewrite=(\\S*)$"));
    for (const QString &item : a.value.split(u';', Qt::SkipEmptyParts)) {
        const QString text = item.trimmed();
        if (text.isEmpty())
            continue;
        const auto m = entry.match(text);
        if (!m.hasMatch() || !m.captured(2).startsWith(u'/')) {
            session.warning(a.valueNode,
                            QStringLiteral("annotation '%1': '%2' is not 'serviceName=SERVICE "
                                           "rewrite=/PATH'; left out")
                                .arg(a.key, text));
            continue;
        }
        if (!services.contains(m.captured(1))) {
            session.warning(a.valueNode,
                            QStringLiteral("annotation '%1': service '%2' is not a backend of "
                                           "this Ingress's paths; its rewrite is left out")
                                .arg(a.key, m.captured(1)));
            continue;
        }
        result.rewritePrefixes.insert(m.captured(1), m.captured(2));
    }
    return !result.rewritePrefixes.isEmpty();
}

// F5 writes each path of the Ingress as `location ~ "^PATH"`, `~* "^PATH"` or `= "PATH"`.
bool NginxOrgRoutingAnnotations::pathRegex(ImportSession &session, const Annotation &a,
                                           IngressAnnotations &result) const {
    if (a.value == u"case_sensitive" || a.value == u"case_insensitive") {
        result.pathType = PathType::Regex;
        result.caseInsensitive = a.value == u"case_insensitive";
        return true;
    }
    // Not a value F5 documents, but manifests carry it and ingress2gateway reads it as a
    // case-sensitive regex: so does the import, and says so.
    if (a.value == u"true") {
        session.note(a.valueNode,
                     QStringLiteral("annotation '%1': 'true' is not one of F5's values "
                                    "(case_sensitive, case_insensitive, exact); imported as "
                                    "case_sensitive, as ingress2gateway reads it")
                         .arg(a.key));
        result.pathType = PathType::Regex;
        return true;
    }
    if (a.value == u"exact") {
        result.pathType = PathType::Exact;
        return true;
    }
    session.warning(a.valueNode,
                    QStringLiteral("annotation '%1': '%2' is not case_sensitive, "
                                   "case_insensitive or exact; the import keeps the Ingress's "
                                   "path types")
                        .arg(a.key, a.value));
    return false;
}

} // namespace ingress::kubeimport
