// Policies in the Caddyfile (CaddyWriter's other part). Stock Caddy 2.6 has `remote_ip` matchers,
// `basicauth` (bcrypt only) and `forward_auth`; rate and connection limits need plugins and are
// reported.
#include "export/caddywriter.h"

namespace ingress {

using namespace exportsupport;
using exportpolicy::Part;
using exportpolicy::RoutePolicy;

namespace {

std::vector<IpBlock> trustedProxies(const Listener &listener) {
    std::vector<IpBlock> proxies;
    for (const QString &text : listener.trustedProxies)
        if (const auto block = IpBlock::parse(text.trimmed().toStdString()))
            proxies.push_back(*block);
    return proxies;
}

QString indented(const QString &text, const QString &by) {
    QString out;
    for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts))
        out += by + line + u'\n';
    return out;
}

} // namespace

void CaddyWriter::reportTrustedProxies(const Topology &topology, QList<ExportWarning> &warnings) {
    // `servers { trusted_proxies ... }` came after Caddy 2.6.2, and no 2.6 matcher reads the
    // client from X-Forwarded-For the way the engine does (remote_ip's `forwarded` takes the
    // first entry from anybody).
    for (const Listener &listener : topology.listeners)
        if (!trustedProxies(listener).empty())
            warnings << warnAt(QStringLiteral("listener %1").arg(listener.name),
                               listener.src.at(QStringLiteral("trustedProxies")),
                               QStringLiteral("Caddy 2.6 has no trusted proxies setting; not "
                                              "exported (the connection's peer is the client)"));
    // The proxy_protocol listener wrapper came with Caddy 2.7.
    for (const Listener &listener : topology.listeners)
        if (listener.proxyProtocol)
            warnings << warnAt(QStringLiteral("listener %1").arg(listener.name),
                               listener.src.at(QStringLiteral("proxyProtocol")),
                               QStringLiteral("Caddy 2.6 cannot read the PROXY protocol (its "
                                              "proxy_protocol listener wrapper came in 2.7); not "
                                              "exported"));
}

QString CaddyWriter::policyMatchers(const QString &name, const RoutePolicy &policy) {
    QString out;
    const QString origins = policy.cors ? exportpolicy::corsOriginRegex(*policy.cors) : QString();
    if (!origins.isEmpty()) {
        const QString origin =
            QStringLiteral("header_regexp Origin %1").arg(quote(QStringLiteral("(?i)") + origins));
        const QString preflight = QStringLiteral("method OPTIONS\n%1header_regexp "
                                                 "Access-Control-Request-Method \".\"\n");
        out += QStringLiteral("    @%1_cors %2\n").arg(name, origin);
        out += QStringLiteral("    @%1_preflight {\n        %2\n%3    }\n")
                   .arg(name, origin,
                        QStringLiteral("        ") + preflight.arg(QStringLiteral("        ")));
        if (!policy.cors->expose.empty())
            out += QStringLiteral("    @%1_exposed {\n        %2\n        not {\n%3        }\n"
                                  "    }\n")
                       .arg(name, origin,
                            QStringLiteral("            ") +
                                preflight.arg(QStringLiteral("            ")));
    }
    if (policy.externalAuth)
        for (qsizetype i = 0; i < policy.externalAuth->responseHeaders.size(); ++i) {
            // Caddy 2.6's copy_headers sets a field the auth answer lacks to the placeholder's
            // own text: such a field is removed after forward_auth.
            const QString header = policy.externalAuth->responseHeaders[i];
            out += QStringLiteral("    @%1_unset%2 header_regexp %3 %4\n")
                       .arg(name)
                       .arg(i)
                       .arg(header, quote(QStringLiteral("^\\{http\\.reverse_proxy\\.header\\.") +
                                          escapeRegex(header) + QStringLiteral("\\}$")));
        }
    if (!policy.deny.empty())
        out += QStringLiteral("    @%1_deny remote_ip %2\n")
                   .arg(name, exportpolicy::cidrTexts(policy.deny).join(u' '));
    if (!policy.allow.empty())
        out += QStringLiteral("    @%1_outside not remote_ip %2\n")
                   .arg(name, exportpolicy::cidrTexts(policy.allow).join(u' '));
    return out;
}

