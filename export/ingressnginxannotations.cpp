#include "export/ingressnginxannotations.h"

#include "export/ingressnginxaffinity.h"
#include "export/ingressnginxcors.h"
#include "export/ingressnginxexternalauth.h"
#include "export/ingressnginxpolicy.h"
#include "export/ingressnginxsnippets.h"
#include "export/nginxorgannotations.h"
#include "export/nginxorgrouting.h"

#include <algorithm>
#include <QUrl>

namespace ingress::kubeimport {

namespace {

constexpr QLatin1StringView nginxPrefix("nginx.ingress.kubernetes.io/");
constexpr QLatin1StringView haproxyPrefix("haproxy.org/");
// F5 NGINX Ingress Controller's; the import reads its HSTS ones (nginxorgannotations.h) and
// those of routing (nginxorgrouting.h).
constexpr QLatin1StringView nginxOrgPrefix("nginx.org/");

// Annotations the topology has no equivalent for yet, and why; each is reported where it is.
QString untranslatable(QStringView name) {
    static const QList<std::pair<QStringView, const char *>> reasons{
        {u"auth-tls-", "the topology has no client certificate authentication"},
        {u"auth-", "not an ingress-nginx authentication annotation the import knows; basic auth "
                   "is auth-type, auth-secret, auth-secret-type and auth-realm, external auth "
                   "auth-url and the auth-* that shape it"},
        {u"limit-whitelist", "the topology's limits exempt no addresses"},
        {u"limit-allowlist", "the topology's limits exempt no addresses"},
        {u"limit-rate", "the topology has no bandwidth limits"},
        {u"limit-", "the topology has no such limit"},
        {u"proxy-set-headers",
         "it names a ConfigMap of request headers, which the import does not read; write them "
         "as the routes' requestHeaders (set)"},
        {u"custom-headers",
         "it names a ConfigMap of response headers, which the import does not read; write "
         "Strict-Transport-Security, X-Content-Type-Options, Referrer-Policy and X-Frame-Options "
         "as the routes' policy.securityHeaders, any other as their responseHeaders (set)"},
        {u"backend-protocol", "the topology speaks HTTP/1.1 to backends"},
        {u"proxy-connect-timeout", "the topology sets connect timeouts per service"},
    };
    for (const auto &[prefix, why] : reasons)
        if (name.startsWith(prefix))
            return QString::fromLatin1(why);
    return {};
}

// nginx sizes: "8m", "512k", "1g", plain bytes; "0" turns the limit off.
std::optional<qint64> nginxSize(const QString &text) {
    static const QList<std::pair<QChar, qint64>> units{
        {u'k', 1024}, {u'm', 1024 * 1024}, {u'g', 1024LL * 1024 * 1024}};
    QString value = text.trimmed().toLower();
    qint64 factor = 1;
    for (const auto &[unit, size] : units)
        if (value.endsWith(unit)) {
            factor = size;
            value.chop(1);
            break;
        }
    bool ok = false;
    const qint64 number = value.toLongLong(&ok);
    if (!ok || number < 0 || number > (qint64(1) << 40) / factor)
        return std::nullopt;
    return number * factor;
}

// ingress-nginx redirects to the URL as written: scheme, host and path; the request's path is
// not appended.
std::optional<Redirect> redirectTo(const QString &url, int code) {
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme().isEmpty() || parsed.host().isEmpty())
        return std::nullopt;
    Redirect redirect;
    redirect.scheme = parsed.scheme();
    redirect.host = parsed.host();
    if (parsed.port() > 0)
        redirect.port = parsed.port();
    redirect.path = parsed.path().isEmpty() ? QStringLiteral("/") : parsed.path();
    redirect.code = code;
    return redirect;
}

} // namespace

