#include "export/kubernetesobjects.h"

#include "export/exportsupport.h"
#include "export/kubernetesendpointslices.h"
#include "export/kubernetesexporter.h"
#include "model/topology/enums.h"

namespace ingress::kubernetes {

using exportsupport::identifier;
using exportsupport::warnAt;

namespace {
std::string s(const QString &text) {
    return text.toStdString();
}
} // namespace

// Kubernetes object names: DNS-1123 labels.
QString objectName(const QString &text) {
    QString name = identifier(text).replace(u'_', u'-');
    while (name.startsWith(u'-'))
        name.remove(0, 1);
    while (name.endsWith(u'-'))
        name.chop(1);
    return name.isEmpty() ? QStringLiteral("ingress") : name.left(63);
}

void metadata(YAML::Emitter &out, const QString &name, const QString &nameSpace,
              const QMap<QString, QString> &annotations) {
    out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << s(name);
    out << YAML::Key << "namespace" << YAML::Value << s(nameSpace);
    if (!annotations.isEmpty()) {
        out << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap;
        for (auto it = annotations.begin(); it != annotations.end(); ++it)
            out << YAML::Key << s(it.key()) << YAML::Value << YAML::DoubleQuoted << s(it.value());
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

void writeTlsSecret(YAML::Emitter &out, const exportsupport::CertificateFiles &files,
                    const QString &nameSpace, bool includeSecrets) {
    out << YAML::BeginDoc << YAML::BeginMap;
    out << YAML::Key << "apiVersion" << YAML::Value << "v1";
    out << YAML::Key << "kind" << YAML::Value << "Secret";
    metadata(out, objectName(files.name), nameSpace);
    out << YAML::Key << "type" << YAML::Value << "kubernetes.io/tls";
    out << YAML::Key << "data" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "tls.crt" << YAML::Value
        << (includeSecrets ? files.certificatePem.toBase64().toStdString() : std::string());
    out << YAML::Key << "tls.key" << YAML::Value
        << (includeSecrets ? files.keyPem.toBase64().toStdString() : std::string());
    out << YAML::EndMap << YAML::EndMap;
}

void writeServices(YAML::Emitter &out, const Topology &topology, QList<ExportWarning> &warnings) {
    for (const Service &service : topology.services) {
        QMap<QString, QString> annotations;
        QStringList endpoints;
        for (const Endpoint &endpoint : service.endpoints)
            endpoints << (endpoint.weight == 1
                              ? endpoint.address
                              : QStringLiteral("%1=%2").arg(endpoint.address).arg(endpoint.weight));
        if (!endpoints.isEmpty())
            annotations.insert(KubernetesExporter::endpointsAnnotation, endpoints.join(u','));
        if (service.loadBalancing != LoadBalancing::RoundRobin)
            annotations.insert(KubernetesExporter::loadBalancingAnnotation,
                               toString(service.loadBalancing));
        if (service.healthCheck || !service.timeouts.isEmpty())
            warnings << warnAt(QStringLiteral("service %1").arg(service.name), service.src.node,
                               QStringLiteral("health checks and timeouts have no Service "
                                              "equivalent; not exported"));
        out << YAML::BeginDoc << YAML::BeginMap;
        out << YAML::Key << "apiVersion" << YAML::Value << "v1";
        out << YAML::Key << "kind" << YAML::Value << "Service";
        metadata(out, service.name, service.effectiveNamespace(), annotations);
        out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "type" << YAML::Value << s(toString(service.type));
        if (!service.selector.isEmpty()) {
            out << YAML::Key << "selector" << YAML::Value << YAML::BeginMap;
            for (auto it = service.selector.begin(); it != service.selector.end(); ++it)
                out << YAML::Key << s(it.key()) << YAML::Value << YAML::DoubleQuoted
                    << s(it.value());
            out << YAML::EndMap;
        }
        out << YAML::Key << "ports" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
        out << YAML::Key << "name" << YAML::Value << "http";
        out << YAML::Key << "protocol" << YAML::Value << "TCP";
        out << YAML::Key << "port" << YAML::Value << service.port;
        out << YAML::Key << "targetPort" << YAML::Value << service.port;
        if (service.nodePort && service.type != ServiceType::ClusterIP)
            out << YAML::Key << "nodePort" << YAML::Value << *service.nodePort;
        out << YAML::EndMap << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
        writeEndpointSlices(out, service, warnings);
    }
}

} // namespace ingress::kubernetes
