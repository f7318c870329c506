#include "export/haproxyexporter.h"

#include "export/exportpolicy.h"
#include "export/exportsupport.h"
#include "export/haproxypolicy.h"
#include "export/haproxysyntax.h"
#include "export/stickyexport.h"

#include <QDir>
#include <QRegularExpression>

namespace ingress {

using namespace exportsupport;
using namespace haproxy;

namespace {

QString backendName(const Service &service) {
    return QStringLiteral("bk_") + identifier(service.name);
}

QString bindAddress(const Listener &listener) {
    const auto bind = parseBind(listener);
    if (!bind)
        return listener.bind;
    if (bind->host.isEmpty())
        return QStringLiteral(":%1").arg(bind->port);
    if (bind->ipv6)
        return QStringLiteral("[%1]:%2").arg(bind->host).arg(bind->port);
    return QStringLiteral("%1:%2").arg(bind->host).arg(bind->port);
}

QString backend(const Service &service, const CompiledService &compiled,
                QList<ExportWarning> &warnings) {
    QString out = QStringLiteral("backend %1\n").arg(backendName(service));
    static const char *const balance[] = {"roundrobin", "leastconn", "source", "random"};
    out += QStringLiteral("    balance %1\n")
               .arg(QLatin1StringView(balance[int(service.loadBalancing)]));
    out += stickyexport::haproxyBackend(service, warnings);
    if (service.timeouts.connect)
        out += QStringLiteral("    timeout connect %1ms\n").arg(service.timeouts.connect->count());
    if (service.timeouts.response)
        out += QStringLiteral("    timeout server %1ms\n").arg(service.timeouts.response->count());
    if (service.timeouts.idle)
        out += QStringLiteral("    http-reuse safe\n    timeout server-fin %1ms\n")
                   .arg(service.timeouts.idle->count());
    QString check;
    if (const auto &hc = service.healthCheck) {
        out += QStringLiteral("    option httpchk\n    http-check send meth GET uri %1\n"
                              "    timeout check %2ms\n")
                   .arg(quote(hc->path))
                   .arg(hc->timeout.count());
        check = QStringLiteral(" check inter %1ms fall %2 rise %3")
                    .arg(hc->interval.count())
                    .arg(hc->unhealthyThreshold)
                    .arg(hc->healthyThreshold);
    }
    if (service.endpoints.isEmpty())
        warnings << warnAt(QStringLiteral("service %1").arg(service.name), service.src.node,
                           QStringLiteral("no endpoints: HAProxy answers 503 for it"));
    for (int i = 0; i < service.endpoints.size(); ++i) {
        const Endpoint &endpoint = service.endpoints[i];
        out += QStringLiteral("    server e%1 %2 weight %3%4%5\n")
                   .arg(i)
                   .arg(endpoint.address)
                   .arg(endpoint.weight)
                   .arg(check, stickyexport::haproxyServer(compiled, i));
    }
    return out + u'\n';
}

// The condition of the route's own match, without host and "not chosen yet".
QString routeCondition(const CompiledRoute &route) {
    QStringList parts;
    const QString path = QString::fromStdString(route.path);
    switch (route.type) {
    case PathType::Exact:
        parts << QStringLiteral("{ path -m str %1 }").arg(quote(path));
        break;
    case PathType::Prefix: {
        const QString key = prefixKey(route);
        if (!key.isEmpty())
            parts << QStringLiteral("{ path -m reg %1 }")
                         .arg(quote(QStringLiteral("^%1(/|$)").arg(escapeRegex(key))));
        break;
    }
    case PathType::Regex:
        parts << QStringLiteral("{ path -m reg %1 }").arg(quote(path));
        break;
    }
    QStringList methods;
    for (const std::string &method : route.methods)
        methods << QString::fromStdString(method);
    if (!methods.isEmpty())
        parts << QStringLiteral("{ method %1 }").arg(methods.join(u' '));
    for (const CompiledValueMatch &header : route.headers)
        parts << QStringLiteral("{ req.fhdr(%1) -m %2 %3 }")
                     .arg(QString::fromStdString(header.name),
                          header.isRegex ? QStringLiteral("reg") : QStringLiteral("str"),
                          quote(header.isRegex ? QStringLiteral("^(?:%1)$")
                                                     .arg(QString::fromStdString(header.value))
                                               : QString::fromStdString(header.value)));
    // urlp() takes the first parameter of that name, as sent (not decoded).
    for (const CompiledValueMatch &query : route.queryParams)
        parts << QStringLiteral("{ urlp(%1) -m %2 %3 }")
                     .arg(QString::fromStdString(query.name),
                          query.isRegex ? QStringLiteral("reg") : QStringLiteral("str"),
                          quote(query.isRegex ? QStringLiteral("^(?:%1)$")
                                                    .arg(QString::fromStdString(query.value))
                                              : QString::fromStdString(query.value)));
    return parts.join(u' ');
}

// `regsub` arguments end at ',' and ')': a pattern with either cannot be passed.
bool fitsRegsub(const QString &pattern) {
    return !pattern.contains(u',') && !pattern.contains(u')');
}

// HAProxy has no request mirroring of its own (it needs an SPOE agent): mirrors are reported.
constexpr unsigned kHAProxyFeatures = QueryParamExact | QueryParamRegex | HeaderRegex |
                                      RequestHeaderSet | RequestHeaderAdd | RequestHeaderRemove |
                                      ResponseHeaderSet | ResponseHeaderAdd | ResponseHeaderRemove |
                                      RewritePath | RewriteHost | Respond;

struct Frontend {
    const Topology &topology;
    const RoutingTable &table;
    const Listener &listener;
    QList<ExportWarning> &warnings;
    PolicyWriter &policies;
    QString rules, routeActions, useBackends;

