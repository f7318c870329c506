#include "ui/icons.h"

namespace ingress::ui {

QIcon icon(const QString &name) {
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

QIcon iconFor(ItemKind kind) {
    switch (kind) {
    case ItemKind::Listener:
        return icon(QStringLiteral("listener"));
    case ItemKind::Host:
        return icon(QStringLiteral("host"));
    case ItemKind::Route:
        return icon(QStringLiteral("route"));
    case ItemKind::Service:
        return icon(QStringLiteral("service"));
    case ItemKind::Certificate:
        return icon(QStringLiteral("certificate"));
    case ItemKind::None:
        break;
    }
    return {};
}

} // namespace ingress::ui
