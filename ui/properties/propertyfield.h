#pragma once

#include <functional>
#include <QString>
#include <QStringList>

namespace ingress::ui {

// One row of the property editor: how to read a value as text, check what the user typed
// (an empty answer means valid, else why not) and write it back as one undo step.
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
    std::function<void(const QString &)> set;
};

} // namespace ingress::ui