QString CaddyWriter::policyHandle(const QString &name, const RoutePolicy &policy,
                                  const Listener &listener, const QString &handle) {
    if (policy.has(Part::RateLimit))
        exportpolicy::reportPart(m_warnings, policy, Part::RateLimit,
                                 QStringLiteral("Caddy has no rate limit without a plugin "
                                                "(caddy-ratelimit); not exported"));
    if (policy.has(Part::ConnectionLimit))
        exportpolicy::reportPart(m_warnings, policy, Part::ConnectionLimit,
                                 QStringLiteral("Caddy has no limit of requests in progress per "
                                                "client; not exported"));
    const QString indent = QStringLiteral("                ");
    QString checks;
    if (policy.has(Part::Access)) {
        if (!trustedProxies(listener).empty())
            exportpolicy::reportPart(
                m_warnings, policy, Part::Access,
                QStringLiteral("Caddy 2.6's remote_ip matcher checks the connection's peer, not "
                               "the client that listener %1's trusted proxies name in "
                               "X-Forwarded-For")
                    .arg(listener.name));
        if (!policy.deny.empty())
            checks += indent + QStringLiteral("respond @%1_deny 403\n").arg(name);
        if (!policy.allow.empty())
            checks += indent + QStringLiteral("respond @%1_outside 403\n").arg(name);
    }
    if (policy.has(Part::BasicAuth))
        checks += basicAuth(policy, indent);
    if (policy.has(Part::ExternalAuth))
        checks += forwardAuth(name, policy, indent);
    checks = browserHandlers(name, policy, listener, indent) + checks;
    if (checks.isEmpty())
        return handle;
    // `route` runs its handlers in the order written; a `handle` would sort them by Caddy's
    // directive order, which puts redirects before basicauth.
    return QStringLiteral("            route {\n") + checks +
           indented(handle, QStringLiteral("    ")) + QStringLiteral("            }\n");
}

QString CaddyWriter::browserHandlers(const QString &name, const RoutePolicy &policy,
                                     const Listener &listener, const QString &indent) {
    const QString inner = indent + QStringLiteral("    ");
    auto block = [&](const QString &matcher, const QList<std::pair<QString, QString>> &fields,
                     bool defer) {
        if (fields.isEmpty())
            return QString();
        QString out =
            indent +
            QStringLiteral("header %1{\n").arg(matcher.isEmpty() ? QString() : matcher + u' ');
        for (const auto &[field, value] : fields)
            out += inner + QStringLiteral("%1 %2\n").arg(field, quote(value));
        if (defer) // at the answer, over the backend's fields
            out += inner + QStringLiteral("defer\n");
        return out + indent + QStringLiteral("}\n");
    };
    QString out;
    if (policy.cors && !exportpolicy::corsOriginRegex(*policy.cors).isEmpty()) {
        const CompiledCors &cors = *policy.cors;
        QList<std::pair<QString, QString>> fields{
            {QStringLiteral("Access-Control-Allow-Origin"),
             exportpolicy::corsEchoesOrigin(cors) ? QStringLiteral("{http.request.header.Origin}")
                                                  : QStringLiteral("*")}};
        if (cors.credentials)
            fields.append(
                {QStringLiteral("Access-Control-Allow-Credentials"), QStringLiteral("true")});
        fields.append({QStringLiteral("+Vary"), QStringLiteral("Origin")});
        out += block(QStringLiteral("@%1_cors").arg(name), fields, true);
        if (!cors.expose.empty())
            out += block(QStringLiteral("@%1_exposed").arg(name),
                         {{QStringLiteral("Access-Control-Expose-Headers"),
                           QString::fromStdString(cors.expose)}},
                         true);
    }
    QList<std::pair<QString, QString>> security = policy.securityHeaders;
    // A site per listener: HSTS in the TLS ones only, as in the engine.
    if (!policy.hsts.isEmpty() && listener.protocol == Protocol::Https)
        security.append({QStringLiteral("Strict-Transport-Security"), policy.hsts});
    out += block(QString(), security, true);
    if (policy.cors && !exportpolicy::corsOriginRegex(*policy.cors).isEmpty()) {
        // Answered before the checks: browsers send no credentials on a preflight.
        out += block(QStringLiteral("@%1_preflight").arg(name),
                     exportpolicy::corsPreflightFields(*policy.cors), false);
        out += indent + QStringLiteral("respond @%1_preflight 204\n").arg(name);
    }
    return out;
}

