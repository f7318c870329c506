#include "cli/command.h"
#include "cli/validatecommand.h"
// command includes
#include "cli/certcommand.h"
#include "cli/explaincommand.h"
#include "cli/exportcommand.h"
#include "cli/importcommand.h"
#include "cli/servecommand.h"

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
