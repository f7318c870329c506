#pragma once

#include "cli/command.h"

namespace ingress::cli {

// `cert show|new-ca|issue|self-signed|import|export-ca`: inspect certificates, run a local
// development CA and issue host certificates from it, import PEM/PKCS#12 material.
class CertCommand : public Command {
public:
    QString name() const override { return QStringLiteral("cert"); }
    QString summary() const override {
        return QStringLiteral("Show, create, issue and import TLS certificates");
    }
    int run(const QStringList &args, Io io) override;
};

} // namespace ingress::cli
