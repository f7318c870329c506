#include "model/items/documenteditor.h"

#include "model/items/documentpropertycommand.h"
#include "model/items/insertitemcommand.h"
#include "model/items/moveroutecommand.h"
#include "model/items/removeitemcommand.h"
#include "model/items/topologydocument.h"

#include <QFileInfo>
#include <QObject>
#include <QSet>
#include <QUndoStack>

namespace ingress {

namespace {

template <typename T> QString uniqueName(const QList<T> &items, const QString &base) {
    QSet<QString> taken;
    for (const T &item : items)
        taken.insert(ItemTraits<T>::name(item));
    if (!taken.contains(base))
        return base;
    // "api.example.com" -> "api-2.example.com": keeps a host name a valid DNS name.
    const qsizetype dot = base.startsWith(QLatin1String("*.")) ? -1 : base.indexOf(u'.');
    for (int n = 2;; ++n) {
        const QString candidate = dot > 0
                                      ? base.left(dot) + u'-' + QString::number(n) + base.mid(dot)
                                      : base + u'-' + QString::number(n);
        if (!taken.contains(candidate))
            return candidate;
    }
}

template <typename T> ItemRef pushInsert(TopologyDocument *document, ItemRef ref, const T &value) {
    document->undoStack()->push(new InsertItemCommand<T>(document, ref, value));
    return ref;
}

template <typename T> void pushRemove(TopologyDocument *document, ItemRef ref) {
    document->undoStack()->push(new RemoveItemCommand<T>(document, ref));
}

} // namespace

void DocumentEditor::rebaseFilePaths(const QString &newFilePath) {
    const Topology &topology = m_document->topology();
    QList<std::pair<int, Certificate>> certificates;
    for (int i = 0; i < topology.certificates.size(); ++i) {
        Certificate cert = topology.certificates.at(i);
        cert.certificate = topology.rebasedPath(cert.certificate, newFilePath);
        if (!cert.keyInKeychain())
            cert.privateKey = topology.rebasedPath(cert.privateKey, newFilePath);
        if (cert != topology.certificates.at(i))
            certificates.append({i, cert});
    }
    // The htpasswd files of basic auth, on hosts and on their routes.
    const auto rebase = [&](Policy &policy) {
        if (policy.basicAuth)
            policy.basicAuth->htpasswd =
                topology.rebasedPath(policy.basicAuth->htpasswd, newFilePath);
    };
    QList<std::pair<int, VirtualHost>> hosts;
    for (int i = 0; i < topology.hosts.size(); ++i) {
        VirtualHost host = topology.hosts.at(i);
        rebase(host.policy);
        for (Route &route : host.routes)
            rebase(route.policy);
        if (host != topology.hosts.at(i))
            hosts.append({i, host});
    }
    if (certificates.isEmpty() && hosts.isEmpty())
        return;
    QUndoStack *stack = m_document->undoStack();
    stack->beginMacro(QObject::tr("File paths for %1").arg(QFileInfo(newFilePath).fileName()));
    for (const auto &[row, cert] : certificates)
        replace(ItemRef::certificate(row), cert);
    for (const auto &[row, host] : hosts)
        replace(ItemRef::virtualHost(row), host);
    stack->endMacro();
}

QString DocumentEditor::uniqueHostName(const QString &base) const {
    return uniqueName(m_document->topology().hosts, base);
}
QString DocumentEditor::uniqueServiceName(const QString &base) const {
    return uniqueName(m_document->topology().services, base);
}
QString DocumentEditor::uniqueListenerName(const QString &base) const {
    return uniqueName(m_document->topology().listeners, base);
}
QString DocumentEditor::uniqueCertificateName(const QString &base) const {
    return uniqueName(m_document->topology().certificates, base);
}

ItemRef DocumentEditor::addListener() {
    Listener listener;
    listener.name = uniqueListenerName(QStringLiteral("listener"));
    listener.bind =
        QStringLiteral("127.0.0.1:%1").arg(8080 + m_document->topology().listeners.size());
    return pushInsert(m_document, ItemRef::listener(m_document->topology().listeners.size()),
                      listener);
}

ItemRef DocumentEditor::addHost() {
    VirtualHost host;
    host.host = uniqueHostName(QStringLiteral("new.example.com"));
    Route route;
    if (!m_document->topology().services.isEmpty())
        route.service = m_document->topology().services.constFirst().name;
    host.routes.append(route);
    return pushInsert(m_document, ItemRef::virtualHost(m_document->topology().hosts.size()), host);
}

ItemRef DocumentEditor::addRoute(int host, int after) {
    const VirtualHost &vhost = m_document->topology().hosts.at(host);
    Route route;
    route.firstMatch().path = QStringLiteral("/new");
    if (!m_document->topology().services.isEmpty())
        route.service = m_document->topology().services.constFirst().name;
    const int row = after >= 0 ? after + 1 : int(vhost.routes.size());
    return pushInsert(m_document, ItemRef::route(host, row), route);
}

ItemRef DocumentEditor::addService() {
    Service service;
    service.name = uniqueServiceName(QStringLiteral("service"));
    service.endpoints.append(Endpoint{QStringLiteral("127.0.0.1:9000"), 1, {}});
    return pushInsert(m_document, ItemRef::service(m_document->topology().services.size()),
                      service);
}

ItemRef DocumentEditor::addCertificate() {
    Certificate certificate;
    certificate.name = uniqueCertificateName(QStringLiteral("certificate"));
    certificate.certificate = QStringLiteral("certs/%1.crt").arg(certificate.name);
    return pushInsert(m_document, ItemRef::certificate(m_document->topology().certificates.size()),
                      certificate);
}

void DocumentEditor::addEndpoint(int service, const QString &address, int weight) {
    Service edited = m_document->topology().services.at(service);
    edited.endpoints.append(Endpoint{address, weight, {}});
    m_document->undoStack()->push(new ReplaceItemCommand<Service>(
        m_document, ItemRef::service(service), edited,
        QObject::tr("Add endpoint %1 to %2").arg(address, edited.name)));
}

void DocumentEditor::removeEndpoint(int service, int endpoint) {
    Service edited = m_document->topology().services.at(service);
    const Endpoint removed = edited.endpoints.takeAt(endpoint);
    m_document->undoStack()->push(new ReplaceItemCommand<Service>(
        m_document, ItemRef::service(service), edited,
        QObject::tr("Delete endpoint %1 of %2").arg(removed.address, edited.name)));
}

void DocumentEditor::editEndpoint(int service, int endpoint, const Endpoint &value) {
    Service edited = m_document->topology().services.at(service);
    if (edited.endpoints.at(endpoint) == value)
        return;
    edited.endpoints[endpoint] = value;
    m_document->undoStack()->push(new ReplaceItemCommand<Service>(
        m_document, ItemRef::service(service), edited,
        QObject::tr("Edit endpoint %1 of %2").arg(value.address, edited.name)));
}

ItemRef DocumentEditor::duplicate(ItemRef ref) {
    const Topology &t = m_document->topology();
    switch (ref.kind) {
    case ItemKind::Host: {
        VirtualHost copy = t.hosts.at(ref.row);
        copy.host = uniqueHostName(copy.host);
        return pushInsert(m_document, ItemRef::virtualHost(ref.row + 1), copy);
    }
    case ItemKind::Route:
        return pushInsert(m_document, ItemRef::route(ref.host, ref.row + 1),
                          t.hosts.at(ref.host).routes.at(ref.row));
    case ItemKind::Service: {
        Service copy = t.services.at(ref.row);
        copy.name = uniqueServiceName(copy.name);
        return pushInsert(m_document, ItemRef::service(ref.row + 1), copy);
    }
    case ItemKind::Listener: {
        Listener copy = t.listeners.at(ref.row);
        copy.name = uniqueListenerName(copy.name);
        return pushInsert(m_document, ItemRef::listener(ref.row + 1), copy);
    }
    case ItemKind::Certificate: {
        Certificate copy = t.certificates.at(ref.row);
        copy.name = uniqueCertificateName(copy.name);
        return pushInsert(m_document, ItemRef::certificate(ref.row + 1), copy);
    }
    case ItemKind::None:
        break;
    }
    return {};
}

bool DocumentEditor::remove(ItemRef ref) {
    if (!m_document->contains(ref))
        return false;
    const QList<Usage> usages = findUsages(m_document->topology(), ref);
    if (!usages.isEmpty()) {
        Refactoring refactoring;
        refactoring.kind = Refactoring::Kind::Remove;
        refactoring.subject = ref;
        refactoring.usages = usages;
        refactoring.noun = nounOf(ref.kind);
        refactoring.name = nameOf(m_document->topology(), ref);
        if (!m_document->confirm(refactoring))
            return false;
    }
    switch (ref.kind) {
    case ItemKind::Listener:
        pushRemove<Listener>(m_document, ref);
        break;
    case ItemKind::Host:
        pushRemove<VirtualHost>(m_document, ref);
        break;
    case ItemKind::Route:
        pushRemove<Route>(m_document, ref);
        break;
    case ItemKind::Service:
        pushRemove<Service>(m_document, ref);
        break;
    case ItemKind::Certificate:
        pushRemove<Certificate>(m_document, ref);
        break;
    case ItemKind::None:
        return false;
    }
    return true;
}

bool DocumentEditor::renameWithUsages(ItemRef ref, QUndoCommand *itemCommand, const QString &noun,
                                      const QString &oldName, const QString &newName) {
    Refactoring refactoring;
    refactoring.kind = Refactoring::Kind::Rename;
    refactoring.subject = ref;
    refactoring.noun = noun;
    refactoring.name = oldName;
    refactoring.newName = newName;
    refactoring.usages = findUsages(m_document->topology(), ref);
    if (!m_document->confirm(refactoring)) {
        delete itemCommand;
        return false;
    }
    QUndoStack *stack = m_document->undoStack();
    stack->beginMacro(QObject::tr("Rename %1 %2 to %3").arg(noun, oldName, newName));
    stack->push(itemCommand);
    for (const Usage &usage : std::as_const(refactoring.usages)) {
        switch (usage.user.kind) {
        case ItemKind::Route:
            stack->push(new ReplaceItemCommand<Route>(
                m_document, usage.user,
                renamedIn(m_document->item<Route>(usage.user), usage, oldName, newName)));
            break;
        case ItemKind::Host:
            stack->push(new ReplaceItemCommand<VirtualHost>(
                m_document, usage.user,
                renamedIn(m_document->item<VirtualHost>(usage.user), usage, oldName, newName)));
            break;
        case ItemKind::None:
            stack->push(new DocumentPropertyCommand(
                m_document, DocumentPropertyCommand::Property::DefaultService, newName));
            break;
        default:
            break;
        }
    }
    stack->endMacro();
    return true;
}

void DocumentEditor::setName(const QString &name) {
    if (m_document->topology().name != name)
        m_document->undoStack()->push(
            new DocumentPropertyCommand(m_document, DocumentPropertyCommand::Property::Name, name));
}

void DocumentEditor::setDefaultService(const QString &service) {
    if (m_document->topology().defaultService != service)
        m_document->undoStack()->push(new DocumentPropertyCommand(
            m_document, DocumentPropertyCommand::Property::DefaultService, service));
}

void DocumentEditor::moveRoute(ItemRef from, ItemRef to) {
    if (from == to || !m_document->contains(from))
        return;
    m_document->undoStack()->push(new MoveRouteCommand(m_document, from, to));
}

} // namespace ingress
