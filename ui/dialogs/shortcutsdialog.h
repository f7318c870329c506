#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QTableWidget;

namespace ingress::ui {

// Help > Keyboard Shortcuts: every action of the window that has a shortcut, read from the
// actions themselves so that the list cannot fall behind them, then the canvas's mouse and
// wheel gestures.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};

} // namespace ingress::ui
