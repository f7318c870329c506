#pragma once

#include "cli/command.h"

namespace ingress::cli {

// `explain FILE URL [-X METHOD] [-H 'Name: value']... [--json]`: which host, route and service
// a request would reach, and why (the routing trace).
class ExplainCommand : public Command {
public:
    QString name() const override { return QStringLiteral("explain"); }
    QString summary() const override {
        return QStringLiteral("Show which route and service a request reaches, and why");
    }
    int run(const QStringList &args, Io io) override;
};

} // namespace ingress::cli
