// Policies in the nginx export (NginxWriter's third part): allow/deny, auth_basic, limit_req and
// limit_conn per location, real_ip for trusted proxies. nginx runs limit_conn and limit_req in
// its preaccess phase and allow/deny before auth_basic in the access phase: the engine's order.
#include "export/nginxwriter.h"
#include "model/topology/enums.h"

namespace ingress {

using namespace exportsupport;
using exportpolicy::Part;
using exportpolicy::RoutePolicy;

std::optional<RoutePolicy> NginxWriter::policyOf(const Candidate &candidate) const {
    const CompiledRoute &route =
        m_table->hosts()[std::size_t(candidate.host)].routes[std::size_t(candidate.route)];
    return exportpolicy::routePolicy(m_topology, candidate.host, route);
}

QString NginxWriter::locationPolicy(const QList<Candidate> &chain, bool unconditionalFirst,
                                    const Listener &listener, const QString &indent) {
    m_locationPolicy = false;
    m_browserHeaders.clear();
    if (chain.isEmpty())
        return {};
    // Directives hold for the whole location: every route it may hand a request to must have
    // the same policy. An unconditional first route takes every request.
    const QList<Candidate> routes = unconditionalFirst ? chain.mid(0, 1) : chain;
    const std::optional<RoutePolicy> first = policyOf(routes.first());
    bool same = true;
    for (const Candidate &candidate : routes.mid(1)) {
        const std::optional<RoutePolicy> other = policyOf(candidate);
        if (first.has_value() != other.has_value() || (first && !first->sameAs(*other)))
            same = false;
    }
    if (!same) {
        for (const Candidate &candidate : routes)
            if (const std::optional<RoutePolicy> policy = policyOf(candidate))
                exportpolicy::report(
                    m_warnings,
                    warnAt(policy->routeSubject, policy->routeNode,
                           QStringLiteral("nginx checks a policy per location, and this route "
                                          "shares one with routes of another policy (they differ "
                                          "by method, header, query parameter or regular "
                                          "expression); its policy is not exported")));
        return {};
    }
    if (!first)
        return {};
    // A narrowed chain without a catch-all route ends in the default service (or 404), which
    // the engine answers without a policy: nginx checks those requests too (refuses more).
    const bool lastTakesAll =
        unconditionalFirst || (isUnconditional(m_table->hosts()[std::size_t(chain.last().host)]
                                                   .routes[std::size_t(chain.last().route)]) &&
                               !chain.last().runtimeRegex);
    if (!lastTakesAll)
        exportpolicy::report(
            m_warnings,
            warnAt(first->routeSubject, first->routeNode,
                   first->checksRequests()
                       ? QStringLiteral("nginx checks the policy per location: requests there "
                                        "that no route takes (the default service's or 404) "
                                        "are checked too")
                       : QStringLiteral("nginx adds CORS and security headers per location: "
                                        "answers there that no route gives (the default "
                                        "service's or 404) get them too")));
    // Only checks move an answer behind them (answerAfterPolicy): header fields apply to a
    // `return` in the location as they are.
    m_locationPolicy = first->checksRequests();
    // Browser fields first: the pages policyDirectives moves answers to repeat them.
    const QString browser = browserDirectives(*first, listener, indent);
    return browser + policyDirectives(*first, indent);
}

QString NginxWriter::corsMaps(const RoutePolicy &policy) {
    // $ingress_cors_origin_S: what Access-Control-Allow-Origin says to an allowed origin ("*"
    // or the origin), empty for others; the rest follow from it. The response fields fall back
    // to the backend's own for other origins, which the engine leaves untouched.
    const CompiledCors &cors = *policy.cors;
    const QString scope = policy.corsScope;
    const QString origin = QStringLiteral("$ingress_cors_origin_") + scope;
    QString maps =
        QStringLiteral("    map $http_origin %1 {\n        default \"\";\n        %2 %3;\n    }\n")
            .arg(origin, quote(QStringLiteral("~*") + exportpolicy::corsOriginRegex(cors)),
                 exportpolicy::corsEchoesOrigin(cors) ? QStringLiteral("$http_origin")
                                                      : QStringLiteral("\"*\""));
    maps += QStringLiteral("    map \"$request_method:$http_access_control_request_method:%1\" "
                           "$ingress_cors_preflight_%2 {\n        default 0;\n"
                           "        \"~^OPTIONS:[^:]+:.+$\" 1;\n    }\n")
                .arg(origin, scope);
    auto field = [&](const QString &kind, const QString &upstream, const QString &value) {
        maps += QStringLiteral("    map %1 $ingress_cors_%2_%3 {\n        \"\" %4;\n"
                               "        default %5;\n    }\n")
                    .arg(origin, kind, scope, upstream, value);
    };
    field(QStringLiteral("acao"), QStringLiteral("$upstream_http_access_control_allow_origin"),
          origin);
    if (cors.credentials)
        field(QStringLiteral("credentials"),
              QStringLiteral("$upstream_http_access_control_allow_credentials"),
              QStringLiteral("true"));
    if (!cors.expose.empty())
        field(QStringLiteral("expose"),
              QStringLiteral("$upstream_http_access_control_expose_headers"),
              quote(QString::fromStdString(cors.expose)));
    field(QStringLiteral("vary"), QStringLiteral("\"\""), QStringLiteral("Origin"));
    return maps;
}

QString NginxWriter::browserDirectives(const RoutePolicy &policy, const Listener &listener,
                                       const QString &indent) {
    // add_header in a location (and in an `if` in it) replaces every add_header it would
    // inherit: the preflight's `if` repeats the security headers, and the route's own
    // response headers are written beside these, at location level. proxy_hide_header first
    // makes "add" a "set": the backend's field is dropped.
    QList<std::pair<QString, QString>> security = policy.securityHeaders;
    // Separate server blocks per listener: HSTS goes to the TLS ones only, as in the engine.
    if (!policy.hsts.isEmpty() && listener.protocol == Protocol::Https)
        security.append({QStringLiteral("Strict-Transport-Security"), policy.hsts});
    QString fields;
    for (const auto &[name, value] : security)
        fields += indent + QStringLiteral("proxy_hide_header %1;\n").arg(name) + indent +
                  QStringLiteral("add_header %1 %2 always;\n").arg(name, quote(value));
    QString preflight;
    if (policy.cors && !exportpolicy::corsOriginRegex(*policy.cors).isEmpty()) {
        const QString map = corsMaps(policy);
        if (!m_corsMaps.contains(map))
            m_corsMaps << map;
        const QString scope = policy.corsScope;
        const QString inner = indent + QStringLiteral("    ");
        auto add = [&](const QString &name, const QString &value) {
            preflight += inner + QStringLiteral("add_header %1 %2 always;\n").arg(name, value);
        };
        // Answered in the rewrite phase, before the limits, the access list and the password.
        preflight = indent + QStringLiteral("if ($ingress_cors_preflight_%1) {\n").arg(scope);
        add(QStringLiteral("Access-Control-Allow-Origin"),
            QStringLiteral("$ingress_cors_origin_") + scope);
        for (const auto &[name, value] : exportpolicy::corsPreflightFields(*policy.cors))
            add(name, quote(value));
        if (policy.cors->credentials)
            add(QStringLiteral("Access-Control-Allow-Credentials"), QStringLiteral("true"));
        add(QStringLiteral("Vary"), QStringLiteral("Origin"));
        for (const auto &[name, value] : security)
            add(name, quote(value));
        preflight += inner + QStringLiteral("return 204;\n") + indent + QStringLiteral("}\n");
        QString answer;
        auto set = [&](const QString &name, const QString &kind) {
            answer += indent + QStringLiteral("proxy_hide_header %1;\n").arg(name) + indent +
                      QStringLiteral("add_header %1 $ingress_cors_%2_%3 always;\n")
                          .arg(name, kind, scope);
        };
        set(QStringLiteral("Access-Control-Allow-Origin"), QStringLiteral("acao"));
        if (policy.cors->credentials)
            set(QStringLiteral("Access-Control-Allow-Credentials"), QStringLiteral("credentials"));
        if (!policy.cors->expose.empty())
            set(QStringLiteral("Access-Control-Expose-Headers"), QStringLiteral("expose"));
        answer +=
            indent + QStringLiteral("add_header Vary $ingress_cors_vary_%1 always;\n").arg(scope);
        fields = answer + fields;
    }
    m_browserHeaders = fields;
    return preflight + fields;
}

QString NginxWriter::policyDirectives(const RoutePolicy &policy, const QString &indent) {
    QString out;
    const Policy &p = policy.policy;
    if (p.connectionLimit) {
        const QString zone = QStringLiteral("ingress_conn_") + policy.connectionScope;
        const QString line =
            QStringLiteral("    limit_conn_zone $binary_remote_addr zone=%1:10m;\n").arg(zone);
        if (!m_zones.contains(line))
            m_zones << line;
        out += indent + QStringLiteral("limit_conn %1 %2;\n").arg(zone).arg(*p.connectionLimit);
    }
    if (p.rateLimit) {
        const RateLimit &limit = *p.rateLimit;
        const QString zone = QStringLiteral("ingress_rate_") + policy.rateScope;
        QString key = QStringLiteral("$binary_remote_addr");
        if (!limit.header.trimmed().isEmpty()) {
            // Per value of the header; a request without it counts per client address.
            key = QStringLiteral("$ingress_rate_key_") + policy.rateScope;
            const QString header =
                QStringLiteral("$http_") + limit.header.trimmed().toLower().replace(u'-', u'_');
            const QString map =
                QStringLiteral("    map %1 %2 {\n        \"\" $binary_remote_addr;\n"
                               "        default %1;\n    }\n")
                    .arg(header, key);
            if (!m_zones.contains(map))
                m_zones << map;
        }
        const QString line =
            QStringLiteral("    limit_req_zone %1 zone=%2:10m rate=%3r/%4;\n")
                .arg(key, zone)
                .arg(limit.requests)
                .arg(limit.per == RateUnit::Minute ? QStringLiteral("m") : QStringLiteral("s"));
        if (!m_zones.contains(line))
            m_zones << line;
        // nodelay: the bucket's extra requests are answered at once, as the engine does.
        out += indent + QStringLiteral("limit_req zone=%1").arg(zone);
        if (limit.burst > 0)
            out += QStringLiteral(" burst=%1").arg(limit.burst);
        out += QStringLiteral(" nodelay;\n");
    }
    if (policy.has(Part::Access)) {
        for (const QString &block : exportpolicy::cidrTexts(policy.deny))
            out += indent + QStringLiteral("deny %1;\n").arg(block);
        const QStringList allow = exportpolicy::cidrTexts(policy.allow);
        for (const QString &block : allow)
            out += indent + QStringLiteral("allow %1;\n").arg(block);
        if (!allow.isEmpty())
            out += indent + QStringLiteral("deny all;\n");
    }
    if (p.basicAuth) {
        // nginx reads the file on each request and knows every scheme htpasswd writes (crypt(3)
        // for bcrypt and SHA-crypt, its own apr1 and {SHA}).
        const exportpolicy::HtpasswdUsers users = exportpolicy::readHtpasswd(policy.htpasswdPath);
        if (!users.error.isEmpty())
            exportpolicy::reportPart(m_warnings, policy, Part::BasicAuth,
                                     QStringLiteral("%1; nginx answers 500 there until the file "
                                                    "can be read")
                                         .arg(users.error));
        out += indent + QStringLiteral("auth_basic %1;\n").arg(quote(policy.realm));
        out +=
            indent + QStringLiteral("auth_basic_user_file %1;\n").arg(quote(policy.htpasswdPath));
    }
    return out + externalAuthDirectives(policy, indent);
}

QString NginxWriter::answerAfterPolicy(const QString &answer, const QString &indent) {
    const QString name = QStringLiteral("@ingress_answer_%1").arg(++m_answers);
    m_namedLocations += QStringLiteral("        location %1 {\n%2%3        }\n")
                            .arg(name, m_browserHeaders, answer);
    // The file never exists (the prefix has no html/ folder of ours): after the checks of the
    // preaccess and access phases, try_files hands the request to the named location.
    return indent + QStringLiteral("try_files /.ingress-policy-passed %1;\n").arg(name);
}

QString NginxWriter::realIpLines(const Listener &listener) const {
    // The balancer in front names the client in the PROXY header; whoever can reach the
    // listener is that balancer, so every peer is trusted for it (the engine does the same).
    if (listener.proxyProtocol)
        return QStringLiteral("        set_real_ip_from 0.0.0.0/0;\n"
                              "        set_real_ip_from ::/0;\n"
                              "        real_ip_header proxy_protocol;\n");
    std::vector<IpBlock> proxies;
    for (const QString &text : listener.trustedProxies)
        if (const auto block = IpBlock::parse(text.trimmed().toStdString()))
            proxies.push_back(*block);
    if (proxies.empty())
        return {};
    QString out;
    for (const QString &block : exportpolicy::cidrTexts(proxies))
        out += QStringLiteral("        set_real_ip_from %1;\n").arg(block);
    // Recursive: the last address that is not itself a trusted proxy, as the engine takes it.
    return out + QStringLiteral("        real_ip_header X-Forwarded-For;\n"
                                "        real_ip_recursive on;\n");
}

QString NginxWriter::policyZones() const {
    const QString cors = m_corsMaps.isEmpty()
                             ? QString()
                             : QStringLiteral("    # CORS: the origins allowed, per policy.\n") +
                                   m_corsMaps.join(QString()) + u'\n';
    if (m_zones.isEmpty())
        return cors;
    QString out = QStringLiteral("    # Policies: refusals by a limit answer 429, as the engine "
                                 "does (nginx's default is 503).\n"
                                 "    limit_req_status 429;\n    limit_conn_status 429;\n");
    return out + m_zones.join(QString()) + u'\n' + cors;
}

} // namespace ingress
