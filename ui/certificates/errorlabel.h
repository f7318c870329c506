#pragma once

#include <QLabel>

namespace ingress::ui {

// Where a certificate dialog says why its action failed: hidden until there is an error, red,
// wrapped; tests find it by its object name "errorLabel".
class ErrorLabel : public QLabel {
    Q_OBJECT
public:
    explicit ErrorLabel(QWidget *parent = nullptr);

    void showError(const QString &message);
    // The error shown; empty while hidden.
    QString error() const;
};

} // namespace ingress::ui
