#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <vector>

namespace ingress::cli {

// Exit codes every subcommand shares (scripts rely on them).
enum ExitCode : int {
    ExitOk = 0,
    ExitProblems = 1, // the input was read, and it has errors / nothing matched
    ExitUsage = 2,    // the input cannot be read, or the call is wrong
};

struct Io {
    QTextStream &out;
    QTextStream &err;
};

// One `ingress-studio-cli` subcommand. `args` excludes the program and subcommand names.
class Command {
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    virtual int run(const QStringList &args, Io io) = 0;
};

std::vector<std::unique_ptr<Command>> allCommands();

} // namespace ingress::cli
