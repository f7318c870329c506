#pragma once

#include "command.h"
#include "diagnostic.h"
#include "topology.h"
#include "validator.h"

#include <optional>
#include <QJsonArray>

namespace ingress::cli {

// Loads and validates FILE as every subcommand does. Diagnostics go to `diagnostics`;
// returns the document unless it could not be read at all.
struct LoadedDocument {
    std::optional<Topology> topology;
    Diagnostics diagnostics;
    bool unreadable = false; // the file could not be read or parsed (exit 2)
};
LoadedDocument loadAndValidate(const QString &path);
// Validation as the CLI runs it: with the OS keychain asked for `privateKey: keychain` keys.
ValidationContext cliValidationContext();

void printDiagnostics(const Diagnostics &diagnostics, QTextStream &stream);
QJsonArray diagnosticsToJson(const Diagnostics &diagnostics);

} // namespace ingress::cli