    QString redirectRules(const CompiledRoute &route, const QString &subject, const QString &when) {
        const RedirectPlan plan = planRedirect(route, listener);
        // portFromHost: whatever follows the host name in Host (":8080" or nothing).
        const QString origin =
            QStringLiteral("%1://%2%3")
                .arg(plan.scheme,
                     plan.host.isEmpty() ? QStringLiteral("%[var(txn.host)]")
                                         : formatLiteral(plan.host),
                     plan.portFromHost ? QStringLiteral("%[req.hdr(host),regsub(^[^:]*,)]")
                                       : plan.portSuffix);
        const QString query = QStringLiteral("%[url,regsub(^[^?]*,)]");
        auto line = [&](const QString &path, const QString &extra) {
            return QStringLiteral("    http-request redirect location %1%2 code %3 if %4%5\n")
                .arg(origin, path)
                .arg(plan.code)
                .arg(when, extra);
        };
        switch (plan.mode) {
        case RedirectPlan::PathMode::Request:
            return line(QStringLiteral("%[capture.req.uri]"), {});
        case RedirectPlan::PathMode::Fixed:
            return line(formatLiteral(plan.path) + query, {});
        case RedirectPlan::PathMode::ReplaceMatch:
            break;
        }
        if (route.type == PathType::Regex) {
            const QString pattern = QString::fromStdString(route.path);
            if (!fitsRegsub(pattern) || plan.path.contains(u',') || plan.path.contains(u')')) {
                warnings << warnAt(subject, route.redirect->src.at(QStringLiteral("prefixPath")),
                                   QStringLiteral("HAProxy's regsub cannot take this pattern; "
                                                  "the redirect keeps the request path"));
                return line(QStringLiteral("%[capture.req.uri]"), {});
            }
            // regsub without the g flag replaces the first match only, as the engine does.
            return line(QStringLiteral("%[path,regsub(%1,%2)]%3")
                            .arg(pattern, formatLiteral(plan.path), query),
                        {});
        }
        const QString key = prefixKey(route);
        QString out = line(formatLiteral(plan.replacement.whole) + query,
                           QStringLiteral(" { path -m str %1 }")
                               .arg(quote(key.isEmpty() ? QStringLiteral("/") : key)));
        out += line(QStringLiteral("%1%[path,bytes(%2)]%3")
                        .arg(formatLiteral(plan.replacement.base))
                        .arg(key.toUtf8().size())
                        .arg(query),
                    {});
        return out;
    }

    // Gateway API's header modifiers: set, add, remove; responses are edited on the way back,
    // where the route's variable is still set.
    void headerFilters(const Route &r, const QString &when) {
        auto edit = [&](const char *side, const HeaderFilter &filter) {
            const QString prefix = QStringLiteral("    http-%1 ").arg(QLatin1StringView(side));
            for (const HeaderValue &h : filter.set)
                routeActions += prefix + QStringLiteral("set-header %1 %2 if %3\n")
                                             .arg(h.name, quote(formatLiteral(h.value)), when);
            for (const HeaderValue &h : filter.add)
                routeActions += prefix + QStringLiteral("add-header %1 %2 if %3\n")
                                             .arg(h.name, quote(formatLiteral(h.value)), when);
            for (const QString &name : filter.remove)
                routeActions += prefix + QStringLiteral("del-header %1 if %2\n").arg(name, when);
        };
        edit("request", r.requestHeaders);
        edit("response", r.responseHeaders);
    }

