#pragma once

#include "cli/command.h"

namespace ingress::cli {

// `serve FILE [--workers N] [--admin ADDR:PORT] [--access-log PATH|-]`: runs the embedded
// reverse proxy until SIGINT/SIGTERM, reloading on SIGHUP and when FILE changes.
class ServeCommand : public Command {
public:
    QString name() const override { return QStringLiteral("serve"); }
    QString summary() const override {
        return QStringLiteral("Serve a topology on the embedded reverse proxy");
    }
    int run(const QStringList &args, Io io) override;
};

} // namespace ingress::cli
