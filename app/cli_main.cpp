// ingress-studio-cli: the headless front end. Everything lives in cli/; this only dispatches.
#include "cli/command.h"
#include "ingress/version.h"

#include <cstdio>
#include <QCoreApplication>
#include <QTextStream>

using namespace ingress::cli;

namespace {

void printUsage(QTextStream &stream, const std::vector<std::unique_ptr<Command>> &commands) {
    stream << "Usage: ingress-studio-cli COMMAND [options] [args]\n\n"
           << "Design, check, serve and export ingress topologies.\n\nCommands:\n";
    for (const auto &command : commands)
        stream << "  " << command->name().leftJustified(10) << " " << command->summary() << "\n";
    stream << "\nRun 'ingress-studio-cli COMMAND --help' for a command's options.\n";
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ingress-studio-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INGRESS_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto commands = allCommands();
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty()) {
        printUsage(err, commands);
        return ExitUsage;
    }
    const QString first = args.takeFirst();
    if (first == u"--help" || first == u"-h" || first == u"help") {
        printUsage(out, commands);
        return ExitOk;
    }
    if (first == u"--version" || first == u"-v") {
        out << "ingress-studio-cli " << INGRESS_VERSION << "\n";
        return ExitOk;
    }
    for (const auto &command : commands)
        if (command->name() == first)
            return command->run(args, Io{out, err});
    err << "ingress-studio-cli: unknown command '" << first << "'\n\n";
    printUsage(err, commands);
    return ExitUsage;
}