IngressAnnotations IngressAnnotations::read(ImportSession &session, const YAML::Node &metadata,
                                            const YAML::Node &spec) {
    IngressAnnotations result;
    const YAML::Node list = metadata["annotations"];
    if (!list || !list.IsMap())
        return result;
    int translated = 0;
    QStringList left;
    IngressPolicyAnnotations policy;
    IngressCorsAnnotations cors;
    IngressExternalAuthAnnotations externalAuth;
    IngressAffinityAnnotations affinity;
    NginxOrgAnnotations nginxOrg;
    NginxOrgRoutingAnnotations nginxOrgRouting;
    IngressSnippetAnnotations snippets;
    QString permanent, temporal;
    int permanentCode = 301, temporalCode = 302;
    for (auto it = list.begin(); it != list.end(); ++it) {
        const QString key = q(it->first.Scalar());
        const QString value = it->second.IsScalar() ? q(it->second.Scalar()).trimmed() : QString();
        const bool nginx = key.startsWith(nginxPrefix);
        const QString name = key.section(u'/', 1);
        const bool f5 = key.startsWith(nginxOrgPrefix);
        const bool known = nginx || f5 || key.startsWith(haproxyPrefix);
        if (key == u"kubernetes.io/ingress.class") {
            session.note(it->first, QStringLiteral("ingress class '%1' noted; not part of the "
                                                   "topology")
                                        .arg(value));
            continue;
        }
        if (!known) {
            session.warning(it->first, QStringLiteral("annotation '%1' is not translated: not an "
                                                      "ingress-nginx, F5 NGINX Ingress "
                                                      "Controller or HAProxy annotation")
                                           .arg(key));
            left << key;
            continue;
        }
        if (nginx && (policy.take(key, name, value, it->first, it->second) ||
                      externalAuth.take(key, name, value, it->first, it->second) ||
                      cors.take(key, name, value, it->first, it->second)))
            continue;
        if (affinity.take(key, name, value, it->first, it->second))
            continue;
        if (nginx && snippets.take(key, name, it->first, it->second))
            continue;
        if (f5) {
            if (!nginxOrg.take(key, name, value, it->first, it->second) &&
                !nginxOrgRouting.take(key, name, value, it->first, it->second)) {
                session.warning(it->first,
                                QStringLiteral("annotation '%1' is not translated: of F5 NGINX "
                                               "Ingress Controller's annotations the import "
                                               "reads nginx.org/hsts, hsts-max-age, "
                                               "hsts-include-subdomains, hsts-behind-proxy, "
                                               "redirect-to-https, proxy-set-headers, "
                                               "proxy-hide-headers, rewrites and path-regex")
                                    .arg(key));
                left << key;
            }
            continue;
        }
        bool ok = true;
        if (name == u"use-regex")
            result.useRegex = value == u"true";
        else if (name == u"rewrite-target" || name == u"path-rewrite")
            result.rewriteTarget = value;
        else if (name == u"ssl-redirect")
            result.sslRedirect = value == u"true";
        else if (nginx && name == u"force-ssl-redirect")
            result.forceSslRedirect = value == u"true";
        else if (name == u"upstream-hash-by" || name == u"load-balance") {
            // load balancing travels on the Service annotation as well
        } else if (nginx && name == u"canary")
            result.canary = value == u"true";
        else if (nginx && name == u"canary-weight")
            result.canaryWeight = value.toInt(&ok);
        else if (nginx && name == u"canary-weight-total")
            result.canaryWeightTotal = std::max(1, value.toInt(&ok));
        else if (nginx && name == u"canary-by-header")
            result.canaryHeader = value;
        else if (nginx && name == u"canary-by-header-value")
            result.canaryHeaderValue = value;
        else if (nginx && name == u"canary-by-header-pattern")
            result.canaryHeaderPattern = value;
        else if (nginx && name == u"canary-by-cookie")
            result.canaryCookie = value;
        else if (nginx && name == u"permanent-redirect")
            permanent = value;
        else if (nginx && name == u"permanent-redirect-code")
            permanentCode = value.toInt(&ok);
        else if (nginx && name == u"temporal-redirect")
            temporal = value;
        else if (nginx && name == u"temporal-redirect-code")
            temporalCode = value.toInt(&ok);
        else if (nginx && name == u"app-root")
            result.appRoot = value;
        else if (nginx && name == u"proxy-body-size")
            ok = (result.maxBodySize = nginxSize(value)).has_value();
        else if (nginx && (name == u"proxy-read-timeout" || name == u"proxy-send-timeout")) {
            const int seconds = value.toInt(&ok);
            ok = ok && seconds > 0;
            if (ok)
                result.timeout = std::max(result.timeout.value_or(Duration(0)),
                                          Duration(qint64(seconds) * 1000));
        } else if (nginx && name == u"backend-protocol" && value == u"HTTP") {
            // what the topology speaks to backends
        } else {
            const QString why = untranslatable(name);
            session.warning(it->first,
                            QStringLiteral("annotation '%1' is not translated: %2")
                                .arg(key, why.isEmpty() ? QStringLiteral("not understood") : why));
            left << key;
            continue;
        }
        if (!ok) {
            session.warning(it->second, QStringLiteral("annotation '%1': '%2' is not a valid "
                                                       "value; not translated")
                                            .arg(key, value));
            left << key;
            continue;
        }
        ++translated;
    }
    // The permanent redirect wins, as in ingress-nginx.
    for (const auto &[url, code, key] :
         {std::tuple{temporal, temporalCode, "temporal-redirect"},
          std::tuple{permanent, permanentCode, "permanent-redirect"}}) {
        if (url.isEmpty())
            continue;
        if (auto redirect = redirectTo(url, code); redirect && code >= 300 && code < 400) {
            result.redirect = redirect;
        } else {
            session.warning(list, QStringLiteral("annotation '%1%2': '%3' (code %4) is not an "
                                                 "absolute URL and a 3xx code; not translated")
                                      .arg(nginxPrefix, QLatin1StringView(key), url)
                                      .arg(code));
            --translated;
            left << nginxPrefix + QLatin1StringView(key);
        }
    }
    const QString nameSpace = ImportSession::namespaceOf(session.scalar(metadata, "namespace"));
    result.policy = policy.translate(session, nameSpace, result.canary, translated, left);
    result.policy.externalAuth =
        externalAuth.translate(session, nameSpace, result.canary, translated, left);
    result.policy.cors = cors.translate(session, result.canary, translated, left);
    result.policy.securityHeaders = nginxOrg.translate(session, result.canary, translated, left);
    nginxOrgRouting.translate(session, result, NginxOrgRoutingAnnotations::servicesOf(spec),
                              translated, left);
    snippets.translate(session, result, translated, left);
    result.stickySession = affinity.translate(session, result.canary,
                                              result.canaryWeight.has_value(), translated, left);
    if (translated + left.size() > 0)
        session.note(list, QStringLiteral("%1 of %2 annotations translated%3")
                               .arg(translated)
                               .arg(translated + left.size())
                               .arg(left.isEmpty() ? QString()
                                                   : QStringLiteral("; not translated: %1")
                                                         .arg(left.join(QStringLiteral(", ")))));
    return result;
}

} // namespace ingress::kubeimport
