#include "ui/properties/propertyfields.h"

#include "model/topology/enums.h"
#include "ui/properties/fieldfactory.h"

namespace ingress::ui {

using namespace fields;

namespace {

// The topology's own fields: shown when no item is selected.
QList<PropertyField> topologyFields(TopologyDocument *document) {
    PropertyField name;
    name.key = QStringLiteral("metadata.name");
    name.label = tr("Name");
    name.placeholder = tr("untitled");
    name.toolTip = tr("The topology's name; exports use it to name what they write");
    name.get = [document] { return document->topology().name; };
    name.check = [](const QString &) { return QString(); };
    name.set = [document](const QString &v) {
        DocumentEditor(document).setName(v);
        return true;
    };
    PropertyField service;
    service.key = QStringLiteral("defaultService");
    service.label = tr("Default service");
    service.editor = PropertyField::Editor::Choice;
    service.choices = QStringList{QString()} + names(document->topology().services);
    service.toolTip = tr("Where requests go that no host or route matches (empty: 404)");
    service.get = [document] { return document->topology().defaultService; };
    service.check = name.check;
    service.set = [document](const QString &v) {
        DocumentEditor(document).setDefaultService(v);
        return true;
    };
    return {name, service};
}

QList<PropertyField> listenerFields(const FieldFactory<Listener> &f) {
    return {
        f.make(
            QStringLiteral("name"), tr("Name"), [](const Listener &l) { return l.name; },
            [](Listener &l, const QString &t) { l.name = t; }, checks::requiredName),
        withHint(f.make(
                     QStringLiteral("bind"), tr("Address"),
                     [](const Listener &l) { return l.bind; },
                     [](Listener &l, const QString &t) { l.bind = t; }, checks::hostPort),
                 QStringLiteral("127.0.0.1:8080"),
                 tr("address:port to accept on: 127.0.0.1:8080, [::1]:8443, or :80 for every "
                    "address")),
        f.choice(
            QStringLiteral("protocol"), tr("Protocol"), enumNames<Protocol>(),
            [](const Listener &l) { return toString(l.protocol); },
            [](Listener &l, const QString &t) {
                l.protocol = enumFromString<Protocol>(t).value_or(l.protocol);
            }),
        withHint(f.make(
                     QStringLiteral("trustedProxies"), tr("Trusted proxies"),
                     [](const Listener &l) { return l.trustedProxies.join(QLatin1String(", ")); },
                     [](Listener &l, const QString &t) { l.trustedProxies = commaList(t); },
                     checks::cidrList),
                 tr("none: the peer is the client"),
                 tr("Proxies in front of this listener (a cloud load balancer, a CDN), as CIDR "
                    "blocks or addresses separated by commas, e.g. 10.0.0.0/8, 2001:db8::/32. "
                    "For their connections the client is the last X-Forwarded-For entry that "
                    "is not itself one of them")),
        withHint(f.toggle(
                     QStringLiteral("proxyProtocol"), tr("PROXY protocol"),
                     [](const Listener &l) { return l.proxyProtocol; },
                     [](Listener &l, bool on) { l.proxyProtocol = on; }),
                 {},
                 tr("Every connection begins with a PROXY protocol header (v1 or v2) from the "
                    "load balancer in front, naming the client; connections without one are "
                    "closed. Let only the load balancer reach this listener")),
    };
}

QList<PropertyField> hostFields(const FieldFactory<VirtualHost> &f, const Topology &t) {
    const QStringList listeners = names(t.listeners);
    return {
        withHint(f.make(
                     QStringLiteral("host"), tr("Host name"),
                     [](const VirtualHost &h) { return h.host; },
                     [](VirtualHost &h, const QString &v) { h.host = v; }, checks::hostName),
                 QStringLiteral("shop.example.com"),
                 tr("An exact DNS name, or *.example.com for every name one label below it")),
        f.choice(
            QStringLiteral("tls"), tr("TLS certificate"),
            QStringList{QString()} + names(t.certificates),
            [](const VirtualHost &h) { return h.tls; },
            [](VirtualHost &h, const QString &v) { h.tls = v; }),
        withHint(f.make(
                     QStringLiteral("listeners"), tr("Listeners"),
                     [](const VirtualHost &h) { return h.listeners.join(QLatin1String(", ")); },
                     [](VirtualHost &h, const QString &v) { h.listeners = commaList(v); },
                     [listeners](const QString &v) { return checks::listenerNames(v, listeners); }),
                 tr("every listener"),
                 tr("The listeners this host is served on, separated by commas: %1")
                     .arg(listeners.join(QLatin1String(", ")))),
        f.choice(
            QStringLiteral("sslRedirect"), tr("Redirect to HTTPS"),
            {tr("automatic"), QStringLiteral("true"), QStringLiteral("false")},
            [](const VirtualHost &h) {
                return h.sslRedirect
                           ? (*h.sslRedirect ? QStringLiteral("true") : QStringLiteral("false"))
                           : tr("automatic");
            },
            [](VirtualHost &h, const QString &v) {
                if (v == QLatin1String("true"))
                    h.sslRedirect = true;
                else if (v == QLatin1String("false"))
                    h.sslRedirect = false;
                else
                    h.sslRedirect.reset();
            }),
    };
}

QList<PropertyField> certificateFields(const FieldFactory<Certificate> &f) {
    return {
        f.make(
            QStringLiteral("name"), tr("Name"), [](const Certificate &c) { return c.name; },
            [](Certificate &c, const QString &v) { c.name = v; }, checks::requiredName),
        withHint(f.make(
                     QStringLiteral("certificate"), tr("Certificate (PEM)"),
                     [](const Certificate &c) { return c.certificate; },
                     [](Certificate &c, const QString &v) { c.certificate = v; }),
                 QStringLiteral("certs/shop.crt"),
                 tr("The PEM certificate chain, relative to the topology file; empty when the "
                    "cluster holds it (a secret below)")),
        withHint(f.make(
                     QStringLiteral("privateKey"), tr("Private key"),
                     [](const Certificate &c) { return c.privateKey; },
                     [](Certificate &c, const QString &v) {
                         c.privateKey = v.isEmpty() ? Certificate::keychain : v;
                     }),
                 Certificate::keychain,
                 tr("keychain: the OS keychain's entry of this certificate's name; otherwise "
                    "the path of a PEM key file")),
        withHint(f.make(
                     QStringLiteral("secret"), tr("Kubernetes Secret"),
                     [](const Certificate &c) { return c.secret; },
                     [](Certificate &c, const QString &v) { c.secret = v; }, checks::secretName),
                 tr("named like the certificate"),
                 tr("The kubernetes.io/tls Secret exports refer to: NAME or NAMESPACE/NAME. With "
                    "no certificate file the cluster holds it, and serving here presents one "
                    "from the development CA")),
    };
}

} // namespace

QList<PropertyField> propertyFields(TopologyDocument *document, ItemKind kind,
                                    std::function<ItemRef()> current) {
    const Topology &t = document->topology();
    switch (kind) {
    case ItemKind::Listener:
        return listenerFields({document, current});
    case ItemKind::Host:
        return hostFields({document, current}, t) + hostPolicyFields({document, current});
    case ItemKind::Route:
        return routeFields({document, current}, t) + routePolicyFields({document, current});
    case ItemKind::Service:
        return serviceFields({document, current});
    case ItemKind::Certificate:
        return certificateFields({document, current});
    case ItemKind::None:
        return topologyFields(document);
    }
    return {};
}

} // namespace ingress::ui
