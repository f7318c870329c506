#pragma once

#include "model/topology/itemref.h"
#include "ui/properties/propertyfield.h"

#include <QList>
#include <QWidget>

class QFormLayout;
class QLabel;

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

class SelectionHub;

// The "Properties" dock: a form for the current item whose fields check what is typed and
// commit valid values as undo steps. Follows undo/redo and edits made elsewhere.
class PropertyEditor : public QWidget {
    Q_OBJECT
public:
    PropertyEditor(TopologyDocument *document, SelectionHub *selection, QWidget *parent = nullptr);

    // The editor widget of a field (tests drive it), nullptr if not shown.
    QWidget *editorFor(const QString &key) const;

private:
    void rebuild();
    void refreshValues();

    TopologyDocument *m_document;
    SelectionHub *m_selection;
    QWidget *m_form;
    QWidget *m_scroll = nullptr;
    QFormLayout *m_layout;
    QLabel *m_title;
    QLabel *m_empty;
    QLabel *m_details;
    ItemKind m_kind = ItemKind::None;
    QList<PropertyField> m_fields;
    QList<QWidget *> m_editors;
};

} // namespace ingress::ui
