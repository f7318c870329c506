#include "model/yaml/topologywriter.h"

#include "model/topology/enums.h"
#include "model/yaml/policyemitter.h"

#include <algorithm>
#include <QSaveFile>
#include <QSet>
#include <yaml-cpp/yaml.h>

namespace ingress {

namespace {

class Writer : public yaml::PolicyEmitter {
public:
    void topology(const Topology &t) {
        m_out << YAML::BeginMap;
        field("apiVersion", t.apiVersion);
        field("kind", Topology::kindName);
        if (!t.name.isEmpty()) {
            key("metadata");
            m_out << YAML::BeginMap;
            field("name", t.name);
            m_out << YAML::EndMap;
        }
        list("listeners", t.listeners, [this](const Listener &l) { listener(l); });
        list("services", t.services, [this](const Service &s) { service(s); });
        list("certificates", t.certificates, [this](const Certificate &c) { certificate(c); });
        list("hosts", t.hosts, [this](const VirtualHost &h) { host(h); });
        optionalField("defaultService", t.defaultService);
        canvas(t);
        m_out << YAML::EndMap;
    }

private:
    void listener(const Listener &l) {
        m_out << YAML::BeginMap;
        field("name", l.name);
        field("bind", l.bind);
        field("protocol", toString(l.protocol));
        flowList("trustedProxies", l.trustedProxies);
        if (l.proxyProtocol)
            flag("proxyProtocol");
        m_out << YAML::EndMap;
    }

    void service(const Service &s) {
        m_out << YAML::BeginMap;
        field("name", s.name);
        optionalField("namespace", s.nameSpace);
        field("type", toString(s.type));
        field("port", s.port);
        if (s.nodePort)
            field("nodePort", *s.nodePort);
        if (s.loadBalancing != LoadBalancing::RoundRobin)
            field("loadBalancing", toString(s.loadBalancing));
        if (s.stickySession) {
            key("stickySession");
            m_out << YAML::BeginMap;
            field("cookie", s.stickySession->cookie);
            if (s.stickySession->ttl)
                field("ttl", formatDuration(*s.stickySession->ttl));
            m_out << YAML::EndMap;
        }
        if (!s.selector.isEmpty()) {
            key("selector");
            m_out << YAML::BeginMap;
            for (auto it = s.selector.cbegin(); it != s.selector.cend(); ++it)
                entry(it.key(), it.value());
            m_out << YAML::EndMap;
        }
        list("endpoints", s.endpoints, [this](const Endpoint &e) { endpoint(e); });
        if (s.healthCheck)
            healthCheck(*s.healthCheck);
        if (!s.timeouts.isEmpty())
            timeouts(s.timeouts);
        m_out << YAML::EndMap;
    }

    void endpoint(const Endpoint &e) {
        if (e.weight == 1) {
            text(e.address);
            return;
        }
        m_out << YAML::BeginMap;
        field("address", e.address);
        field("weight", e.weight);
        m_out << YAML::EndMap;
    }

    // Written whole, defaults included: a health check reads as one unit, and it keeps an
    // all-defaults check from becoming an empty mapping.
    void healthCheck(const HealthCheck &h) {
        key("healthCheck");
        m_out << YAML::BeginMap;
        field("path", h.path);
        field("interval", formatDuration(h.interval));
        field("timeout", formatDuration(h.timeout));
        field("unhealthyThreshold", h.unhealthyThreshold);
        field("healthyThreshold", h.healthyThreshold);
        m_out << YAML::EndMap;
    }

    void timeouts(const ServiceTimeouts &t) {
        key("timeouts");
        m_out << YAML::BeginMap;
        if (t.connect)
            field("connect", formatDuration(*t.connect));
        if (t.response)
            field("response", formatDuration(*t.response));
        if (t.idle)
            field("idle", formatDuration(*t.idle));
        m_out << YAML::EndMap;
    }

    void certificate(const Certificate &c) {
        m_out << YAML::BeginMap;
        field("name", c.name);
        if (c.inCluster()) {
            // The cluster holds both the certificate and its key: nothing local to point at.
            field("secret", c.secret);
            m_out << YAML::EndMap;
            return;
        }
        field("certificate", c.certificate);
        // Always written, "keychain" included: where the private key lives is worth seeing.
        field("privateKey", c.privateKey);
        optionalField("secret", c.secret);
        m_out << YAML::EndMap;
    }

    void host(const VirtualHost &h) {
        m_out << YAML::BeginMap;
        field("host", h.host);
        optionalField("tls", h.tls);
        flowList("listeners", h.listeners);
        if (h.sslRedirect) {
            key("sslRedirect");
            m_out << *h.sslRedirect;
        }
        policy(h.policy);
        list("routes", h.routes, [this](const Route &r) { route(r); });
        m_out << YAML::EndMap;
    }

