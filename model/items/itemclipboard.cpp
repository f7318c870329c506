#include "model/items/itemclipboard.h"

#include "model/items/documenteditor.h"
#include "model/items/insertitemcommand.h"
#include "model/items/topologydocument.h"
#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"

#include <QUndoStack>

namespace ingress::itemclipboard {

namespace {
const QString routeCarrier = QStringLiteral("clipboard.invalid");
}

QString mimeType() {
    return QStringLiteral("application/x-ingress-studio-topology+yaml");
}

QByteArray encode(const Topology &t, ItemRef ref) {
    Topology fragment;
    fragment.name = QStringLiteral("clipboard");
    switch (ref.kind) {
    case ItemKind::Listener:
        fragment.listeners = {t.listeners.at(ref.row)};
        break;
    case ItemKind::Host:
        fragment.hosts = {t.hosts.at(ref.row)};
        break;
    case ItemKind::Route: {
        VirtualHost carrier;
        carrier.host = routeCarrier;
        carrier.routes = {t.hosts.at(ref.host).routes.at(ref.row)};
        fragment.hosts = {carrier};
        break;
    }
    case ItemKind::Service:
        fragment.services = {t.services.at(ref.row)};
        break;
    case ItemKind::Certificate:
        fragment.certificates = {t.certificates.at(ref.row)};
        break;
    case ItemKind::None:
        return {};
    }
    return TopologyWriter::toYaml(fragment);
}

QList<ItemRef> paste(TopologyDocument *document, const QByteArray &yaml, ItemRef current,
                     QString *error) {
    const LoadResult loaded = TopologyLoader::loadData(yaml, QStringLiteral("clipboard"));
    if (!loaded.ok()) {
        if (error)
            *error = loaded.diagnostics.isEmpty() ? QObject::tr("The clipboard holds no topology")
                                                  : loaded.diagnostics.constFirst().message;
        return {};
    }
    const Topology &fragment = *loaded.topology;
    DocumentEditor editor(document);
    QUndoStack *stack = document->undoStack();
    QList<ItemRef> added;
    stack->beginMacro(QObject::tr("Paste"));
    const auto push = [&](auto *command, ItemRef ref) {
        stack->push(command);
        added << ref;
    };
    for (Listener l : fragment.listeners) {
        l.name = editor.uniqueListenerName(l.name);
        const ItemRef ref = ItemRef::listener(int(document->topology().listeners.size()));
        push(new InsertItemCommand<Listener>(document, ref, l), ref);
    }
    for (Certificate c : fragment.certificates) {
        c.name = editor.uniqueCertificateName(c.name);
        const ItemRef ref = ItemRef::certificate(int(document->topology().certificates.size()));
        push(new InsertItemCommand<Certificate>(document, ref, c), ref);
    }
    for (Service s : fragment.services) {
        s.name = editor.uniqueServiceName(s.name);
        const int row = current.kind == ItemKind::Service
                            ? current.row + 1
                            : int(document->topology().services.size());
        push(new InsertItemCommand<Service>(document, ItemRef::service(row), s),
             ItemRef::service(row));
    }
    const int targetHost = current.kind == ItemKind::Route  ? current.host
                           : current.kind == ItemKind::Host ? current.row
                                                            : -1;
    for (VirtualHost h : fragment.hosts) {
        if (h.host == routeCarrier && targetHost >= 0) {
            int row = current.kind == ItemKind::Route
                          ? current.row + 1
                          : int(document->topology().hosts.at(targetHost).routes.size());
            for (const Route &r : std::as_const(h.routes)) {
                push(new InsertItemCommand<Route>(document, ItemRef::route(targetHost, row), r),
                     ItemRef::route(targetHost, row));
                ++row;
            }
            continue;
        }
        h.host = editor.uniqueHostName(h.host == routeCarrier ? QStringLiteral("new.example.com")
                                                              : h.host);
        const int row = current.kind == ItemKind::Host ? current.row + 1
                                                       : int(document->topology().hosts.size());
        push(new InsertItemCommand<VirtualHost>(document, ItemRef::virtualHost(row), h),
             ItemRef::virtualHost(row));
    }
    stack->endMacro();
    if (added.isEmpty() && error)
        *error = QObject::tr("Nothing to paste");
    return added;
}

} // namespace ingress::itemclipboard
