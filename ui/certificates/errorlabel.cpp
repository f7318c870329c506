#include "ui/certificates/errorlabel.h"

namespace ingress::ui {

ErrorLabel::ErrorLabel(QWidget *parent) : QLabel(parent) {
    setObjectName(QStringLiteral("errorLabel"));
    setWordWrap(true);
    setStyleSheet(QStringLiteral("color: #c0392b"));
    hide();
}

void ErrorLabel::showError(const QString &message) {
    setText(message);
    show();
}

QString ErrorLabel::error() const {
    return isHidden() ? QString() : text();
}

} // namespace ingress::ui