    // A traffic split: one random number per request in [0, total weight), then the first
    // backend whose running total exceeds it (use_backend rules are tried in order).
    void splitBackends(const Route &r, const QString &id, const QString &subject,
                       const QString &when) {
        QList<std::pair<const Service *, int>> parts;
        qint64 total = 0;
        for (const RouteBackend &b : r.backends) {
            const Service *service = topology.findService(b.service);
            if (!service) {
                warnings << warnAt(
                    subject, b.src.node,
                    QStringLiteral("no service '%1'; left out of the split").arg(b.service));
                continue;
            }
            if (b.weight > 0) {
                parts.append({service, b.weight});
                total += b.weight;
            }
        }
        if (parts.isEmpty()) {
            routeActions += QStringLiteral("    http-request return status 503 if %1\n").arg(when);
            return;
        }
        const QString variable = QStringLiteral("txn.split_%1").arg(id);
        if (parts.size() > 1)
            routeActions += QStringLiteral("    http-request set-var(%1) rand(%2) if %3\n")
                                .arg(variable)
                                .arg(total)
                                .arg(when);
        qint64 running = 0;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            running += parts[i].second;
            const bool last = i + 1 == parts.size();
            useBackends += QStringLiteral("    use_backend %1 if %2%3\n")
                               .arg(backendName(*parts[i].first), when,
                                    last ? QString()
                                         : QStringLiteral(" { var(%1) -m int lt %2 }")
                                               .arg(variable)
                                               .arg(running));
        }
    }

    // `position`: the compiled route's place in compiled.routes (not its route's index).
    void route(const VirtualHost &host, const CompiledHost &compiled, int hostId, int position) {
        const CompiledRoute &cr = compiled.routes[std::size_t(position)];
        const Route &r = modelRoute(host, cr);
        const QString id = QStringLiteral("h%1").arg(hostId) + routeId(cr);
        const QString subject = routeSubject(host, cr);
        QString condition = routeCondition(cr);
        // The '*' host's routes come last and apply to every host: the engine tries them when
        // the chosen host has no route for the request.
        const QString hostCondition =
            host.isCatchAll() ? QString()
                              : QStringLiteral("{ var(txn.vhost) -m str h%1 } ").arg(hostId);
        rules +=
            QStringLiteral("    http-request set-var(txn.route) str(%1) if %2!{ var(txn.route) "
                           "-m found }%3\n")
                .arg(id, hostCondition, condition.isEmpty() ? QString() : u' ' + condition);
        const QString when = QStringLiteral("{ var(txn.route) -m str %1 }").arg(id);
        // The policy comes before whatever the route answers (redirects and responses too).
        if (const auto policy = exportpolicy::routePolicy(topology, hostId, cr))
            routeActions += policies.rules(*policy, when, listener.protocol == Protocol::Https);
        if (cr.redirect) {
            routeActions += redirectRules(cr, subject, when);
            return;
        }
        if (cr.respond) {
            routeActions += respondRule(*cr.respond, when);
            return;
        }
        if (r.maxBodySize)
            routeActions += QStringLiteral("    http-request deny deny_status 413 if %1 "
                                           "{ req.hdr_val(content-length) gt %2 }\n")
                                .arg(when)
                                .arg(*r.maxBodySize);
        if (r.timeout)
            routeActions += QStringLiteral("    http-request set-timeout server %1ms if %2\n")
                                .arg(r.timeout->count())
                                .arg(when);
        if (r.rewritePrefix) {
            // The forms of routing::replaceMatched.
            const PathReplacement replacement = pathReplacement(*r.rewritePrefix);
            if (cr.type == PathType::Prefix) {
                const QString key = prefixKey(cr);
                // Decide "the whole prefix" before the path changes, then rewrite once.
                routeActions +=
                    QStringLiteral("    http-request set-var(txn.whole) bool(true) if %1 "
                                   "{ path -m str %2 }\n"
                                   "    http-request set-path %3 if %1 { var(txn.whole) -m bool }\n"
                                   "    http-request replace-path %4 %5 if %1 !{ var(txn.whole) "
                                   "-m bool }\n")
                        .arg(when, quote(key.isEmpty() ? QStringLiteral("/") : key),
                             quote(formatLiteral(replacement.whole)),
                             quote(QStringLiteral("^%1(/.*)$").arg(escapeRegex(key))),
                             quote(formatLiteral(replacement.base) + QStringLiteral("\\1")));
            } else if (cr.type == PathType::Exact) {
                routeActions += QStringLiteral("    http-request set-path %1 if %2\n")
                                    .arg(quote(formatLiteral(replacement.whole)), when);
            } else if (fitsRegsub(QString::fromStdString(cr.path)) &&
                       fitsRegsub(*r.rewritePrefix)) {
                // regsub without the g flag replaces the first match only, as the engine does.
                routeActions += QStringLiteral("    http-request set-path %1 if %2\n")
                                    .arg(quote(QStringLiteral("%[path,regsub(%1,%2)]")
                                                   .arg(QString::fromStdString(cr.path),
                                                        formatLiteral(*r.rewritePrefix))),
                                         when);
            } else {
                warnings << warnAt(subject, r.src.at(QStringLiteral("rewritePrefix")),
                                   QStringLiteral("HAProxy's regsub cannot take this pattern "
                                                  "(',' or ')'); the rewrite is not exported"));
            }
        }
        if (r.rewritePath)
            routeActions +=
                QStringLiteral("    http-request set-path %1 if %2\n")
                    .arg(quote(formatLiteral(r.rewritePath->isEmpty() ? QStringLiteral("/")
                                                                      : *r.rewritePath)),
                         when);
        if (!r.rewriteHost.isEmpty())
            routeActions += QStringLiteral("    http-request set-header Host %1 if %2\n")
                                .arg(quote(formatLiteral(r.rewriteHost)), when);
        headerFilters(r, when);
        warnUnsupported(host, cr, kHAProxyFeatures, QStringLiteral("HAProxy"), warnings);
        if (!r.backends.isEmpty()) {
            splitBackends(r, id, subject, when);
            return;
        }
        if (const Service *service = topology.findService(r.service))
            useBackends +=
                QStringLiteral("    use_backend %1 if %2\n").arg(backendName(*service), when);
        else
            routeActions += QStringLiteral("    http-request return status 503 if %1\n").arg(when);
    }

