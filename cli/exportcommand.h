#pragma once

#include "cli/command.h"

namespace ingress::cli {

// `export --format TARGET FILE [-o PATH] [--include-secrets]`: the topology as another tool's
// configuration. What the target cannot express is listed on stderr as warnings.
class ExportCommand : public Command {
public:
    QString name() const override { return QStringLiteral("export"); }
    QString summary() const override {
        return QStringLiteral("Export a topology to Kubernetes, nginx, HAProxy and more");
    }
    int run(const QStringList &args, Io io) override;
};

} // namespace ingress::cli
