#include "cli/importcommand.h"

#include "cli/commandline.h"
#include "cli/documentloading.h"
#include "export/kubernetesimporter.h"
#include "model/yaml/topologywriter.h"

#include <QFileInfo>

namespace ingress::cli {

int ImportCommand::run(const QStringList &args, Io io) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral(".\nPrints the topology YAML, or writes it to -o PROJECT "
                       "(with the certificates and htpasswd files from Secrets next to it).\nExit "
                       "status: 0 imported, 1 the input has errors, 2 the call or "
                       "a file is wrong."));
    parser.addPositionalArgument(QStringLiteral("FILE..."),
                                 QStringLiteral("Manifest files (multi-document YAML)."));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("Source: kubernetes."),
                                  QStringLiteral("SOURCE"), QStringLiteral("kubernetes"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Topology file to write."),
                                    QStringLiteral("PROJECT"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"),
                                      QStringLiteral("Bind a service to a local endpoint."),
                                      QStringLiteral("[NAMESPACE/]SERVICE=HOST:PORT"));
    parser.addOptions({from, output, endpoint});
    int exitCode = ExitOk;
    if (!parseCommandLine(parser, name(), args, io, &exitCode))
        return exitCode;
    if (parser.value(from) != u"kubernetes") {
        io.err << "ingress-studio-cli import: --from must be kubernetes\n";
        return ExitUsage;
    }
    if (parser.positionalArguments().isEmpty()) {
        io.err << "ingress-studio-cli import: expected at least one FILE\n";
        return ExitUsage;
    }
    KubernetesImporter::EndpointBindings bindings;
    for (const QString &binding : parser.values(endpoint)) {
        const qsizetype eq = binding.indexOf(u'=');
        const QString name = eq > 0 ? binding.left(eq) : QString();
        // At most one '/', with a namespace before it and a service after it.
        const qsizetype slash = name.indexOf(u'/');
        const bool nameOk =
            !name.isEmpty() && name.count(u'/') <= 1 && slash != 0 && slash != name.size() - 1;
        if (eq <= 0 || eq == binding.size() - 1 || !nameOk) {
            io.err
                << "ingress-studio-cli import: --endpoint expects [NAMESPACE/]SERVICE=HOST:PORT, "
                   "not '"
                << binding << "'\n";
            return ExitUsage;
        }
        bindings.append({binding.left(eq), binding.mid(eq + 1)});
    }
    const ImportResult result =
        KubernetesImporter::importFiles(parser.positionalArguments(), bindings);
    printDiagnostics(result.diagnostics, io.err);
    if (!result.ok())
        return ExitProblems;
    const QString project = parser.value(output);
    if (project.isEmpty()) {
        io.out << QString::fromUtf8(TopologyWriter::toYaml(result.topology));
        if (!result.files.isEmpty())
            io.err << "ingress-studio-cli import: files from Secrets (certificates, htpasswd "
                      "files) are written only with -o PROJECT\n";
        return ExitOk;
    }
    QString error;
    if (!TopologyWriter::saveFile(result.topology, project, &error)) {
        io.err << "ingress-studio-cli import: " << error << "\n";
        return ExitUsage;
    }
    if (!result.writeFiles(QFileInfo(project).absolutePath(), &error)) {
        io.err << "ingress-studio-cli import: " << error << "\n";
        return ExitUsage;
    }
    return ExitOk;
}

} // namespace ingress::cli
