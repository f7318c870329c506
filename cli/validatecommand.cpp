#include "cli/validatecommand.h"

#include "cli/commandline.h"
#include "cli/documentloading.h"

#include <algorithm>
#include <QJsonDocument>

namespace ingress::cli {

int ValidateCommand::run(const QStringList &args, Io io) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral(".\nPrints FILE:LINE:COL: error|warning: message [rule-id] per problem.\n"
                       "Exit status: 0 no errors, 1 errors (YAML syntax included), 2 the file "
                       "cannot be read or\n"
                       "the call is wrong."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Topology YAML file."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the problems as a JSON array."));
    parser.addOption(json);
    int exitCode = ExitOk;
    if (!parseCommandLine(parser, name(), args, io, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        io.err << "ingress-studio-cli validate: expected exactly one FILE\n";
        return ExitUsage;
    }
    const LoadedDocument doc = loadAndValidate(parser.positionalArguments().constFirst());
    if (parser.isSet(json))
        io.out << QJsonDocument(diagnosticsToJson(doc.diagnostics)).toJson();
    else
        printDiagnostics(doc.diagnostics, io.out);
    // A file that could not be read at all is exit 2; everything wrong inside it, YAML syntax
    // included, is a problem with a position: exit 1.
    const bool notReadable =
        std::any_of(doc.diagnostics.begin(), doc.diagnostics.end(), [](const Diagnostic &d) {
            return d.ruleId == u"file-unreadable" || d.ruleId == u"file-too-large";
        });
    if (notReadable)
        return ExitUsage;
    return hasErrors(doc.diagnostics) ? ExitProblems : ExitOk;
}

} // namespace ingress::cli
