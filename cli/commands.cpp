#include "command.h"
#include "validatecommand.h"
// command includes

namespace ingress::cli {

std::vector<std::unique_ptr<Command>> allCommands() {
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<ValidateCommand>());
    // command registrations
    return commands;
}

} // namespace ingress::cli
