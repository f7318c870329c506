#pragma once

#include "cli/command.h"

namespace ingress::cli {

// `import --from kubernetes FILE... [-o PROJECT] [--endpoint SERVICE=HOST:PORT]...`: Kubernetes
// manifests as a topology; what cannot be carried over is listed on stderr.
class ImportCommand : public Command {
public:
    QString name() const override { return QStringLiteral("import"); }
    QString summary() const override {
        return QStringLiteral("Import Kubernetes manifests as a topology");
    }
    int run(const QStringList &args, Io io) override;
};

} // namespace ingress::cli
