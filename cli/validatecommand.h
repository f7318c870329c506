#pragma once

#include "cli/command.h"

namespace ingress::cli {

// `validate FILE [--json]`: load and validation problems, compiler-style or as JSON.
class ValidateCommand : public Command {
public:
    QString name() const override { return QStringLiteral("validate"); }
    QString summary() const override {
        return QStringLiteral("Check a topology file and list its problems");
    }
    int run(const QStringList &args, Io io) override;
};

} // namespace ingress::cli
