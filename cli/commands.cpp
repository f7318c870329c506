#include "command.h"
#include "validatecommand.h"
// command includes
#include "certcommand.h"
#include "explaincommand.h"
#include "exportcommand.h"
#include "importcommand.h"
#include "servecommand.h"

namespace ingress::cli {

std::vector<std::unique_ptr<Command>> allCommands() {
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<ValidateCommand>());
    // command registrations
    commands.push_back(std::make_unique<ServeCommand>());
    commands.push_back(std::make_unique<ImportCommand>());
    commands.push_back(std::make_unique<CertCommand>());
    commands.push_back(std::make_unique<ExportCommand>());
    commands.push_back(std::make_unique<ExplainCommand>());
    return commands;
}

} // namespace ingress::cli
