#pragma once

#include "model/topology/itemref.h"
#include "ui/properties/propertyfield.h"

#include <functional>
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

    // The editor widget of a field (tests drive it), nullptr if not shown. A file field's is
    // its line edit; its "Choose..." button is the child named key + "/choose".
    QWidget *editorFor(const QString &key) const;

    // Asks for a file to read (a file field's "Choose..." button); empty: cancelled. A file
    // dialog unless replaced (tests).
    using FileChooser = std::function<QString(const QString &title, const QString &start)>;
    void setFileChooser(FileChooser chooser) { m_fileChooser = std::move(chooser); }

private:
    void rebuild();
    void refreshValues();
    QWidget *makeEditor(const PropertyField &field, QWidget **row);
    void chooseFile(int field);
    // How a chosen file is written in the document: relative to it when it is beside it.
    QString documentPath(const QString &absolutePath) const;

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
    QList<QWidget *> m_rows; // what a field's label sits beside: its editor, or a file's box
    FileChooser m_fileChooser;
};

} // namespace ingress::ui
