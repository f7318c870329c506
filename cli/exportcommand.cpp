#include "cli/exportcommand.h"

#include "cli/commandline.h"
#include "cli/documentloading.h"
#include "export/configchecker.h"
#include "export/exporterregistry.h"
#include "export/exportwriter.h"

#include <QDir>
#include <QFileInfo>

namespace ingress::cli {

namespace {

std::optional<AnnotationProfile> profileNamed(const QString &name) {
    if (name == u"ingress-nginx" || name == u"nginx")
        return AnnotationProfile::IngressNginx;
    if (name == u"traefik")
        return AnnotationProfile::Traefik;
    if (name == u"haproxy")
        return AnnotationProfile::HAProxy;
    return std::nullopt;
}

} // namespace

int ExportCommand::run(const QStringList &args, Io io) {
    QCommandLineParser parser;
    const QString targets = ExporterRegistry::names().join(u'|');
    parser.setApplicationDescription(
        summary() +
        QStringLiteral(".\nWrites the configuration to stdout, or with -o to a file; targets "
                       "with further files (certificates, keys) need -o DIR.\nExit status: 0 "
                       "exported, 1 the topology has errors (or --check failed), 2 the call or "
                       "a file is wrong."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Topology YAML file."));
    const QCommandLineOption format({QStringLiteral("f"), QStringLiteral("format")},
                                    QStringLiteral("Target: %1.").arg(targets),
                                    QStringLiteral("TARGET"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Output file, or folder for several files."),
                                    QStringLiteral("PATH"));
    const QCommandLineOption secrets(QStringLiteral("include-secrets"),
                                     QStringLiteral("Write private keys and Secret data."));
    const QCommandLineOption ingressClass(QStringLiteral("ingress-class"),
                                          QStringLiteral("Kubernetes ingressClassName "
                                                         "(default: nginx)."),
                                          QStringLiteral("NAME"), QStringLiteral("nginx"));
    const QCommandLineOption annotations(
        QStringLiteral("annotations"),
        QStringLiteral("Kubernetes annotation profile: ingress-nginx|traefik|haproxy."),
        QStringLiteral("PROFILE"), QStringLiteral("ingress-nginx"));
    const QCommandLineOption gatewayClass(QStringLiteral("gateway-class"),
                                          QStringLiteral("Gateway API gatewayClassName."),
                                          QStringLiteral("NAME"), QStringLiteral("default"));
    const QCommandLineOption check(
        QStringLiteral("check"),
        QStringLiteral("Run the target's own check on the export (nginx -t, haproxy -c, caddy "
                       "validate) when the tool is installed; exit 1 when it fails."));
    parser.addOptions({format, output, secrets, ingressClass, annotations, gatewayClass, check});
    int exitCode = ExitOk;
    if (!parseCommandLine(parser, name(), args, io, &exitCode))
        return exitCode;
    const Exporter *exporter = ExporterRegistry::find(parser.value(format));
    if (!exporter) {
        io.err << "ingress-studio-cli export: --format must be one of " << targets << "\n";
        return ExitUsage;
    }
    const auto profile = profileNamed(parser.value(annotations));
    if (!profile) {
        io.err << "ingress-studio-cli export: --annotations must be ingress-nginx, traefik or "
                  "haproxy\n";
        return ExitUsage;
    }
    if (parser.positionalArguments().size() != 1) {
        io.err << "ingress-studio-cli export: expected exactly one FILE\n";
        return ExitUsage;
    }
    const QString file = parser.positionalArguments().constFirst();
    const LoadedDocument doc = loadAndValidate(file);
    if (doc.unreadable || hasErrors(doc.diagnostics)) {
        printDiagnostics(doc.diagnostics, io.err);
        io.err << "ingress-studio-cli export: " << file << " has errors; nothing exported\n";
        return doc.unreadable ? ExitUsage : ExitProblems;
    }

    ExportOptions options;
    options.includeSecrets = parser.isSet(secrets);
    options.ingressClassName = parser.value(ingressClass);
    options.gatewayClassName = parser.value(gatewayClass);
    options.annotationProfile = *profile;
    const QString outPath = parser.value(output);
    bool toFolder = !outPath.isEmpty() && (QFileInfo(outPath).isDir() || outPath.endsWith(u'/'));
    if (toFolder)
        options.outputDirectory = QDir(outPath).absolutePath();
    ExportResult result = exporter->exportTopology(*doc.topology, options);
    // An export of several files (certificates, crt-lists) always goes to a folder: -o names
    // it, existing or not. Exporting again lets targets write paths inside that folder.
    if (!outPath.isEmpty() && !toFolder && !result.files.isEmpty() &&
        !QFileInfo(outPath).isFile()) {
        toFolder = true;
        options.outputDirectory = QDir(outPath).absolutePath();
        result = exporter->exportTopology(*doc.topology, options);
    }

    for (const ExportWarning &warning : result.warnings) {
        Diagnostic diagnostic{Severity::Warning, QStringLiteral("export-") + exporter->name(),
                              warning.toString(), file, warning.location};
        io.err << diagnostic.toString() << "\n";
    }
    if (parser.isSet(check)) {
        // Checked with relative paths, where stand-ins fill in the keys an export leaves out.
        ExportOptions checkOptions = options;
        checkOptions.outputDirectory.clear();
        const ConfigCheckResult checked = ConfigChecker::check(
            exporter->name(), exporter->exportTopology(*doc.topology, checkOptions));
        io.err << "ingress-studio-cli export: " << checked.summary() << "\n";
        if (checked.outcome == ConfigCheckResult::Outcome::Failed) {
            io.err << checked.output << "\n";
            return ExitProblems;
        }
    }
    QString error;
    if (outPath.isEmpty()) {
        io.out << QString::fromUtf8(result.mainText);
        if (!result.files.isEmpty())
            io.err << "ingress-studio-cli export: " << result.files.size() << " further file(s) ("
                   << result.files.keys().join(QStringLiteral(", "))
                   << ") not written; use -o DIR\n";
        return ExitOk;
    }
    if (!toFolder && !result.files.isEmpty()) {
        io.err << "ingress-studio-cli export: this export has several files and " << outPath
               << " is a file; -o must name a folder\n";
        return ExitUsage;
    }
    const QList<ExportFile> files =
        ExportWriter::files(result, outPath, toFolder ? QString() : outPath);
    if (!ExportWriter::write(files, &error)) {
        io.err << "ingress-studio-cli export: " << error << "\n";
        return ExitUsage;
    }
    return ExitOk;
}

} // namespace ingress::cli
