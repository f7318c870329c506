#include "export/nginxwriter.h"

#include "model/routing/pathmatch.h"
#include "model/topology/enums.h"

#include <QRegularExpression>

namespace ingress {

using namespace exportsupport;

namespace {

QString nginxDuration(Duration duration) {
    return QStringLiteral("%1ms").arg(duration.count());
}

// nginx's `mirror` needs an internal location per mirror and cannot take a share: reported.
constexpr unsigned kNginxFeatures = QueryParamExact | QueryParamRegex | HeaderRegex |
                                    RequestHeaderSet | RequestHeaderAdd | RequestHeaderRemove |
                                    ResponseHeaderSet | ResponseHeaderAdd | ResponseHeaderRemove |
                                    RewritePath | RewriteHost | Respond;

bool keyMatches(const QString &key, const QString &path) {
    const QByteArray k = key.toUtf8(), p = path.toUtf8();
    return paths::prefixMatches(std::string_view(k.constData(), k.size()),
                                std::string_view(p.constData(), p.size()));
}
} // namespace

QString NginxWriter::quote(const QString &text) {
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return u'"' + escaped + u'"';
}

const QList<std::pair<QString, QString>> &NginxWriter::proxyHeaders() {
    static const QList<std::pair<QString, QString>> headers{
        {QStringLiteral("Host"), QStringLiteral("$http_host")},
        {QStringLiteral("X-Forwarded-For"), QStringLiteral("$proxy_add_x_forwarded_for")},
        {QStringLiteral("X-Forwarded-Proto"), QStringLiteral("$scheme")},
        {QStringLiteral("X-Forwarded-Host"), QStringLiteral("$host")},
        {QStringLiteral("Upgrade"), QStringLiteral("$http_upgrade")},
        {QStringLiteral("Connection"), QStringLiteral("$connection_upgrade")}};
    return headers;
}

QString NginxWriter::headerDirectives(const Route &route, const QString &indent) {
    const HeaderFilter &request = route.requestHeaders;
    const HeaderFilter &response = route.responseHeaders;
    QString out;
    if (!request.isEmpty() || !route.rewriteHost.isEmpty() || !m_authHeaders.isEmpty()) {
        // name (lower case) -> value; an empty value makes nginx leave the header out.
        QList<std::pair<QString, QString>> lines;
        auto put = [&](const QString &name, const QString &value) {
            for (auto &line : lines)
                if (line.first.compare(name, Qt::CaseInsensitive) == 0) {
                    line.second = value;
                    return;
                }
            lines.append({name, value});
        };
        for (const auto &[name, value] : proxyHeaders())
            put(name, value);
        // The external auth answer's fields, then the route's own filters over them.
        for (const auto &[name, value] : m_authHeaders)
            put(name, value);
        if (!route.rewriteHost.isEmpty())
            put(QStringLiteral("Host"), quote(route.rewriteHost));
        for (const HeaderValue &h : request.set)
            put(h.name, quote(h.value));
        for (const HeaderValue &h : request.add) {
            // nginx sends one line per proxy_set_header: the value is appended to the client's
            // with a comma, which HTTP defines as the same list.
            const QString variable = newVariable(QStringLiteral("add"));
            const QString client = QStringLiteral("$http_") + h.name.toLower().replace(u'-', u'_');
            m_maps << QStringLiteral(
                          "    map %1 %2 {\n        \"\" %3;\n        default %4;\n    }\n")
                          .arg(client, variable, quote(h.value), quote(client + u',' + h.value));
            put(h.name, variable);
        }
        for (const QString &name : request.remove)
            put(name, QStringLiteral("\"\""));
        for (const auto &[name, value] : lines)
            out += indent + QStringLiteral("proxy_set_header %1 %2;\n").arg(name, value);
    }
    for (const HeaderValue &h : response.set)
        out += indent + QStringLiteral("proxy_hide_header %1;\n").arg(h.name) + indent +
               QStringLiteral("add_header %1 %2 always;\n").arg(h.name, quote(h.value));
    for (const HeaderValue &h : response.add)
        out += indent + QStringLiteral("add_header %1 %2 always;\n").arg(h.name, quote(h.value));
    for (const QString &name : response.remove)
        out += indent + QStringLiteral("proxy_hide_header %1;\n").arg(name);
    return out;
}

QString NginxWriter::upstreamName(const Service &service) {
    return QStringLiteral("svc_") + identifier(service.name);
}

QString NginxWriter::listenDirective(const Listener &listener, bool defaultServer) {
    const auto bind = parseBind(listener);
    QString address;
    if (!bind)
        address = listener.bind; // invalid: let `nginx -t` say so rather than guess
    else if (bind->host.isEmpty())
        address = QString::number(bind->port);
    else if (bind->ipv6)
        address = QStringLiteral("[%1]:%2").arg(bind->host).arg(bind->port);
    else
        address = QStringLiteral("%1:%2").arg(bind->host).arg(bind->port);
    QString line = QStringLiteral("        listen %1").arg(address);
    if (listener.protocol == Protocol::Https)
        line += QStringLiteral(" ssl");
    if (listener.proxyProtocol)
        line += QStringLiteral(" proxy_protocol");
    if (defaultServer)
        line += QStringLiteral(" default_server");
    return line + QStringLiteral(";\n");
}

QString NginxWriter::newVariable(const QString &kind) {
    return QStringLiteral("$%1_%2").arg(kind).arg(++m_variables);
}

QString NginxWriter::server(int hostIndex, const Listener &listener, const QString &tlsLines) {
    const VirtualHost &host = m_topology.hosts[hostIndex];
    HostView view{host, m_table->hosts()[std::size_t(hostIndex)], nullptr};
    QString out = QStringLiteral("    # %1 on listener %2\n    server {\n")
                      .arg(hostSubject(host), listener.name);
    out += listenDirective(listener, host.isCatchAll());
    if (host.isCatchAll()) {
        out += QStringLiteral("        server_name _;\n");
    } else if (host.isWildcard()) {
        // nginx's own "*.example.com" also covers a.b.example.com; Kubernetes' covers one label.
        out += QStringLiteral("        server_name %1;\n")
                   .arg(quote(
                       QStringLiteral("~^[^.]+%1$").arg(escapeRegex(host.host.mid(1).toLower()))));
    } else {
        out += QStringLiteral("        server_name %1;\n").arg(quote(host.host.toLower()));
    }
    out += tlsLines + realIpLines(listener);
    if (listener.protocol == Protocol::Http)
        view.httpsRedirect = httpsRedirectTarget(m_topology, host);
    // The engine redirects to HTTPS only what it would answer (a route or the default service);
    // with a default service that is every request, so one `return` says it all.
    if (view.httpsRedirect && m_topology.findService(m_topology.defaultService)) {
        const RedirectPlan plan = planHttpsRedirect(*view.httpsRedirect);
        out += QStringLiteral("        return %1 %2;\n    }\n")
                   .arg(plan.code)
                   .arg(quote(QStringLiteral("https://$host%1$request_uri").arg(plan.portSuffix)));
        return out;
    }

    // Every path a route names becomes a location; each holds the chain of routes that can
    // answer a request reaching it, in the RoutingTable's precedence order.
    // The host's routes in precedence order, then those of the '*' host: the engine tries them
    // when none of the host's own take the request.
    QList<Candidate> order;
    for (int i : precedence(view.compiled))
        order << Candidate{hostIndex, i, false};
    const int every = catchAllHost(m_topology, listener);
    if (every >= 0 && every != hostIndex)
        for (int i : precedence(m_table->hosts()[std::size_t(every)]))
            order << Candidate{every, i, false};
    auto compiledOf = [&](const Candidate &c) -> const CompiledRoute & {
        return m_table->hosts()[std::size_t(c.host)].routes[std::size_t(c.route)];
    };
    struct Loc {
        QString modifier, path;
        QString exactPath; // for "=": the one path it sees
        QString prefix;    // for prefix locations: the key it stands for
    };
    QList<Loc> locations;
    QStringList seen;
    auto add = [&](const Loc &loc) {
        const QString id = loc.modifier + u' ' + loc.path;
        if (!seen.contains(id)) {
            seen << id;
            locations << loc;
        }
    };
    for (const Candidate &c : order) {
        const CompiledRoute &route = compiledOf(c);
        if (route.type == PathType::Exact) {
            const QString path = QString::fromStdString(route.path);
            add({QStringLiteral("="), path, path, {}});
        } else if (route.type == PathType::Prefix) {
            const QString key = prefixKey(route);
            if (!key.isEmpty()) {
                add({QStringLiteral("="), key, key, {}});
                add({QString(), key + u'/', {}, key});
            }
        }
    }
    add({QString(), QStringLiteral("/"), {}, QString()});
    // nginx answers 301 to "/foo" by itself when a location named "/foo/" (exact or prefix)
    // proxies; the engine routes "/foo" like any other path. Its own "=" location decides it.
    // Added locations are looked at too ("/a//" gives "/a/", which gives "/a").
    for (qsizetype i = 0; i < locations.size(); ++i) {
        const QString path = locations[i].path;
        if (path.size() > 1 && path.endsWith(u'/'))
            add({QStringLiteral("="), path.chopped(1), path.chopped(1), {}});
    }

    for (const Loc &loc : locations) {
        QList<Candidate> chain;
        for (const Candidate &c : order) {
            const CompiledRoute &route = compiledOf(c);
            Candidate candidate = c;
            if (!loc.modifier.isEmpty()) {
                if (!pathMatches(route, loc.exactPath))
                    continue;
            } else if (route.type == PathType::Exact) {
                continue; // exact paths have their own "=" location
            } else if (route.type == PathType::Prefix) {
                if (!keyMatches(prefixKey(route), loc.prefix))
                    continue;
            } else {
                candidate.runtimeRegex = true;
            }
            chain << candidate;
            if (isUnconditional(route) && !candidate.runtimeRegex)
                break;
        }
        out += location(view, listener, loc.modifier, loc.path, chain);
    }
    out += m_namedLocations + QStringLiteral("    }\n");
    m_namedLocations.clear();
    m_authLocations.clear();
    return out;
}

QString NginxWriter::defaultServer(const Listener &listener, const QString &tlsLines) {
    QString out = QStringLiteral("    # requests for no known host on listener %1\n    server {\n")
                      .arg(listener.name);
    out += listenDirective(listener, true);
    out += QStringLiteral("        server_name _;\n") + tlsLines + realIpLines(listener);
    out +=
        QStringLiteral("        location / {\n") + fallbackAction(QStringLiteral("            "));
    out += QStringLiteral("        }\n    }\n");
    return out;
}

QString NginxWriter::location(const HostView &view, const Listener &listener,
                              const QString &modifier, const QString &path,
                              const QList<Candidate> &chain) {
    const QString indent = QStringLiteral("            ");
    QString out = QStringLiteral("        location %1%2 {\n")
                      .arg(modifier.isEmpty() ? QString() : modifier + u' ', quote(path));
    auto routeOf = [&](const Candidate &c) -> const CompiledRoute & {
        return m_table->hosts()[std::size_t(c.host)].routes[std::size_t(c.route)];
    };
    auto unconditional = [&](const Candidate &c) {
        return isUnconditional(routeOf(c)) && !c.runtimeRegex;
    };
    const bool takesAll = !chain.isEmpty() && unconditional(chain.first());
    m_authHeaders.clear();
    // The redirect to HTTPS comes before the policy, as in the engine: no password in clear text.
    if (!view.httpsRedirect)
        out += locationPolicy(chain, takesAll, listener, indent);
    if (takesAll) {
        m_locationHasIfs = false;
        out += action(view, listener, chain.first(), false, indent);
        return out + QStringLiteral("        }\n");
    }
    m_locationHasIfs = true;
    // `if` blocks inherit the location's proxy_set_header: the auth answer's fields go here.
    out += authHeaderLines(indent);
    // Narrowed routes: one variable per route says whether it applies, one map picks the first
    // that does; `if` blocks then only compare that choice, which keeps them exclusive.
    QList<Candidate> conditional = chain;
    std::optional<Candidate> last;
    if (!conditional.isEmpty() && unconditional(conditional.last()))
        last = conditional.takeLast();
    QString source, entries;
    const QString choice = newVariable(QStringLiteral("route"));
    for (int i = 0; i < conditional.size(); ++i) {
        source += condition(routeOf(conditional[i]), conditional[i]);
        entries += QStringLiteral("        \"~^%1\" %2;\n").arg(QString(i, u'0') + u'1').arg(i);
    }
    m_maps << QStringLiteral("    map %1 %2 {\n%3        default last;\n    }\n")
                  .arg(quote(source), choice, entries);
    for (int i = 0; i < conditional.size(); ++i) {
        out += QStringLiteral("            if (%1 = %2) {\n").arg(choice).arg(i);
        out += action(view, listener, conditional[i], true, indent + QStringLiteral("    "));
        out += QStringLiteral("            }\n");
    }
    if (last)
        out += action(view, listener, *last, false, indent);
    else
        out += fallbackAction(indent);
    return out + QStringLiteral("        }\n");
}

QString NginxWriter::condition(const CompiledRoute &route, const Candidate &candidate) {
    QStringList parts;
    auto flag = [&](const QString &source, const QString &regex) {
        const QString variable = newVariable(QStringLiteral("match"));
        m_maps << QStringLiteral("    map %1 %2 {\n        %3 1;\n        default 0;\n    }\n")
                      .arg(source, variable, quote(u'~' + regex));
        parts << variable;
    };
    if (!route.methods.empty()) {
        QStringList methods;
        for (const std::string &m : route.methods)
            methods << escapeRegex(QString::fromStdString(m));
        flag(QStringLiteral("$request_method"), QStringLiteral("^(%1)$").arg(methods.join(u'|')));
    }
    for (const CompiledValueMatch &header : route.headers)
        flag(QStringLiteral("$http_") + QString::fromStdString(header.name).replace(u'-', u'_'),
             QStringLiteral("^%1$").arg(
                 header.isRegex ? QStringLiteral("(?:%1)").arg(QString::fromStdString(header.value))
                                : escapeRegex(QString::fromStdString(header.value))));
    // $arg_NAME: nginx compares the name without case and the value as sent (not decoded).
    for (const CompiledValueMatch &query : route.queryParams)
        flag(QStringLiteral("$arg_") + QString::fromStdString(query.name),
             QStringLiteral("^%1$").arg(
                 query.isRegex ? QStringLiteral("(?:%1)").arg(QString::fromStdString(query.value))
                               : escapeRegex(QString::fromStdString(query.value))));
    if (candidate.runtimeRegex)
        flag(QStringLiteral("$uri"), QString::fromStdString(route.path));
    if (parts.size() == 1)
        return parts.first();
    const QString all = newVariable(QStringLiteral("match"));
    m_maps << QStringLiteral("    map %1 %2 {\n        %3 1;\n        default 0;\n    }\n")
                  .arg(quote(parts.join(QString())), all, quote(QString(parts.size(), u'1')));
    return all;
}

QString NginxWriter::fallbackAction(const QString &indent) {
    if (const Service *service = m_topology.findService(m_topology.defaultService))
        return proxyTo(service, indent, false);
    return indent + QStringLiteral("return 404;\n");
}

QString NginxWriter::hostPortVariable() {
    // The port the client wrote in Host (":8080"), kept by redirects that set neither scheme nor
    // port (routing::redirectLocation).
    if (!m_hostPortMap) {
        m_hostPortMap = true;
        m_maps << QStringLiteral("    map $http_host $ingress_host_port {\n"
                                 "        \"~:(?<ingress_hp>[0-9]+)$\" :$ingress_hp;\n"
                                 "        default \"\";\n    }\n");
    }
    return QStringLiteral("$ingress_host_port");
}

QString NginxWriter::proxyTo(const Service *service, const QString &indent, bool inIf) {
    if (!service || service->endpoints.isEmpty())
        return indent + QStringLiteral("return 503;\n");
    QString out;
    if (!inIf) {
        if (service->timeouts.connect)
            out += indent + QStringLiteral("proxy_connect_timeout %1;\n")
                                .arg(nginxDuration(*service->timeouts.connect));
        if (service->timeouts.response)
            out += indent + QStringLiteral("proxy_read_timeout %1;\n")
                                .arg(nginxDuration(*service->timeouts.response));
    }
    return out + indent + QStringLiteral("proxy_pass http://%1;\n").arg(upstreamName(*service));
}

QString NginxWriter::action(const HostView &view, const Listener &listener,
                            const Candidate &candidate, bool inIf, const QString &indent) {
    // candidate.route is a position in the compiled routes; the document's route is `index`.
    const VirtualHost &host = m_topology.hosts[candidate.host];
    const CompiledRoute &compiled =
        m_table->hosts()[std::size_t(candidate.host)].routes[std::size_t(candidate.route)];
    const Route &route = modelRoute(host, compiled);
    const QString subject = routeSubject(host, compiled);
    if (view.httpsRedirect) {
        // The HTTP -> HTTPS redirect comes before the route's own answer (docs/routing.md).
        const RedirectPlan plan = planHttpsRedirect(*view.httpsRedirect);
        return indent +
               QStringLiteral("return %1 %2;\n")
                   .arg(plan.code)
                   .arg(quote(QStringLiteral("https://$host%1$request_uri").arg(plan.portSuffix)));
    }
    if (compiled.redirect || compiled.respond)
        return answerAction(compiled, listener, subject, route.src.node, inIf, indent);
    QString out;
    if (inIf && (route.timeout || route.maxBodySize))
        m_warnings << warnAt(subject, route.src.node,
                             QStringLiteral("nginx cannot set a timeout or body size limit for a "
                                            "route narrowed by method or header; the location's "
                                            "values apply"));
    if (!inIf && route.maxBodySize)
        out += indent + QStringLiteral("client_max_body_size %1;\n").arg(*route.maxBodySize);
    if (!inIf && route.timeout)
        out +=
            indent + QStringLiteral("proxy_read_timeout %1;\n").arg(nginxDuration(*route.timeout));
    if (route.rewritePrefix) {
        // The forms of routing::replaceMatched, one `rewrite` each.
        const PathReplacement replacement = pathReplacement(*route.rewritePrefix);
        if (compiled.type == PathType::Prefix) {
            const QString key = escapeRegex(prefixKey(compiled));
            out +=
                indent + QStringLiteral("rewrite %1 %2 break;\n")
                             .arg(quote(QStringLiteral("^%1$").arg(key)), quote(replacement.whole));
            out += indent + QStringLiteral("rewrite %1 %2 break;\n")
                                .arg(quote(QStringLiteral("^%1(/.*)$").arg(key)),
                                     quote(replacement.base + QStringLiteral("$1")));
        } else if (compiled.type == PathType::Exact) {
            out += indent + QStringLiteral("rewrite %1 %2 break;\n")
                                .arg(quote(QStringLiteral("^%1$").arg(
                                         escapeRegex(QString::fromStdString(compiled.path)))),
                                     quote(replacement.whole));
        } else {
            const RegexAroundMatch around = regexAroundMatch(compiled);
            if (around.tailGroup > 9)
                m_warnings << warnAt(subject, route.src.at(QStringLiteral("rewritePrefix")),
                                     QStringLiteral("the regex has too many groups for nginx's "
                                                    "$1..$9; the rewrite is not exported"));
            else
                out += indent + QStringLiteral("rewrite %1 %2 break;\n")
                                    .arg(quote(around.pattern), quote(QStringLiteral("$1%1$%2")
                                                                          .arg(*route.rewritePrefix)
                                                                          .arg(around.tailGroup)));
        }
    }
    // Header directives are not allowed in `if`, and an `if` inherits its location's: only a
    // location without `if` blocks carries them.
    const bool headersHere = !inIf && !m_locationHasIfs;
    if (headersHere)
        out += headerDirectives(route, indent);
    warnUnsupported(host, compiled,
                    headersHere ? kNginxFeatures
                                : kNginxFeatures &
                                      ~(RequestHeaderSet | RequestHeaderAdd | RequestHeaderRemove |
                                        ResponseHeaderSet | ResponseHeaderAdd |
                                        ResponseHeaderRemove | RewriteHost),
                    QStringLiteral("nginx"), m_warnings);
    if (route.rewritePath) // the whole path; nginx appends the query by itself
        out += indent + QStringLiteral("rewrite ^ %1 break;\n")
                            .arg(quote(route.rewritePath->isEmpty() ? QStringLiteral("/")
                                                                    : *route.rewritePath));
    if (inIf && !route.rewritePrefix && !route.rewritePath)
        out += indent + QStringLiteral("break;\n");
    if (!route.backends.isEmpty())
        return out + proxyToSplit(route, subject, indent);
    return out + proxyTo(m_topology.findService(route.service), indent, inIf);
}

// A traffic split: `split_clients` hashes the random $request_id into percentages, each
// naming an upstream, and proxy_pass takes the chosen upstream by name (an upstream group
// matches before any resolver is asked). Percentages have two decimals, as nginx allows; the
// last backend takes the rest ("*") so rounding never loses requests.
QString NginxWriter::proxyToSplit(const Route &route, const QString &subject,
                                  const QString &indent) {
    QList<std::pair<const Service *, int>> parts;
    qint64 total = 0;
    for (const RouteBackend &b : route.backends) {
        const Service *service = m_topology.findService(b.service);
        if (!service || service->endpoints.isEmpty()) {
            m_warnings << warnAt(subject, b.src.node,
                                 QStringLiteral("service '%1' has no endpoints (or does not "
                                                "exist); left out of the split")
                                     .arg(b.service));
            continue;
        }
        if (service->timeouts.connect || service->timeouts.response)
            m_warnings << warnAt(subject, b.src.node,
                                 QStringLiteral("service '%1''s timeouts are not exported for a "
                                                "split; nginx's defaults apply")
                                     .arg(b.service));
        if (b.weight > 0) {
            parts.append({service, b.weight});
            total += b.weight;
        }
    }
    if (parts.isEmpty())
        return indent + QStringLiteral("return 503;\n");
    if (parts.size() == 1)
        return indent +
               QStringLiteral("proxy_pass http://%1;\n").arg(upstreamName(*parts.first().first));
    const QString variable = newVariable(QStringLiteral("ingress_split"));
    QString lines;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        const qint64 hundredths = parts[i].second * 10000 / total;
        if (hundredths == 0) {
            m_warnings << warnAt(subject, route.src.at(QStringLiteral("backends")),
                                 QStringLiteral("service '%1''s share is below nginx's 0.01%; "
                                                "it gets no requests")
                                     .arg(parts[i].first->name));
            continue;
        }
        lines += QStringLiteral("        %1.%2% %3;\n")
                     .arg(hundredths / 100)
                     .arg(hundredths % 100, 2, 10, QLatin1Char('0'))
                     .arg(upstreamName(*parts[i].first));
    }
    lines += QStringLiteral("        * %1;\n").arg(upstreamName(*parts.last().first));
    m_maps << QStringLiteral("    split_clients \"${request_id}\" %1 {\n%2    }\n")
                  .arg(variable, lines);
    return indent + QStringLiteral("proxy_pass http://%1;\n").arg(variable);
}

} // namespace ingress