    void route(const Route &r) {
        m_out << YAML::BeginMap;
        // One match is written on the route itself, the form every older file has.
        if (r.matches.size() == 1)
            matchFields(r.firstMatch());
        else
            list("matches", r.matches, [this](const RouteMatchRule &m) {
                m_out << YAML::BeginMap;
                matchFields(m);
                m_out << YAML::EndMap;
            });
        optionalField("service", r.service);
        // Each backend's weight is always written: the weights are the point of a split.
        list("backends", r.backends, [this](const RouteBackend &b) {
            m_out << YAML::BeginMap;
            field("service", b.service);
            field("weight", b.weight);
            m_out << YAML::EndMap;
        });
        if (r.rewritePrefix)
            field("rewritePrefix", *r.rewritePrefix);
        if (r.rewritePath)
            field("rewritePath", *r.rewritePath);
        optionalField("rewriteHost", r.rewriteHost);
        headerFilter("requestHeaders", r.requestHeaders);
        headerFilter("responseHeaders", r.responseHeaders);
        list("mirrors", r.mirrors, [this](const RouteMirror &m) {
            m_out << YAML::BeginMap;
            field("service", m.service);
            if (m.percent != 100) // the default: every request
                field("percent", m.percent);
            m_out << YAML::EndMap;
        });
        if (r.redirect)
            redirect(*r.redirect);
        if (r.respond) {
            key("respond");
            m_out << YAML::BeginMap;
            field("status", r.respond->status);
            optionalField("body", r.respond->body);
            m_out << YAML::EndMap;
        }
        if (r.maxBodySize)
            field("maxBodySize", formatByteSize(*r.maxBodySize));
        if (r.timeout)
            field("timeout", formatDuration(*r.timeout));
        policy(r.policy);
        m_out << YAML::EndMap;
    }

    void matchFields(const RouteMatchRule &m) {
        field("path", m.path);
        field("pathType", toString(m.pathType));
        flowList("methods", m.methods);
        valueMatches("headers", m.headers);
        valueMatches("queryParams", m.queryParams);
    }

    // The mapping form while every match is Exact (what people write), else the list form.
    void valueMatches(const char *name, const QList<HeaderMatch> &matches) {
        if (matches.isEmpty())
            return;
        const bool allExact = std::all_of(matches.begin(), matches.end(), [](const auto &m) {
            return m.type == ValueMatch::Exact;
        });
        if (allExact) {
            key(name);
            m_out << YAML::BeginMap;
            for (const HeaderMatch &match : matches)
                entry(match.name, match.value);
            m_out << YAML::EndMap;
            return;
        }
        list(name, matches, [this](const HeaderMatch &m) {
            m_out << YAML::BeginMap;
            field("name", m.name);
            field("value", m.value);
            field("type", toString(m.type));
            m_out << YAML::EndMap;
        });
    }

    void headerFilter(const char *name, const HeaderFilter &filter) {
        if (filter.isEmpty())
            return;
        key(name);
        m_out << YAML::BeginMap;
        for (const auto &[part, values] :
             {std::pair("set", &filter.set), std::pair("add", &filter.add)}) {
            if (values->isEmpty())
                continue;
            key(part);
            m_out << YAML::BeginMap;
            for (const HeaderValue &header : *values)
                entry(header.name, header.value);
            m_out << YAML::EndMap;
        }
        flowList("remove", filter.remove);
        m_out << YAML::EndMap;
    }

    void redirect(const Redirect &r) {
        key("redirect");
        m_out << YAML::BeginMap;
        optionalField("scheme", r.scheme);
        optionalField("host", r.host);
        if (r.port)
            field("port", *r.port);
        optionalField("path", r.path);
        optionalField("prefixPath", r.prefixPath);
        // The code is written even when it is the default, so a redirect that keeps every
        // part of the request is still a mapping with a field.
        field("code", r.code);
        m_out << YAML::EndMap;
    }

    // Last in the file, apart from the topology: layout noise never interleaves with what the
    // topology says. Groups and entries in document order; positions of items that no longer
    // exist (deleted or renamed) are dropped here.
    void canvas(const Topology &t) {
        const CanvasPositions &positions = t.canvasPositions;
        if (positions.isEmpty())
            return;
        QList<std::pair<QString, QPoint>> listeners, hosts, routes, services;
        // Duplicate names (a validation error) would make duplicate keys: the file would
        // not load again.
        QSet<QString> written;
        const auto pick = [&](QList<std::pair<QString, QPoint>> &group, const QString &prefix,
                              const QString &name) {
            const auto it = positions.constFind(prefix + name);
            if (it != positions.cend() && !written.contains(it.key())) {
                written.insert(it.key());
                group.append({name, *it});
            }
        };
        for (const Listener &l : t.listeners)
            pick(listeners, canvaskey::listenerPrefix, l.name);
        for (const VirtualHost &h : t.hosts) {
            pick(hosts, canvaskey::hostPrefix, h.host);
            for (const Route &r : h.routes)
                pick(routes, canvaskey::routePrefix,
                     canvaskey::routeName(h.host, r.firstMatch().path));
        }
        for (const Service &s : t.services)
            pick(services, canvaskey::servicePrefix, s.name);
        if (listeners.isEmpty() && hosts.isEmpty() && routes.isEmpty() && services.isEmpty())
            return;
        key("canvas");
        m_out << YAML::BeginMap;
        positionGroup("listeners", listeners);
        positionGroup("hosts", hosts);
        positionGroup("routes", routes);
        positionGroup("services", services);
        m_out << YAML::EndMap;
    }

    void positionGroup(const char *name, const QList<std::pair<QString, QPoint>> &group) {
        if (group.isEmpty())
            return;
        key(name);
        m_out << YAML::BeginMap;
        for (const auto &[item, position] : group) {
            m_out << YAML::Key;
            text(item);
            m_out << YAML::Value << YAML::Flow << YAML::BeginSeq << position.x() << position.y()
                  << YAML::EndSeq;
        }
        m_out << YAML::EndMap;
    }
};

} // namespace

QByteArray TopologyWriter::toYaml(const Topology &topology) {
    Writer writer;
    writer.topology(topology);
    return writer.yaml();
}

bool TopologyWriter::saveFile(const Topology &topology, const QString &path, QString *error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray yaml = toYaml(topology);
    if (file.write(yaml) != yaml.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot save %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace ingress
