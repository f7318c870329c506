#include "export/kubernetesendpointslices.h"

#include "export/exportsupport.h"
#include "model/topology/hostname.h"

#include <algorithm>

namespace ingress::kubernetes {

using exportsupport::warnAt;

namespace {

std::string s(const QString &text) {
    return text.toStdString();
}

struct Slice {
    QString addressType;
    int port = 0;
    QStringList addresses;
};

// parseHostPort has taken IPv6 brackets off; the export library links no Qt Network.
QString addressType(const QString &host) {
    if (host.contains(u':'))
        return QStringLiteral("IPv6");
    const QStringList parts = host.split(u'.');
    const bool ipv4 =
        parts.size() == 4 && std::all_of(parts.begin(), parts.end(), [](const auto &p) {
            bool ok = false;
            const int value = p.toInt(&ok);
            return ok && p.size() <= 3 && value >= 0 && value <= 255;
        });
    return ipv4 ? QStringLiteral("IPv4") : QStringLiteral("FQDN");
}

void writeSlice(YAML::Emitter &out, const Service &service, const QString &name,
                const Slice &slice) {
    out << YAML::BeginDoc << YAML::BeginMap;
    out << YAML::Key << "apiVersion" << YAML::Value << "discovery.k8s.io/v1";
    out << YAML::Key << "kind" << YAML::Value << "EndpointSlice";
    out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << s(name);
    out << YAML::Key << "namespace" << YAML::Value << s(service.effectiveNamespace());
    out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "kubernetes.io/service-name" << YAML::Value << s(service.name);
    out << YAML::Key << "endpointslice.kubernetes.io/managed-by" << YAML::Value
        << s(endpointSliceManager);
    out << YAML::EndMap << YAML::EndMap;
    out << YAML::Key << "addressType" << YAML::Value << s(slice.addressType);
    // The name ties the slice's port to the Service port ("http", kubernetesobjects.cpp).
    out << YAML::Key << "ports" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << "http";
    out << YAML::Key << "protocol" << YAML::Value << "TCP";
    out << YAML::Key << "port" << YAML::Value << slice.port;
    out << YAML::EndMap << YAML::EndSeq;
    out << YAML::Key << "endpoints" << YAML::Value << YAML::BeginSeq;
    for (const QString &address : slice.addresses)
        out << YAML::BeginMap << YAML::Key << "addresses" << YAML::Value << YAML::BeginSeq
            << s(address) << YAML::EndSeq << YAML::Key << "conditions" << YAML::Value
            << YAML::BeginMap << YAML::Key << "ready" << YAML::Value << true << YAML::EndMap
            << YAML::EndMap;
    out << YAML::EndSeq << YAML::EndMap;
}

} // namespace

void writeEndpointSlices(YAML::Emitter &out, const Service &service,
                         QList<ExportWarning> &warnings) {
    if (!service.selector.isEmpty() || service.endpoints.isEmpty())
        return;
    const QString subject = QStringLiteral("service %1").arg(service.name);
    QList<Slice> slices;
    const Endpoint *weighted = nullptr; // the first endpoint with a weight, for the warning
    for (const Endpoint &endpoint : service.endpoints) {
        const auto parsed = hostname::parseHostPort(endpoint.address);
        if (!parsed || parsed->host.isEmpty()) {
            warnings << warnAt(subject, endpoint.src.node,
                               QStringLiteral("endpoint '%1' is not HOST:PORT; not in the "
                                              "EndpointSlice")
                                   .arg(endpoint.address));
            continue;
        }
        if (!weighted && endpoint.weight != 1)
            weighted = &endpoint;
        const QString type = addressType(parsed->host);
        auto it = std::find_if(slices.begin(), slices.end(), [&](const Slice &slice) {
            return slice.addressType == type && slice.port == parsed->port;
        });
        if (it == slices.end())
            it = slices.insert(slices.end(), Slice{type, parsed->port, {}});
        const QString address = parsed->host.toLower();
        if (!it->addresses.contains(address))
            it->addresses << address;
    }
    if (weighted)
        warnings << warnAt(subject, weighted->src.node,
                           QStringLiteral("an EndpointSlice cannot express endpoint weights; "
                                          "every endpoint gets an equal share (the weights are "
                                          "kept in the %1 annotation)")
                               .arg(QStringLiteral("ingress-studio.io/endpoints")));
    for (int i = 0; i < slices.size(); ++i)
        writeSlice(out, service,
                   slices.size() == 1 ? service.name
                                      : QStringLiteral("%1-%2").arg(service.name).arg(i + 1),
                   slices[i]);
}

} // namespace ingress::kubernetes
