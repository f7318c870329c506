#pragma once

#include "model/certs/keyspec.h"

#include <QComboBox>

namespace ingress::ui {

// The key types `cert --key-type` accepts, EC P-256 first (the CLI's default).
class KeyTypeBox : public QComboBox {
    Q_OBJECT
public:
    explicit KeyTypeBox(QWidget *parent = nullptr);

    certs::KeySpec keySpec() const;
};

} // namespace ingress::ui