    QString write(const QString &crtList) {
        const bool tls = listener.protocol == Protocol::Https;
        QString out = QStringLiteral("frontend fe_%1\n").arg(identifier(listener.name));
        out += QStringLiteral("    bind %1").arg(bindAddress(listener));
        if (tls) {
            if (crtList.isEmpty())
                warnings << warnAt(QStringLiteral("listener %1").arg(listener.name),
                                   listener.src.node,
                                   QStringLiteral("HTTPS listener without any TLS host: HAProxy "
                                                  "needs a certificate to listen"));
            else
                out += QStringLiteral(" ssl crt-list %1").arg(quote(crtList));
        }
        // `src` is then the PROXY header's address, and the trusted-proxy rules below start
        // from it, as the engine's do.
        if (listener.proxyProtocol)
            out += QStringLiteral(" accept-proxy");
        out += u'\n';
        out += PolicyWriter::trustedProxyRules(listener);
        out += QStringLiteral("    http-request set-header X-Forwarded-Proto %1\n")
                   .arg(tls ? QStringLiteral("https") : QStringLiteral("http"));
        out += QStringLiteral("    http-request set-header X-Forwarded-Host %[req.hdr(host)]\n");
        out += QStringLiteral("    http-request set-var(txn.host) "
                              "req.hdr(host),field(1,:),lower\n");
        // Exact names first, then one-label wildcards; no fall-through between hosts.
        for (bool wildcards : {false, true}) {
            for (int h = 0; h < topology.hosts.size(); ++h) {
                const VirtualHost &host = topology.hosts[h];
                if (host.isWildcard() != wildcards || !servesOn(host, listener) ||
                    host.isCatchAll())
                    continue;
                const QString match =
                    wildcards ? QStringLiteral("-m reg %1")
                                    .arg(quote(QStringLiteral("^[^.]+%1$")
                                                   .arg(escapeRegex(host.host.mid(1).toLower()))))
                              : QStringLiteral("-m str %1").arg(quote(host.host.toLower()));
                out += QStringLiteral("    http-request set-var(txn.vhost) str(h%1) if "
                                      "!{ var(txn.vhost) -m found } { var(txn.host) %2 }\n")
                           .arg(h)
                           .arg(match);
            }
        }
        const int every = catchAllHost(topology, listener);
        if (every >= 0)
            out += QStringLiteral("    http-request set-var(txn.vhost) str(h%1) if "
                                  "!{ var(txn.vhost) -m found }\n")
                       .arg(every);
        for (int h = 0; h < topology.hosts.size(); ++h) {
            const VirtualHost &host = topology.hosts[h];
            const CompiledHost &compiled = table.hosts()[std::size_t(h)];
            if (servesOn(host, listener) && h != every)
                for (int i : precedence(compiled))
                    route(host, compiled, h, i);
        }
        if (every >= 0)
            for (int i : precedence(table.hosts()[std::size_t(every)]))
                route(topology.hosts[every], table.hosts()[std::size_t(every)], every, i);
        out += rules;
        const Service *fallback = topology.findService(topology.defaultService);
        // HTTP -> HTTPS comes before the route's own answer, and only for what the engine would
        // answer: a route, or the default service.
        for (int h = 0; h < topology.hosts.size() && !tls; ++h) {
            const VirtualHost &host = topology.hosts[h];
            if (!servesOn(host, listener))
                continue;
            if (const Listener *https = httpsRedirectTarget(topology, host))
                out +=
                    QStringLiteral("    http-request redirect location "
                                   "https://%[var(txn.host)]%1%[capture.req.uri] code 308 "
                                   "if { var(txn.vhost) -m str h%2 }%3\n")
                        .arg(planHttpsRedirect(*https).portSuffix)
                        .arg(h)
                        .arg(fallback ? QString() : QStringLiteral(" { var(txn.route) -m found }"));
        }
        out += routeActions;
        if (!fallback)
            out += QStringLiteral("    http-request return status 404 if !{ var(txn.route) -m "
                                  "found }\n");
        out += useBackends;
        if (fallback)
            out += QStringLiteral("    default_backend %1\n").arg(backendName(*fallback));
        return out + u'\n';
    }
};

} // namespace

