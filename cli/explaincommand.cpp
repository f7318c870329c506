#include "cli/explaincommand.h"

#include "cli/commandline.h"
#include "cli/documentloading.h"
#include "model/routing/explainer.h"

#include <QJsonDocument>

namespace ingress::cli {

int ExplainCommand::run(const QStringList &args, Io io) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral(".\nRuns the routing rules of FILE on a request to URL and prints the "
                       "virtual host, route, service and upstream path it reaches, with every "
                       "candidate considered.\nExit status: 0 a route or the default service "
                       "matches, 1 nothing matches (404), 2 the file cannot be read or the call "
                       "is wrong."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Topology YAML file."));
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("Request URL, e.g. http://food.bar.com:8080/x"));
    const QCommandLineOption method({QStringLiteral("X"), QStringLiteral("request")},
                                    QStringLiteral("HTTP method (default GET)."),
                                    QStringLiteral("METHOD"), QStringLiteral("GET"));
    const QCommandLineOption header({QStringLiteral("H"), QStringLiteral("header")},
                                    QStringLiteral("Request header 'Name: value' (repeatable)."),
                                    QStringLiteral("HEADER"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the explanation as a JSON object."));
    parser.addOptions({method, header, json});
    int exitCode = ExitOk;
    if (!parseCommandLine(parser, name(), args, io, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        io.err << "ingress-studio-cli explain: expected FILE and URL\n"
               << "Try 'ingress-studio-cli explain --help'.\n";
        return ExitUsage;
    }

    ExplainRequest request;
    request.url = positional.at(1);
    request.method = parser.value(method).trimmed().toUpper();
    for (const QString &line : parser.values(header)) {
        QString error;
        const auto parsed = Explainer::parseHeader(line, &error);
        if (!parsed) {
            io.err << "ingress-studio-cli explain: " << error << "\n";
            return ExitUsage;
        }
        request.headers.append(*parsed);
    }

    const LoadedDocument doc = loadAndValidate(positional.at(0));
    if (doc.unreadable) {
        printDiagnostics(doc.diagnostics, io.err);
        return ExitUsage;
    }
    if (hasErrors(doc.diagnostics)) {
        // The GUI explains documents with errors too; say the answer may not be final.
        io.err << "note: " << positional.at(0) << " has errors; explaining it as it stands:\n";
        printDiagnostics(doc.diagnostics, io.err);
    }

    const Explanation explanation =
        Explainer(RoutingTable::compile(*doc.topology)).explain(request);
    if (!explanation.ok()) {
        io.err << "ingress-studio-cli explain: " << explanation.error << "\n";
        return ExitUsage;
    }
    if (parser.isSet(json))
        io.out << QJsonDocument(explanation.toJson()).toJson();
    else
        io.out << explanation.toText();
    return explanation.match.matched() ? ExitOk : ExitProblems;
}

} // namespace ingress::cli
