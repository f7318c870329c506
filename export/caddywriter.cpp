#include "export/caddywriter.h"

#include "export/stickyexport.h"

#include <numeric>

namespace ingress {

using namespace exportsupport;

namespace {

// Caddy has no request mirroring: mirrors are reported.
constexpr unsigned kCaddyFeatures = QueryParamExact | QueryParamRegex | HeaderRegex |
                                    RequestHeaderSet | RequestHeaderAdd | RequestHeaderRemove |
                                    ResponseHeaderSet | ResponseHeaderAdd | ResponseHeaderRemove |
                                    RewritePath | RewriteHost | Respond;

QString seconds(Duration duration) {
    return QStringLiteral("%1ms").arg(duration.count());
}

} // namespace

// Caddy 2.6 has no per-upstream weights (weighted_round_robin came in 2.8): an endpoint is
// listed weight/gcd times instead, which round_robin and random turn into the same shares.
QStringList CaddyWriter::weightedUpstreams(const Service &service) {
    int divisor = 0;
    for (const Endpoint &endpoint : service.endpoints)
        divisor = std::gcd(divisor, std::max(0, endpoint.weight));
    QStringList upstreams;
    for (const Endpoint &endpoint : service.endpoints) {
        const int copies = divisor > 0 ? std::min(endpoint.weight / divisor, 100) : 1;
        for (int i = 0; i < copies; ++i)
            upstreams << endpoint.address;
    }
    return upstreams;
}

CaddyWriter::CaddyWriter(const Topology &topology, QList<ExportWarning> &warnings,
                         bool includeSecrets)
    : m_topology(topology), m_table(RoutingTable::compile(topology)), m_warnings(warnings),
      m_includeSecrets(includeSecrets) {
}

QString CaddyWriter::quote(const QString &text) {
    // Inside quotes the Caddyfile lexer only unescapes \"; other backslashes stay as written,
    // which regexes need.
    QString escaped = text;
    escaped.replace(u'"', QStringLiteral("\\\""));
    return u'"' + escaped + u'"';
}

QString CaddyWriter::matcher(const QString &matcherName, const CompiledRoute &route,
                             const QString &subject) {
    QStringList lines;
    const QString path = QString::fromStdString(route.path);
    // path_regexp, not `path`: Caddy's path matcher ignores case, the engine does not.
    switch (route.type) {
    case PathType::Exact:
        lines << QStringLiteral("path_regexp %1").arg(quote(u'^' + escapeRegex(path) + u'$'));
        break;
    case PathType::Prefix:
        if (!route.prefixKey.empty())
            lines << QStringLiteral("path_regexp %1")
                         .arg(
                             quote(u'^' + escapeRegex(prefixKey(route)) + QStringLiteral("(/|$)")));
        break;
    case PathType::Regex:
        if (const QString bad = re2Incompatibility(path); !bad.isEmpty())
            m_warnings << warnAt(subject, {},
                                 QStringLiteral("Caddy's regex engine (RE2) has no '%1'; Caddy "
                                                "rejects or misreads this pattern")
                                     .arg(bad));
        lines << QStringLiteral("path_regexp %1").arg(quote(path));
        break;
    }
    QStringList methods;
    for (const std::string &method : route.methods)
        methods << QString::fromStdString(method);
    if (!methods.isEmpty())
        lines << QStringLiteral("method ") + methods.join(u' ');
    for (const CompiledValueMatch &header : route.headers) {
        const QString name = QString::fromStdString(header.name);
        const QString v = QString::fromStdString(header.value);
        if (header.isRegex) {
            lines << QStringLiteral("header_regexp %1 %2")
                         .arg(name, quote(QStringLiteral("^(?:%1)$").arg(v)));
            continue;
        }
        if (v.startsWith(u'*') || v.endsWith(u'*'))
            m_warnings << warnAt(subject, {},
                                 QStringLiteral("Caddy reads a leading or trailing '*' in a "
                                                "header value as a wildcard"));
        lines << QStringLiteral("header %1 %2").arg(name, quote(v));
    }
    for (const CompiledValueMatch &query : route.queryParams) {
        const QString name = QString::fromStdString(query.name);
        const QString v = QString::fromStdString(query.value);
        if (query.isRegex) // Caddy 2.6 has no query_regexp: a CEL expression on the placeholder
            lines << QStringLiteral("expression %1")
                         .arg(
                             quote(QStringLiteral("{http.request.uri.query.%1}.matches('^(?:%2)$')")
                                       .arg(name, QString(v)
                                                      .replace(u'\\', QStringLiteral("\\\\"))
                                                      .replace(u'\'', QStringLiteral("\\'")))));
        else
            lines << QStringLiteral("query %1").arg(quote(name + u'=' + v));
    }
    if (lines.isEmpty())
        return {};
    QString out = QStringLiteral("    @%1 {\n").arg(matcherName);
    for (const QString &line : lines)
        out += QStringLiteral("        ") + line + u'\n';
    return out + QStringLiteral("    }\n");
}

QString CaddyWriter::hostBody(int hostIndex, const Listener &listener) {
    const VirtualHost &host = m_topology.hosts[hostIndex];
    const CompiledHost &compiled = m_table->hosts()[std::size_t(hostIndex)];
    const Listener *https =
        listener.protocol == Protocol::Http ? httpsRedirectTarget(m_topology, host) : nullptr;
    const bool hasFallback = m_topology.findService(m_topology.defaultService) != nullptr;
    // The engine redirects to HTTPS what it would answer: with a default service, everything.
    if (https && hasFallback)
        return httpsRedirect(*https, QStringLiteral("    "));
    QString matchers;
    QString handles;
    // The host's routes, then those of the '*' host (the engine tries them when none of the
    // host's own take the request), then the default service.
    const int every = catchAllHost(m_topology, listener);
    QList<std::pair<int, int>> order; // (host, position in its compiled routes)
    for (int i : precedence(compiled))
        order.append({hostIndex, i});
    if (every >= 0 && every != hostIndex)
        for (int i : precedence(m_table->hosts()[std::size_t(every)]))
            order.append({every, i});
    for (const auto &[h, i] : order) {
        const VirtualHost &owner = m_topology.hosts[h];
        const CompiledHost &ownerCompiled = m_table->hosts()[std::size_t(h)];
        const QString name = QStringLiteral("%1%2").arg(QChar(h == hostIndex ? u'r' : u'c')).arg(i);
        const CompiledRoute &cr = ownerCompiled.routes[std::size_t(i)];
        const QString m = matcher(name, cr, routeSubject(owner, cr));
        matchers += m;
        const QString target = m.isEmpty() ? QString() : u'@' + name + u' ';
        handles += QStringLiteral("        handle %1{\n").arg(target);
        const auto policy = exportpolicy::routePolicy(m_topology, h, cr);
        if (https) {
            handles += httpsRedirect(*https, QStringLiteral("            "));
        } else if (policy) {
            matchers += policyMatchers(name, *policy);
            handles += policyHandle(name, *policy, listener,
                                    routeHandle(owner, ownerCompiled, i, listener));
        } else {
            handles += routeHandle(owner, ownerCompiled, i, listener);
        }
        handles += QStringLiteral("        }\n");
    }
    handles += QStringLiteral("        handle {\n") + fallback(QStringLiteral("            ")) +
               QStringLiteral("        }\n");
    // `route` keeps the handles in the order written; `handle` blocks are mutually exclusive.
    return matchers + QStringLiteral("    route {\n") + handles + QStringLiteral("    }\n");
}

QString CaddyWriter::fallback(const QString &indent) {
    if (const Service *service = m_topology.findService(m_topology.defaultService))
        return proxy(service, nullptr, indent);
    return indent + QStringLiteral("respond 404\n");
}

QString CaddyWriter::httpsRedirect(const Listener &https, const QString &indent) const {
    const RedirectPlan plan = planHttpsRedirect(https);
    return indent +
           QStringLiteral("redir https://{host}%1{uri} %2\n").arg(plan.portSuffix).arg(plan.code);
}

QString CaddyWriter::routeHandle(const VirtualHost &host, const CompiledHost &compiled,
                                 int routeIndex, const Listener &listener) {
    const CompiledRoute &cr = compiled.routes[std::size_t(routeIndex)];
    const Route &route = modelRoute(host, cr);
    const QString indent = QStringLiteral("            ");
    if (cr.redirect)
        return redirect(cr, listener, indent);
    if (cr.respond)
        return respond(*cr.respond, routeSubject(host, cr), indent);
    QString out;
    if (route.maxBodySize)
        out += indent + QStringLiteral("request_body {\n%1    max_size %2\n%1}\n")
                            .arg(indent)
                            .arg(*route.maxBodySize);
    out += rewrite(route, cr, indent);
    if (route.rewritePath) {
        // The whole path; `uri path_regexp` leaves the query alone. "$$": a literal '$'.
        QString path = route.rewritePath->isEmpty() ? QStringLiteral("/") : *route.rewritePath;
        out += indent + QStringLiteral("uri path_regexp %1 %2\n")
                            .arg(quote(QStringLiteral("^.*$")),
                                 quote(path.replace(u'$', QStringLiteral("$$"))));
    }
    warnUnsupported(host, cr, kCaddyFeatures, QStringLiteral("Caddy"), m_warnings);
    // Caddy 2.6's reverse_proxy balances the upstreams of one handler; there is no weighted
    // choice between handlers, so a split goes whole to its heaviest backend.
    const QString service = heaviestService(route);
    if (route.backends.size() > 1)
        m_warnings << warnAt(routeSubject(host, cr), route.src.at(QStringLiteral("backends")),
                             QStringLiteral("Caddy cannot split traffic by weight between "
                                            "services; every request goes to '%1'")
                                 .arg(service));
    return out + proxy(m_topology.findService(service), &route, indent);
}

// `respond "BODY" CODE`. Caddy expands {placeholders} in the body, so a body with braces is left
// out and reported.
QString CaddyWriter::respond(const DirectResponse &respond, const QString &subject,
                             const QString &indent) {
    if (respond.body.isEmpty() || respond.body.contains(u'{')) {
        if (!respond.body.isEmpty())
            m_warnings << warnAt(subject, respond.src.at(QStringLiteral("body")),
                                 QStringLiteral("Caddy expands {placeholders} in a body; the "
                                                "body is not exported"));
        return indent + QStringLiteral("respond %1\n").arg(respond.status);
    }
    return indent + QStringLiteral("header Content-Type \"text/plain; charset=utf-8\"\n") + indent +
           QStringLiteral("respond %1 %2\n").arg(quote(respond.body)).arg(respond.status);
}

QString CaddyWriter::redirect(const CompiledRoute &route, const Listener &listener,
                              const QString &indent) {
    const RedirectPlan plan = planRedirect(route, listener);
    QString out;
    QString authority = plan.host.isEmpty() ? QStringLiteral("{host}") : plan.host;
    if (plan.portFromHost) {
        // The port the client wrote in Host, with its colon, or nothing.
        out += indent + QStringLiteral("map {hostport} {ingress_port} {\n") + indent +
               QStringLiteral("    ~^.*(:[0-9]+)$ \"${1}\"\n") + indent +
               QStringLiteral("    default \"\"\n") + indent + QStringLiteral("}\n");
        authority += QStringLiteral("{ingress_port}");
    } else {
        authority += plan.portSuffix;
    }
    QString path;
    switch (plan.mode) {
    case RedirectPlan::PathMode::Request:
        path = QStringLiteral("{uri}");
        break;
    case RedirectPlan::PathMode::Fixed:
        path = plan.path + QStringLiteral("{?query}");
        break;
    case RedirectPlan::PathMode::ReplaceMatch: {
        out += indent + QStringLiteral("map {path} {ingress_path} {\n");
        if (route.type == PathType::Regex) {
            const RegexAroundMatch around = regexAroundMatch(route);
            out +=
                indent +
                QStringLiteral("    %1 %2\n")
                    .arg(quote(u'~' + around.pattern),
                         quote(QStringLiteral("${1}%1${%2}").arg(plan.path).arg(around.tailGroup)));
        } else {
            const QString key = escapeRegex(prefixKey(route));
            out += indent +
                   QStringLiteral("    %1 %2\n")
                       .arg(quote(QStringLiteral("~^%1$").arg(key)), quote(plan.replacement.whole));
            out += indent + QStringLiteral("    %1 %2\n")
                                .arg(quote(QStringLiteral("~^%1(/.*)$").arg(key)),
                                     quote(plan.replacement.base + QStringLiteral("${1}")));
        }
        out += indent + QStringLiteral("    default {path}\n") + indent + QStringLiteral("}\n");
        path = QStringLiteral("{ingress_path}{?query}");
        break;
    }
    }
    return out + indent +
           QStringLiteral("redir %1 %2\n")
               .arg(quote(plan.scheme + QStringLiteral("://") + authority + path))
               .arg(plan.code);
}

QString CaddyWriter::rewrite(const Route &route, const CompiledRoute &compiled,
                             const QString &indent) {
    if (!route.rewritePrefix)
        return {};
    // The forms of routing::replaceMatched; `uri path_regexp` leaves the query alone. "$1", not
    // "${1}": the Caddyfile would read "{1}" as a placeholder. A rewritePrefix starts with '/',
    // so "$1/..." cannot run into a longer group name.
    const PathReplacement replacement = pathReplacement(*route.rewritePrefix);
    auto line = [&](const QString &find, const QString &replace) {
        return indent + QStringLiteral("uri path_regexp %1 %2\n").arg(quote(find), quote(replace));
    };
    switch (compiled.type) {
    case PathType::Exact:
        return line(u'^' + escapeRegex(QString::fromStdString(compiled.path)) + u'$',
                    replacement.whole);
    case PathType::Prefix: {
        const QString key = escapeRegex(prefixKey(compiled));
        if (replacement.whole == replacement.base)
            return line(QStringLiteral("^%1(/.*)?$").arg(key),
                        replacement.base + QStringLiteral("$1"));
        // Rest first: its output cannot be the bare prefix unless the rest repeats it.
        return line(QStringLiteral("^%1(/.*)$").arg(key), replacement.base + QStringLiteral("$1")) +
               line(QStringLiteral("^%1$").arg(key), replacement.whole);
    }
    case PathType::Regex: {
        const RegexAroundMatch around = regexAroundMatch(compiled);
        return line(around.pattern,
                    QStringLiteral("$1%1$%2").arg(*route.rewritePrefix).arg(around.tailGroup));
    }
    }
    return {};
}

QString CaddyWriter::proxy(const Service *service, const Route *route, const QString &indent) {
    if (!service || service->endpoints.isEmpty())
        return indent + QStringLiteral("respond 503\n");
    const QString subject = QStringLiteral("service %1").arg(service->name);
    const bool warn = !m_warnedServices.contains(service->name);
    m_warnedServices << service->name;
    QString out = indent + QStringLiteral("reverse_proxy ") +
                  weightedUpstreams(*service).join(u' ') + QStringLiteral(" {\n");
    const QString inner = indent + QStringLiteral("    ");
    static const char *const policies[] = {"round_robin", "least_conn", "ip_hash", "random"};
    const QString sticky = stickyexport::caddyPolicy(*service, warn, m_warnings);
    out += inner + QStringLiteral("lb_policy %1\n")
                       .arg(sticky.isEmpty()
                                ? QString::fromLatin1(policies[int(service->loadBalancing)])
                                : sticky);
    if (const auto &hc = service->healthCheck) {
        out += inner + QStringLiteral("health_uri %1\n").arg(quote(hc->path));
        out += inner + QStringLiteral("health_interval %1\n").arg(seconds(hc->interval));
        out += inner + QStringLiteral("health_timeout %1\n").arg(seconds(hc->timeout));
        if (warn)
            m_warnings << warnAt(subject, hc->src.node,
                                 QStringLiteral("Caddy 2.6 has no health check thresholds; one "
                                                "failed check marks an endpoint down"));
    }
    if (route) {
        // Gateway API's header modifiers: header_up/header_down, "+" adds, "-" removes.
        if (!route->rewriteHost.isEmpty())
            out += inner + QStringLiteral("header_up Host %1\n").arg(quote(route->rewriteHost));
        auto edit = [&](const char *directive, const HeaderFilter &filter) {
            const QString d = QString::fromLatin1(directive);
            for (const HeaderValue &h : filter.set)
                out += inner + QStringLiteral("%1 %2 %3\n").arg(d, h.name, quote(h.value));
            for (const HeaderValue &h : filter.add)
                out += inner + QStringLiteral("%1 +%2 %3\n").arg(d, h.name, quote(h.value));
            for (const QString &name : filter.remove)
                out += inner + QStringLiteral("%1 -%2\n").arg(d, name);
        };
        edit("header_up", route->requestHeaders);
        edit("header_down", route->responseHeaders);
    }
    const ServiceTimeouts &t = service->timeouts;
    const std::optional<Duration> response = route && route->timeout ? route->timeout : t.response;
    if (t.connect || response || t.idle) {
        out += inner + QStringLiteral("transport http {\n");
        if (t.connect)
            out += inner + QStringLiteral("    dial_timeout %1\n").arg(seconds(*t.connect));
        if (response)
            out +=
                inner + QStringLiteral("    response_header_timeout %1\n").arg(seconds(*response));
        if (t.idle)
            out += inner + QStringLiteral("    keepalive %1\n").arg(seconds(*t.idle));
        out += inner + QStringLiteral("}\n");
    }
    return out + indent + QStringLiteral("}\n");
}

} // namespace ingress
