#pragma once

#include "model/topology/itemref.h"

#include <QObject>

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

// The one "current item" that the tree, the tables, the canvas and the property editor share.
// Keeps the reference pointing at the same item while rows are inserted or removed around it.
class SelectionHub : public QObject {
    Q_OBJECT
public:
    explicit SelectionHub(TopologyDocument *document, QObject *parent = nullptr);

    ItemRef current() const { return m_current; }
    void setCurrent(ItemRef ref);

Q_SIGNALS:
    void currentChanged(ingress::ItemRef ref);

private:
    void onInserted(ItemRef ref);
    void onRemoved(ItemRef ref);

    TopologyDocument *m_document;
    ItemRef m_current;
};

} // namespace ingress::ui
