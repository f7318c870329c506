#include "export/kubernetesservicereader.h"

#include "export/kubernetesexporter.h"
#include "model/topology/enums.h"

#include <algorithm>
#include <optional>
#include <QSet>

namespace ingress::kubeimport {

void ServiceReader::read(const YAML::Node &doc) {
    const YAML::Node metadata = doc["metadata"];
    const QString name = m_session.scalar(metadata, "name", true);
    if (name.isEmpty())
        return;
    Service &s = m_session.serviceNamed(
        name, ImportSession::namespaceOf(m_session.scalar(metadata, "namespace")));
    s.src.node = at(doc);
    m_session.serviceFiles.insert(s.nameSpace + u'/' + s.name, m_session.file);
    const YAML::Node spec = doc["spec"];
    const QString type = m_session.scalar(spec, "type");
    if (!type.isEmpty()) {
        if (auto parsed = enumFromString<ServiceType>(type))
            s.type = *parsed;
        else
            m_session.warning(
                spec["type"],
                QStringLiteral("service type '%1' is imported as ClusterIP").arg(type));
    }
    if (spec["selector"] && spec["selector"].IsMap())
        for (auto it = spec["selector"].begin(); it != spec["selector"].end(); ++it)
            s.selector.insert(q(it->first.Scalar()), q(it->second.Scalar()));
    const YAML::Node ports = spec["ports"];
    if (ports && ports.IsSequence() && ports.size() > 0) {
        for (const YAML::Node &port : ports) {
            const QString portName = m_session.scalar(port, "name");
            const auto number = m_session.integer(port, "port");
            if (number && !portName.isEmpty())
                m_session.ports[s.nameSpace + u'/' + name].insert(portName, *number);
        }
        s.port = m_session.integer(ports[0], "port").value_or(80);
        if (auto nodePort = m_session.integer(ports[0], "nodePort"))
            s.nodePort = nodePort;
        if (ports.size() > 1)
            m_session.note(ports, QStringLiteral("service '%1' has %2 ports; the topology keeps "
                                                 "the first unless an Ingress names another")
                                      .arg(name)
                                      .arg(ports.size()));
    }
    const YAML::Node annotations = metadata["annotations"];
    if (annotations && annotations.IsMap()) {
        const QString endpoints = m_session.scalar(
            annotations, KubernetesExporter::endpointsAnnotation.toUtf8().constData());
        for (const QString &item : endpoints.split(u',', Qt::SkipEmptyParts)) {
            Endpoint endpoint{item.section(u'=', 0, 0), 1, {}};
            if (item.contains(u'='))
                endpoint.weight = item.section(u'=', 1).toInt();
            s.endpoints << endpoint;
        }
        const QString policy = m_session.scalar(
            annotations, KubernetesExporter::loadBalancingAnnotation.toUtf8().constData());
        if (auto parsed = enumFromString<LoadBalancing>(policy))
            s.loadBalancing = *parsed;
    }
}

void ServiceReader::resolveBackends(const KubernetesImporter::EndpointBindings &bindings) {
    for (const BackendRef &ref : m_session.refs)
        resolve(ref, bindings);
}

void ServiceReader::resolve(const BackendRef &ref,
                            const KubernetesImporter::EndpointBindings &bindings) {
    Topology &topology = m_session.topology;
    bool known = false;
    for (const Service &s : topology.services)
        known = known || (s.name == ref.service && s.nameSpace == ref.nameSpace);
    Service &service = m_session.serviceNamed(ref.service, ref.nameSpace);
    const auto warn = [&](const QString &message) {
        m_session.diagnostics << Diagnostic{Severity::Warning, QStringLiteral("import"), message,
                                            ref.file, ref.where};
    };
    if (!ref.portName.isEmpty()) {
        const auto ports = m_session.ports.value(ref.nameSpace + u'/' + ref.service);
        if (ports.contains(ref.portName))
            service.port = ports.value(ref.portName);
        else
            warn(QStringLiteral("service '%1' has no port named '%2' in the input")
                     .arg(ref.service, ref.portName));
    } else if (!known) {
        service.port = ref.port;
    } else if (service.port != ref.port) {
        warn(QStringLiteral("service '%2' is used on port %1 here; the topology keeps one port "
                            "per service, and its is %3")
                 .arg(ref.port)
                 .arg(ref.service)
                 .arg(service.port));
    }
    const QString qualified = QStringLiteral("%1/%2").arg(
        ref.nameSpace.isEmpty() ? QStringLiteral("default") : ref.nameSpace, ref.service);
    const bool bound = std::any_of(bindings.begin(), bindings.end(), [&](const auto &binding) {
        return binding.first == ref.service || binding.first == qualified;
    });
    if (!known && !bound)
        warn(QStringLiteral("service '%1' is not defined in the input; created without "
                            "endpoints (bind it with --endpoint %2=HOST:PORT)")
                 .arg(ref.service, ref.nameSpace.isEmpty()
                                       ? ref.service
                                       : QStringLiteral("%1/%2").arg(ref.nameSpace, ref.service)));
}

void ServiceReader::bindEndpoints(const KubernetesImporter::EndpointBindings &bindings) {
    // The bound endpoints replace whatever the manifests said (the cluster's endpoints mean
    // nothing on this machine); several add up.
    // NAMESPACE/SERVICE names one service where several namespaces use the name; a bare SERVICE
    // keeps its old meaning (the last service of that name in the input).
    QSet<const Service *> rebound;
    for (const auto &[name, address] : bindings) {
        const qsizetype slash = name.indexOf(u'/');
        const QString serviceName = slash < 0 ? name : name.mid(slash + 1);
        const std::optional<QString> nameSpace =
            slash < 0 ? std::nullopt
                      : std::optional<QString>(ImportSession::namespaceOf(name.left(slash)));
        Service *target = nullptr;
        for (Service &s : m_session.topology.services)
            if (s.name == serviceName && (!nameSpace || s.nameSpace == *nameSpace))
                target = &s;
        if (!target) {
            m_session.diagnostics << Diagnostic{
                Severity::Error,
                QStringLiteral("import-endpoint"),
                nameSpace ? QStringLiteral("--endpoint %1=%2: no service '%3' in namespace '%4' "
                                           "in the input")
                                .arg(name, address, serviceName, name.left(slash))
                          : QStringLiteral("--endpoint %1=%2: no service '%1' in the input")
                                .arg(name, address),
                {},
                {}};
            continue;
        }
        if (!rebound.contains(target)) {
            target->endpoints.clear();
            rebound.insert(target);
        }
        target->endpoints << Endpoint{address, 1, {}};
    }
}

void ServiceReader::disambiguateNames() {
    QList<Service> &services = m_session.topology.services;
    QMap<QString, QList<qsizetype>> byName;
    for (qsizetype i = 0; i < services.size(); ++i)
        byName[services[i].name] << i;
    const auto shown = [](const QString &nameSpace) {
        return nameSpace.isEmpty() ? QStringLiteral("default") : nameSpace;
    };
    for (auto it = byName.cbegin(); it != byName.cend(); ++it) {
        const QList<qsizetype> &same = it.value();
        if (same.size() < 2)
            continue;
        const QString &name = it.key();
        // The namespaces whose service of this name a route refers to, first reference first.
        QStringList referenced;
        const BackendRef *firstOther = nullptr;
        for (const BackendRef &ref : m_session.refs) {
            if (ref.service != name || referenced.contains(ref.nameSpace))
                continue;
            if (!referenced.isEmpty() && !firstOther)
                firstOther = &ref;
            referenced << ref.nameSpace;
        }
        qsizetype kept = same.first();
        for (qsizetype i : same)
            if (!referenced.isEmpty() && services[i].nameSpace == referenced.first())
                kept = i;
        if (firstOther)
            m_session.diagnostics << Diagnostic{
                Severity::Warning, QStringLiteral("import"),
                QStringLiteral("routes refer to Service '%1' of namespace '%2' and of namespace "
                               "'%3'; the topology names a service once, so they all go to the "
                               "one of namespace '%2'")
                    .arg(name, shown(referenced.first()), shown(firstOther->nameSpace)),
                firstOther->file, firstOther->where};
        for (qsizetype i : same) {
            if (i == kept)
                continue;
            Service &service = services[i];
            const QString key = service.nameSpace + u'/' + service.name;
            QString unique = QStringLiteral("%1-%2").arg(name, shown(service.nameSpace));
            for (int n = 2; m_session.topology.findService(unique); ++n)
                unique = QStringLiteral("%1-%2-%3").arg(name, shown(service.nameSpace)).arg(n);
            m_session.diagnostics << Diagnostic{
                Severity::Warning, QStringLiteral("import"),
                QStringLiteral("Service '%1' of namespace '%2' is imported as '%3': the "
                               "topology names a service once, and '%1' is the one of namespace "
                               "'%4'")
                    .arg(name, shown(service.nameSpace), unique, shown(services[kept].nameSpace)),
                m_session.serviceFiles.value(key), service.src.node};
            service.name = unique;
        }
    }
}

} // namespace ingress::kubeimport
