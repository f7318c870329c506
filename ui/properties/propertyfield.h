#pragma once

#include <functional>
#include <QString>
#include <QStringList>

namespace ingress::ui {

// One row of the property editor: how to read a value as text, check what the user typed
// (an empty answer means valid, else why not) and write it back as one undo step. `placeholder`
// shows an example in the empty field and `toolTip` the syntax.
struct PropertyField {
    // Text: a checked line edit. Choice: a combo box of `choices`. Toggle: a check box whose
    // value is "true" or "false" (a part of an item that is on or off). File: a checked line
    // edit with a "Choose..." button for a file to read.
    enum class Editor { Text, Choice, Toggle, File };

    QString key; // stable per field: consecutive commits of one field merge into one undo step
    QString label;
    Editor editor = Editor::Text;
    QStringList choices;
    // Choice: the user may also type a value that is not among `choices` (a name of something
    // still to be made); `check` then says what is wrong with it, as in a text field.
    bool editable = false;
    QString placeholder;
    QString toolTip;
    // A heading shown above the first field of a run of fields with the same group ("Policy").
    QString group;
    std::function<QString()> get;
    std::function<QString(const QString &)> check;
    // False: not applied (the user cancelled a rename's preview); the editor shows get() again.
    std::function<bool(const QString &)> set;
    // Asked on every refresh, both optional. `inherited`: what applies while the field is unset,
    // when that comes from elsewhere ("from host: 10 per second"); shown instead of
    // `placeholder` (a toggle: beside its unchecked box). `enabled` false greys the field out
    // (the parts of a policy section that is off).
    std::function<QString()> inherited;
    std::function<bool()> enabled;
};

} // namespace ingress::ui
