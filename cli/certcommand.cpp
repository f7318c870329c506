#include "cli/certcommand.h"

#include "cli/certactions.h"

namespace ingress::cli {

namespace {

struct Subcommand {
    const char16_t *name;
    const char *summary;
    int (*run)(const QStringList &, Io);
};

constexpr Subcommand subcommands[] = {
    {u"show", "Show subject, SANs, issuer, validity, key and fingerprint", cert::show},
    {u"new-ca", "Create a local development CA", cert::newCa},
    {u"issue", "Issue a host certificate from a development CA", cert::issue},
    {u"self-signed", "Create a self-signed host certificate", cert::selfSigned},
    {u"import", "Check and import a PEM chain + key or a PKCS#12 file", cert::import},
    {u"export-ca", "Export a CA certificate with instructions to trust it", cert::exportCa},
};

void printUsage(QTextStream &stream) {
    stream << "Usage: ingress-studio-cli cert SUBCOMMAND [options] [args]\n\nSubcommands:\n";
    for (const Subcommand &sub : subcommands)
        stream << "  " << QString::fromUtf16(sub.name).leftJustified(12) << " " << sub.summary
               << "\n";
    stream << "\nRun 'ingress-studio-cli cert SUBCOMMAND --help' for its options.\n";
}

} // namespace

int CertCommand::run(const QStringList &args, Io io) {
    if (args.isEmpty()) {
        printUsage(io.err);
        return ExitUsage;
    }
    const QString &first = args.constFirst();
    if (first == u"--help" || first == u"-h" || first == u"help") {
        printUsage(io.out);
        return ExitOk;
    }
    for (const Subcommand &sub : subcommands)
        if (first == QStringView(sub.name))
            return sub.run(args.mid(1), io);
    io.err << "ingress-studio-cli cert: unknown subcommand '" << first << "'\n\n";
    printUsage(io.err);
    return ExitUsage;
}

} // namespace ingress::cli
