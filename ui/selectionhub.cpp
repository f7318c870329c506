#include "ui/selectionhub.h"

#include "model/items/topologydocument.h"

namespace ingress::ui {

SelectionHub::SelectionHub(TopologyDocument *document, QObject *parent)
    : QObject(parent), m_document(document) {
    connect(document, &TopologyDocument::itemInserted, this, &SelectionHub::onInserted);
    connect(document, &TopologyDocument::itemRemoved, this, &SelectionHub::onRemoved);
    connect(document, &TopologyDocument::wasReset, this, [this] { setCurrent({}); });
}

void SelectionHub::setCurrent(ItemRef ref) {
    if (!m_document->contains(ref))
        ref = {};
    if (ref == m_current)
        return;
    m_current = ref;
    Q_EMIT currentChanged(m_current);
}

void SelectionHub::onInserted(ItemRef ref) {
    ItemRef c = m_current;
    if (ref.kind == ItemKind::Host && c.kind == ItemKind::Route && ref.row <= c.host)
        ++c.host;
    else if (ref.kind == c.kind && ref.host == c.host && ref.row <= c.row)
        ++c.row;
    if (c != m_current) {
        // Same item, new position: no currentChanged, views follow their models.
        m_current = c;
    }
}

void SelectionHub::onRemoved(ItemRef ref) {
    ItemRef c = m_current;
    if (ref.kind == ItemKind::Host && c.kind == ItemKind::Route) {
        if (ref.row == c.host)
            return setCurrent({});
        if (ref.row < c.host)
            --c.host;
    } else if (ref.kind == c.kind && ref.host == c.host) {
        if (ref.row == c.row)
            return setCurrent({});
        if (ref.row < c.row)
            --c.row;
    }
    m_current = c;
}

} // namespace ingress::ui
