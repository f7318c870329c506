#include "ui/certificates/keytypebox.h"

namespace ingress::ui {

KeyTypeBox::KeyTypeBox(QWidget *parent) : QComboBox(parent) {
    setObjectName(QStringLiteral("keyType"));
    addItem(tr("EC P-256 (recommended)"), QStringLiteral("ec"));
    addItem(tr("RSA 2048 bits"), QStringLiteral("rsa2048"));
    addItem(tr("RSA 3072 bits"), QStringLiteral("rsa3072"));
    addItem(tr("RSA 4096 bits"), QStringLiteral("rsa4096"));
}

certs::KeySpec KeyTypeBox::keySpec() const {
    // The same parser as the CLI's --key-type; the items only hold values it accepts.
    QString error;
    return certs::KeySpec::parse(currentData().toString(), &error).value_or(certs::KeySpec{});
}

} // namespace ingress::ui