QString CaddyWriter::basicAuth(const RoutePolicy &policy, const QString &indent) {
    const exportpolicy::HtpasswdUsers file = exportpolicy::readHtpasswd(policy.htpasswdPath);
    QStringList accounts;
    if (!file.error.isEmpty()) {
        exportpolicy::reportPart(
            m_warnings, policy, Part::BasicAuth,
            QStringLiteral("%1; Caddy refuses every request there").arg(file.error));
    } else if (!m_includeSecrets) {
        exportpolicy::reportPart(m_warnings, policy, Part::BasicAuth,
                                 QStringLiteral("Caddy needs the password hashes in the "
                                                "Caddyfile, written only with --include-secrets; "
                                                "until they are added Caddy refuses every "
                                                "request there"));
    } else {
        for (const auto &[user, hash] : file.users) {
            if (!exportpolicy::isBcrypt(hash)) {
                exportpolicy::reportPart(m_warnings, policy, Part::BasicAuth,
                                         QStringLiteral("Caddy's basicauth knows bcrypt only, "
                                                        "not %1: user '%2' is left out")
                                             .arg(exportpolicy::hashScheme(hash), user));
                continue;
            }
            // Caddy 2.6 takes the hash base64-encoded.
            accounts << QStringLiteral("%1    %2 %3\n")
                            .arg(indent, quote(user),
                                 QString::fromLatin1(hash.toUtf8().toBase64()));
        }
    }
    if (accounts.isEmpty()) {
        // Nobody can be let in: the engine's refusal, with its challenge.
        return indent +
               QStringLiteral("header WWW-Authenticate %1\n")
                   .arg(quote(QStringLiteral("Basic realm=\"%1\"").arg(policy.realm))) +
               indent + QStringLiteral("respond 401\n");
    }
    m_wroteSecrets = true;
    return indent + QStringLiteral("basicauth bcrypt %1 {\n").arg(quote(policy.realm)) +
           accounts.join(QString()) + indent + QStringLiteral("}\n");
}

QString CaddyWriter::forwardAuth(const QString &name, const RoutePolicy &policy,
                                 const QString &indent) {
    const exportpolicy::AuthRequest &auth = *policy.externalAuth;
    if (!auth.service || auth.service->endpoints.isEmpty())
        return indent + QStringLiteral("respond 500\n"); // the engine cannot ask it either
    QString out;
    const QString inner = indent + QStringLiteral("    ");
    // The request's own URL: forward_auth rewrites a copy, these placeholders read the original.
    const QString url = QStringLiteral("{http.request.scheme}://{http.request.hostport}"
                                       "{http.request.uri}");
    out += indent +
           QStringLiteral("forward_auth %1 {\n").arg(weightedUpstreams(*auth.service).join(u' '));
    out += inner + QStringLiteral("uri %1\n").arg(quote(auth.path));
    if (!auth.responseHeaders.isEmpty())
        out += inner + QStringLiteral("copy_headers %1\n").arg(auth.responseHeaders.join(u' '));
    // X-Forwarded-Method and -Uri come with forward_auth, -For, -Proto and -Host with
    // reverse_proxy; ingress-nginx's two are added.
    out += inner + QStringLiteral("header_up X-Original-URL %1\n").arg(quote(url));
    out += inner + QStringLiteral("header_up X-Original-Method {http.request.method}\n");
    static const char *const policies[] = {"round_robin", "least_conn", "ip_hash", "random"};
    out += inner + QStringLiteral("lb_policy %1\n")
                       .arg(QString::fromLatin1(policies[int(auth.service->loadBalancing)]));
    const ServiceTimeouts &t = auth.service->timeouts;
    if (t.connect || t.response) {
        out += inner + QStringLiteral("transport http {\n");
        if (t.connect)
            out += inner + QStringLiteral("    dial_timeout %1ms\n").arg(t.connect->count());
        if (t.response)
            out += inner +
                   QStringLiteral("    response_header_timeout %1ms\n").arg(t.response->count());
        out += inner + QStringLiteral("}\n");
    }
    if (!auth.signIn.isEmpty()) {
        out += inner + QStringLiteral("@%1_signin status 401\n").arg(name);
        out += inner + QStringLiteral("handle_response @%1_signin {\n").arg(name);
        out += inner + QStringLiteral("    redir %1 302\n").arg(quote(auth.signInRedirect() + url));
        out += inner + QStringLiteral("}\n");
        exportpolicy::reportPart(m_warnings, policy, Part::ExternalAuth,
                                 QStringLiteral("Caddy 2.6 cannot percent-encode the URL given to "
                                                "the sign-in page: rd carries the request's URI "
                                                "as sent, so a query's '&' ends it early"));
    }
    exportpolicy::reportPart(m_warnings, policy, Part::ExternalAuth,
                             QStringLiteral("Caddy answers 502, not 500, when the auth service "
                                            "cannot be reached"));
    out += indent + QStringLiteral("}\n");
    // copy_headers sets each field on a 2xx, the client's own replaced; one the answer lacks
    // gets the placeholder's text (policyMatchers' `_unset` matchers), removed here.
    for (qsizetype i = 0; i < auth.responseHeaders.size(); ++i)
        out += indent + QStringLiteral("request_header @%1_unset%2 -%3\n")
                            .arg(name)
                            .arg(i)
                            .arg(auth.responseHeaders[i]);
    return out;
}

} // namespace ingress