ExportResult HAProxyExporter::exportTopology(const Topology &topology,
                                             const ExportOptions &options) const {
    ExportResult result;
    result.mainFileName = QStringLiteral("haproxy.cfg");
    const QList<CertificateFiles> certificates =
        readCertificates(topology, options, result.warnings);
    const RoutingTablePtr table = RoutingTable::compile(topology);
    const QString base = options.outputDirectory.isEmpty()
                             ? QString()
                             : QDir(options.outputDirectory).absolutePath() + u'/';

    QString out = QStringLiteral("# HAProxy configuration exported by Ingress Studio from "
                                 "topology '%1'.\n# Check: haproxy -c -f haproxy.cfg (run from "
                                 "its folder); see docs/exporters.md.\n")
                      .arg(topology.name);
    out += QStringLiteral("global\n    maxconn 4096\n");
    if (!base.isEmpty())
        out += QStringLiteral("    crt-base %1\n").arg(quote(base));
    out += QStringLiteral("\ndefaults\n    mode http\n    option forwardfor\n"
                          "    timeout connect 5s\n    timeout client 60s\n"
                          "    timeout server 60s\n    timeout http-request 10s\n\n");

    PolicyWriter policies(options, result);
    for (const Listener &listener : topology.listeners) {
        // crt-list: one line per certificate of the listener's hosts, with its SNI names; the
        // first line is the default certificate.
        QString crtList;
        QStringList done;
        for (const VirtualHost &host : topology.hosts) {
            if (listener.protocol != Protocol::Https || host.tls.isEmpty() ||
                !servesOn(host, listener) || done.contains(host.tls))
                continue;
            done << host.tls;
            for (const CertificateFiles &files : certificates) {
                if (files.name != host.tls)
                    continue;
                const QString pem = QStringLiteral("certs/%1.pem").arg(identifier(files.name));
                if (options.includeSecrets && !files.keyPem.isEmpty())
                    result.addSecretFile(pem, files.certificatePem + files.keyPem);
                QStringList names;
                for (const VirtualHost &other : topology.hosts)
                    if (other.tls == files.name && servesOn(other, listener))
                        names << other.host.toLower();
                crtList += QStringLiteral("%1 %2\n").arg(pem, names.join(u' '));
            }
        }
        QString listName;
        if (!crtList.isEmpty()) {
            listName = QStringLiteral("certs/%1.crt-list").arg(identifier(listener.name));
            result.files.insert(listName, crtList.toUtf8());
        }
        Frontend frontend{topology, *table, listener, result.warnings, policies, {}, {}, {}};
        out += frontend.write(listName.isEmpty() ? QString() : base + listName);
    }
    if (!options.includeSecrets && !certificates.isEmpty())
        result.warnings << ExportWarning{
            QStringLiteral("HAProxy reads certificate and key from one PEM file; without "
                           "--include-secrets the certs/*.pem files are not written"),
            QString(),
            {}};
    for (qsizetype i = 0; i < topology.services.size(); ++i)
        out += backend(topology.services[i], table->services()[std::size_t(i)], result.warnings);
    out += policies.sections();
    result.mainText = out.toUtf8();
    return result;
}

} // namespace ingress
