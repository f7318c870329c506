#pragma once

#include "export/kubernetesimportsession.h"
#include "export/kubernetesreferencegrants.h"

#include <QList>
#include <QMap>
#include <QString>

namespace ingress::kubeimport {

// One HTTP or HTTPS listener of a Gateway, as HTTPRoutes attach to it.
struct GatewayListener {
    enum class From { Same, All, Selector };

    QString gateway;   // the Gateway's name
    QString nameSpace; // the Gateway's namespace ("default" for none)
    QString name;      // the listener's name, what a parentRef's sectionName selects
    int port = 0;
    QString hostname;         // empty: every host
    QString topologyListener; // the topology listener it became
    QString certificate;      // HTTPS: the certificate of its first certificateRef
    From from = From::Same;   // allowedRoutes.namespaces.from
    bool allowsHttpRoutes = true;
    YAML::Node node;
    QString file;
};

// Gateway objects (v1, v1beta1): every HTTP and HTTPS listener becomes a topology listener on
// 127.0.0.1 and its port (listeners of any Gateway sharing a port share one), HTTPS
// `certificateRefs` certificates. Other protocols and TLS passthrough are reported.
class GatewayReader {
public:
    GatewayReader(ImportSession &session, const ReferenceGrants &grants)
        : m_session(session), m_grants(grants) {}

    void read(const YAML::Node &doc);
    const QList<GatewayListener> &listeners() const { return m_listeners; }

private:
    void listener(const YAML::Node &node, const QString &gateway, const QString &nameSpace);
    // The certificate of an HTTPS listener; empty when it cannot have one (reported).
    QString certificate(const YAML::Node &listenerNode, const QString &nameSpace,
                        const QString &what);
    QString topologyListener(const YAML::Node &node, const QString &name, int port,
                             Protocol protocol, const QString &gateway);

    ImportSession &m_session;
    const ReferenceGrants &m_grants;
    QList<GatewayListener> m_listeners;
    QMap<QString, QString> m_listenerGateways; // topology listener -> "NAMESPACE/GATEWAY"
};

} // namespace ingress::kubeimport
