#pragma once

#include "cli/command.h"
#include "model/topology/diagnostic.h"
#include "model/topology/topology.h"
#include "model/validation/validator.h"

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
// Loads FILE without validating it (`serve` validates as it prepares).
LoadedDocument loadDocument(const QString &path);
// In file order; rules keep their order within a line.
void sortByLocation(Diagnostics &diagnostics);
// Validation as the CLI runs it: with the OS keychain asked for `privateKey: keychain` keys.
ValidationContext cliValidationContext();

void printDiagnostics(const Diagnostics &diagnostics, QTextStream &stream);
QJsonArray diagnosticsToJson(const Diagnostics &diagnostics);

} // namespace ingress::cli
