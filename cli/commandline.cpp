#include "cli/commandline.h"

namespace ingress::cli {

bool parseCommandLine(QCommandLineParser &parser, const QString &command, const QStringList &args,
                      Io io, int *exitCode) {
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    QStringList argv = args;
    argv.prepend(QStringLiteral("ingress-studio-cli %1").arg(command));
    if (!parser.parse(argv)) {
        io.err << "ingress-studio-cli " << command << ": " << parser.errorText() << "\n"
               << "Try 'ingress-studio-cli " << command << " --help'.\n";
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(help)) {
        // QCommandLineParser names the binary by its path; users type the subcommand.
        QString text = parser.helpText();
        const qsizetype usageEnd = text.indexOf(u"[options]");
        if (text.startsWith(u"Usage: ") && usageEnd > 0)
            text.replace(7, usageEnd - 7, QStringLiteral("ingress-studio-cli %1 ").arg(command));
        io.out << text;
        *exitCode = ExitOk;
        return false;
    }
    return true;
}

} // namespace ingress::cli
