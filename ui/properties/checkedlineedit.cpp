#include "ui/properties/checkedlineedit.h"

namespace ingress::ui {

CheckedLineEdit::CheckedLineEdit(Checker checker, QWidget *parent)
    : QLineEdit(parent), m_checker(std::move(checker)) {
    connect(this, &QLineEdit::textChanged, this, &CheckedLineEdit::recheck);
    connect(this, &QLineEdit::editingFinished, this, &CheckedLineEdit::commit);
}

void CheckedLineEdit::commit() {
    const QString value = text().trimmed();
    if (isTextValid() && value != m_lastValue) {
        m_lastValue = value;
        Q_EMIT committed(value);
    }
}

void CheckedLineEdit::showValue(const QString &value) {
    m_lastValue = value;
    if (text() != value)
        setText(value);
    recheck();
}

void CheckedLineEdit::recheck() {
    const QString before = m_error;
    m_error = m_checker ? m_checker(text().trimmed()) : QString();
    if (m_baseToolTip.isNull())
        m_baseToolTip = toolTip().isNull() ? QStringLiteral("") : toolTip();
    // A tint derived from the palette's own base colour keeps dark themes readable.
    QPalette p = palette();
    if (m_error.isEmpty()) {
        setPalette(QPalette());
        setToolTip(m_baseToolTip);
    } else {
        const QColor base = QPalette().color(QPalette::Base);
        p.setColor(QPalette::Base, QColor::fromRgbF(std::min(1.0f, base.redF() * 0.6f + 0.4f),
                                                    base.greenF() * 0.75f, base.blueF() * 0.75f));
        setPalette(p);
        setToolTip(m_error);
    }
    if (m_error != before)
        Q_EMIT errorChanged(m_error);
}

} // namespace ingress::ui
