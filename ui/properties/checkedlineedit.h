#pragma once

#include <functional>
#include <QLineEdit>

namespace ingress::ui {

// A line edit that checks what is typed as it is typed: invalid text is tinted and the tooltip
// says why; only valid text is committed (Enter or leaving the field).
class CheckedLineEdit : public QLineEdit {
    Q_OBJECT
public:
    using Checker = std::function<QString(const QString &)>;

    explicit CheckedLineEdit(Checker checker, QWidget *parent = nullptr);

    bool isTextValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    // Sets text from the document without committing it back.
    void showValue(const QString &text);
    // Commits the text if it is valid and new, as Enter does (after a file was chosen).
    void commit();

Q_SIGNALS:
    void committed(const QString &text);
    // The check's answer changed (empty: valid), for a message shown beside the field.
    void errorChanged(const QString &error);

private:
    void recheck();

    Checker m_checker;
    QString m_error;
    QString m_baseToolTip;
    QString m_lastValue;
};

} // namespace ingress::ui
