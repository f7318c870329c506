#include "model/items/culpritlocator.h"

namespace ingress {

namespace {

struct Best {
    ItemRef ref;
    int line = 0;
    int column = 0;

    void consider(const SourceLocation &at, const SourceLocation &target, ItemRef candidate) {
        if (!at.isValid() || at.line > target.line)
            return;
        if (at.line > line || (at.line == line && at.column >= column)) {
            ref = candidate;
            line = at.line;
            column = at.column;
        }
    }
};

bool mentions(const QString &message, const QString &name) {
    if (name.isEmpty())
        return false;
    for (const QChar quote : {u'\'', u'"', u'`'})
        if (message.contains(quote + name + quote))
            return true;
    return false;
}

bool exists(const Topology &t, ItemRef ref) {
    const auto inRange = [](const auto &list, int row) { return row >= 0 && row < list.size(); };
    switch (ref.kind) {
    case ItemKind::Listener:
        return inRange(t.listeners, ref.row);
    case ItemKind::Host:
        return inRange(t.hosts, ref.row);
    case ItemKind::Route:
        return inRange(t.hosts, ref.host) && inRange(t.hosts.at(ref.host).routes, ref.row);
    case ItemKind::Service:
        return inRange(t.services, ref.row);
    case ItemKind::Certificate:
        return inRange(t.certificates, ref.row);
    case ItemKind::None:
        break;
    }
    return false;
}

} // namespace

ItemRef locateCulprit(const Topology &t, const Diagnostic &diagnostic) {
    // The rule said which item it was looking at: nothing to guess.
    if (diagnostic.subject.isValid() && exists(t, diagnostic.subject))
        return diagnostic.subject;
    const SourceLocation target = diagnostic.location;
    if (target.isValid()) {
        Best best;
        for (int i = 0; i < t.listeners.size(); ++i)
            best.consider(t.listeners.at(i).src.node, target, ItemRef::listener(i));
        for (int i = 0; i < t.services.size(); ++i)
            best.consider(t.services.at(i).src.node, target, ItemRef::service(i));
        for (int i = 0; i < t.certificates.size(); ++i)
            best.consider(t.certificates.at(i).src.node, target, ItemRef::certificate(i));
        for (int h = 0; h < t.hosts.size(); ++h) {
            best.consider(t.hosts.at(h).src.node, target, ItemRef::virtualHost(h));
            for (int r = 0; r < t.hosts.at(h).routes.size(); ++r)
                best.consider(t.hosts.at(h).routes.at(r).src.node, target, ItemRef::route(h, r));
        }
        if (best.ref.isValid())
            return best.ref;
    }
    const QString &m = diagnostic.message;
    for (int h = 0; h < t.hosts.size(); ++h)
        if (mentions(m, t.hosts.at(h).host))
            return ItemRef::virtualHost(h);
    for (int i = 0; i < t.services.size(); ++i)
        if (mentions(m, t.services.at(i).name))
            return ItemRef::service(i);
    for (int i = 0; i < t.certificates.size(); ++i)
        if (mentions(m, t.certificates.at(i).name))
            return ItemRef::certificate(i);
    for (int i = 0; i < t.listeners.size(); ++i)
        if (mentions(m, t.listeners.at(i).name))
            return ItemRef::listener(i);
    return {};
}

} // namespace ingress
