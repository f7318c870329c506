#pragma once

#include <functional>
#include <QString>
#include <QStringList>

namespace ingress::ui {

// One row of the property editor: how to read a value as text, check what the user typed
// (an empty answer means valid, else why not) and write it back as one undo step. `placeholder`
// shows an example in the empty field and `toolTip` the syntax.
struct PropertyField {
    enum class Editor { Text, Choice };

    QString key; // stable per field: consecutive commits of one field merge into one undo step
    QString label;
    Editor editor = Editor::Text;
    QStringList choices;
    QString placeholder;
    QString toolTip;
    std::function<QString()> get;
    std::function<QString(const QString &)> check;
    // False: not applied (the user cancelled a rename's preview); the editor shows get() again.
    std::function<bool(const QString &)> set;
};

} // namespace ingress::ui
