#include "export/kubernetesgatewayreader.h"

#include "export/kubernetessecretreader.h"

namespace ingress::kubeimport {

void GatewayReader::read(const YAML::Node &doc) {
    const YAML::Node metadata = doc["metadata"];
    const QString name = m_session.scalar(metadata, "name", true);
    QString nameSpace = m_session.scalar(metadata, "namespace");
    if (nameSpace.isEmpty())
        nameSpace = QStringLiteral("default");
    if (name.isEmpty())
        return;
    if (m_session.topology.name.isEmpty())
        m_session.topology.name = name;
    const YAML::Node spec = doc["spec"];
    if (!spec || !spec.IsMap() || !spec["listeners"] || !spec["listeners"].IsSequence()) {
        m_session.error(spec ? spec : doc,
                        QStringLiteral("Gateway '%1' has no 'spec.listeners' list").arg(name));
        return;
    }
    if (spec["addresses"])
        m_session.note(ImportSession::keyNode(spec, "addresses"),
                       QStringLiteral("Gateway '%1': 'addresses' are the cluster's; the imported "
                                      "listeners bind 127.0.0.1")
                           .arg(name));
    if (spec["infrastructure"])
        m_session.warning(
            ImportSession::keyNode(spec, "infrastructure"),
            QStringLiteral("Gateway '%1': 'infrastructure' is not imported").arg(name));
    for (const YAML::Node &node : spec["listeners"])
        listener(node, name, nameSpace);
}

void GatewayReader::listener(const YAML::Node &node, const QString &gateway,
                             const QString &nameSpace) {
    const QString name = m_session.scalar(node, "name", true);
    const QString protocol = m_session.scalar(node, "protocol", true);
    const auto port = m_session.integer(node, "port");
    if (name.isEmpty() || protocol.isEmpty())
        return;
    const QString what = QStringLiteral("Gateway '%1' listener '%2'").arg(gateway, name);
    if (!port || *port < 1 || *port > 65535) {
        m_session.error(node["port"] ? node["port"] : node,
                        QStringLiteral("%1 needs a 'port' from 1 to 65535").arg(what));
        return;
    }
    if (protocol != u"HTTP" && protocol != u"HTTPS") {
        m_session.warning(node["protocol"],
                          QStringLiteral("%1: protocol %2 is not imported (the topology serves "
                                         "HTTP and HTTPS only); routes attached to it are not "
                                         "either")
                              .arg(what, protocol));
        return;
    }
    GatewayListener result;
    result.gateway = gateway;
    result.nameSpace = nameSpace;
    result.name = name;
    result.port = *port;
    result.hostname = m_session.scalar(node, "hostname").toLower();
    result.node = node;
    result.file = m_session.file;
    if (protocol == u"HTTPS") {
        result.certificate = certificate(node, nameSpace, what);
        if (result.certificate.isEmpty())
            return;
    } else if (node["tls"]) {
        m_session.warning(ImportSession::keyNode(node, "tls"),
                          QStringLiteral("%1: 'tls' on an HTTP listener is ignored").arg(what));
    }
    const YAML::Node allowed = node["allowedRoutes"];
    if (allowed && allowed.IsMap()) {
        const YAML::Node namespaces = allowed["namespaces"];
        const QString from = namespaces ? m_session.scalar(namespaces, "from") : QString();
        if (from == u"All") {
            result.from = GatewayListener::From::All;
        } else if (from == u"Selector") {
            // Matched against the input's Namespace objects when routes attach.
            result.from = GatewayListener::From::Selector;
        } else if (!from.isEmpty() && from != u"Same") {
            m_session.error(namespaces["from"],
                            QStringLiteral("%1: allowedRoutes.namespaces.from must be All, Same "
                                           "or Selector, not '%2'")
                                .arg(what, from));
        }
        if (allowed["kinds"] && allowed["kinds"].IsSequence()) {
            result.allowsHttpRoutes = false;
            for (const YAML::Node &kind : allowed["kinds"]) {
                const QString group = m_session.scalar(kind, "group");
                result.allowsHttpRoutes =
                    result.allowsHttpRoutes ||
                    (m_session.scalar(kind, "kind") == u"HTTPRoute" &&
                     (group.isEmpty() || group == ReferenceGrants::gatewayGroup));
            }
            if (!result.allowsHttpRoutes)
                m_session.warning(allowed["kinds"],
                                  QStringLiteral("%1 allows no HTTPRoutes; the route kinds it "
                                                 "allows are not imported")
                                      .arg(what));
        }
    }
    result.topologyListener = topologyListener(
        node, QStringLiteral("%1-%2").arg(gateway, name), *port,
        protocol == u"HTTPS" ? Protocol::Https : Protocol::Http, nameSpace + u'/' + gateway);
    if (result.topologyListener.isEmpty())
        return;
    m_listeners << result;
}

QString GatewayReader::certificate(const YAML::Node &listenerNode, const QString &nameSpace,
                                   const QString &what) {
    const YAML::Node tls = listenerNode["tls"];
    if (!tls || !tls.IsMap()) {
        m_session.error(
            tls ? tls : listenerNode,
            QStringLiteral("%1: an HTTPS listener needs 'tls'; not imported").arg(what));
        return {};
    }
    const QString mode = m_session.scalar(tls, "mode");
    if (mode == u"Passthrough") {
        m_session.warning(tls["mode"], QStringLiteral("%1: TLS passthrough is not imported (the "
                                                      "topology terminates TLS)")
                                           .arg(what));
        return {};
    }
    if (tls["options"])
        m_session.warning(ImportSession::keyNode(tls, "options"),
                          QStringLiteral("%1: TLS 'options' are not imported").arg(what));
    if (tls["frontendValidation"])
        m_session.warning(
            ImportSession::keyNode(tls, "frontendValidation"),
            QStringLiteral("%1: client certificate validation is not imported").arg(what));
    const YAML::Node refs = tls["certificateRefs"];
    if (!refs || !refs.IsSequence() || refs.size() == 0) {
        m_session.error(tls, QStringLiteral("%1: 'tls.certificateRefs' names no Secret; not "
                                            "imported")
                                 .arg(what));
        return {};
    }
    if (refs.size() > 1)
        m_session.warning(refs[1], QStringLiteral("%1: only the first of %2 certificateRefs is "
                                                  "imported (a host has one certificate)")
                                       .arg(what)
                                       .arg(refs.size()));
    const YAML::Node ref = refs[0];
    const QString group = m_session.scalar(ref, "group");
    const QString kind = m_session.scalar(ref, "kind");
    const QString name = m_session.scalar(ref, "name", true);
    QString secretNamespace = m_session.scalar(ref, "namespace");
    if (secretNamespace.isEmpty())
        secretNamespace = nameSpace;
    if (name.isEmpty())
        return {};
    if (!group.isEmpty() || (!kind.isEmpty() && kind != u"Secret")) {
        m_session.warning(ref, QStringLiteral("%1: a certificateRef to %2 is not a Secret; "
                                              "Gateway API does not program the listener "
                                              "(InvalidCertificateRef); not imported")
                                   .arg(what, kind + (group.isEmpty() ? QString() : u'.' + group)));
        return {};
    }
    if (secretNamespace != nameSpace &&
        !m_grants.allows(QStringLiteral("Gateway"), nameSpace, QStringLiteral("Secret"),
                         secretNamespace, name)) {
        m_session.warning(ref, QStringLiteral("%1: Secret %2/%3 is in another namespace and no "
                                              "ReferenceGrant allows it; Gateway API does not "
                                              "program the listener (RefNotPermitted); not "
                                              "imported")
                                   .arg(what, secretNamespace, name));
        return {};
    }
    if (!m_session.secretRefs.contains(name))
        m_session.secretRefs.insert(name, {m_session.file, at(ref)});
    if (const QString held = ImportSession::namespaceOf(secretNamespace); !held.isEmpty())
        m_session.secretNamespaces.insert(name, held);
    if (!m_session.topology.findCertificate(name))
        m_session.topology.certificates << certificateForSecret(name, at(ref));
    return name;
}

// Listeners of one Gateway on one port share a topology listener: Gateway API tells them apart
// by hostname, the topology by the hosts on it. Another Gateway is another address in the
// cluster; here it gets the next loopback address with that port free (127.0.0.2, ...), so that
// each Gateway's routes stay its own.
QString GatewayReader::topologyListener(const YAML::Node &node, const QString &name, int port,
                                        Protocol protocol, const QString &gateway) {
    QString bind;
    const Listener *existing = nullptr;
    for (int address = 1; address < 255 && bind.isEmpty(); ++address) {
        const QString candidate = QStringLiteral("127.0.0.%1:%2").arg(address).arg(port);
        existing = nullptr;
        for (const Listener &listener : m_session.topology.listeners)
            if (listener.bind == candidate)
                existing = &listener;
        if (!existing || m_listenerGateways.value(existing->name) == gateway)
            bind = candidate;
    }
    if (bind.isEmpty()) {
        m_session.warning(node, QStringLiteral("listener '%1': port %2 is taken on every loopback "
                                               "address by other Gateways; not imported")
                                    .arg(name)
                                    .arg(port));
        return {};
    }
    if (existing) {
        if (existing->protocol != protocol) {
            m_session.warning(node["protocol"],
                              QStringLiteral("listener '%1': port %2 is already listener '%3' "
                                             "with the other protocol; not imported")
                                  .arg(name)
                                  .arg(port)
                                  .arg(existing->name));
            return {};
        }
        return existing->name;
    }
    Listener listener{name, bind, protocol, {}};
    listener.src.node = at(node);
    m_session.topology.listeners << listener;
    m_listenerGateways.insert(name, gateway);
    return name;
}

} // namespace ingress::kubeimport
