#include "export/kubernetesendpointslicereader.h"

#include <QSet>

namespace ingress::kubeimport {

namespace {

void readSlice(ImportSession &session, const YAML::Node &doc, QSet<const Service *> &filled) {
    const YAML::Node metadata = doc["metadata"];
    const QString name = session.scalar(metadata, "name");
    const QString serviceName =
        metadata["labels"] ? session.scalar(metadata["labels"], "kubernetes.io/service-name")
                           : QString();
    const QString nameSpace = ImportSession::namespaceOf(session.scalar(metadata, "namespace"));
    if (serviceName.isEmpty()) {
        session.warning(doc, QStringLiteral("EndpointSlice '%1' has no kubernetes.io/service-name "
                                            "label; skipped")
                                 .arg(name));
        return;
    }
    Service *service = nullptr;
    for (Service &s : session.topology.services)
        if (s.name == serviceName && s.nameSpace == nameSpace)
            service = &s;
    if (!service) {
        session.warning(doc, QStringLiteral("EndpointSlice '%1': Service '%2' is not in the "
                                            "input; skipped")
                                 .arg(name, serviceName));
        return;
    }
    if (!service->endpoints.isEmpty() && !filled.contains(service)) {
        session.note(doc, QStringLiteral("EndpointSlice '%1' skipped: Service '%2' has its "
                                         "endpoints from the ingress-studio.io/endpoints "
                                         "annotation")
                              .arg(name, serviceName));
        return;
    }
    filled.insert(service);
    const bool ipv6 = session.scalar(doc, "addressType") == u"IPv6";
    QList<int> ports;
    for (const YAML::Node &port : doc["ports"])
        if (auto number = session.integer(port, "port"))
            ports << *number;
    if (ports.isEmpty())
        ports << service->port;
    if (ports.size() > 1)
        session.note(doc["ports"], QStringLiteral("EndpointSlice '%1' has %2 ports; every "
                                                  "address is an endpoint on each")
                                       .arg(name)
                                       .arg(ports.size()));
    for (const YAML::Node &endpoint : doc["endpoints"]) {
        const YAML::Node conditions = endpoint["conditions"];
        if (conditions && session.scalar(conditions, "ready") == u"false")
            continue; // the cluster sends it nothing either
        for (const YAML::Node &address : endpoint["addresses"]) {
            if (!address.IsScalar())
                continue;
            const QString host =
                ipv6 ? QStringLiteral("[%1]").arg(q(address.Scalar())) : q(address.Scalar());
            for (int port : ports) {
                Endpoint result{QStringLiteral("%1:%2").arg(host).arg(port), 1, {}};
                result.src.node = at(address);
                if (!service->endpoints.contains(result))
                    service->endpoints << result;
            }
        }
    }
}

} // namespace

void readEndpointSlices(ImportSession &session) {
    QSet<const Service *> filled;
    for (const ImportSession::PendingDocument &pending : session.endpointSlices) {
        session.file = pending.file;
        try {
            readSlice(session, pending.doc, filled);
        } catch (const YAML::Exception &e) {
            session.diagnostics << Diagnostic{
                Severity::Error, QStringLiteral("import"),
                QStringLiteral("unexpected structure: %1").arg(q(e.msg)), pending.file,
                e.mark.is_null() ? at(pending.doc)
                                 : SourceLocation{e.mark.line + 1, e.mark.column + 1}};
        }
    }
}

} // namespace ingress::kubeimport
