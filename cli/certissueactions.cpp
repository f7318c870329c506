// `cert new-ca`, `cert issue`, `cert self-signed`, `cert export-ca`: make certificates.
#include "cli/certactions.h"
#include "cli/commandline.h"
#include "model/certs/certificateauthority.h"
#include "model/certs/certificatefiles.h"
#include "model/certs/certificateissuer.h"
#include "model/certs/secretfile.h"

#include <QDir>
#include <QFileInfo>

namespace ingress::cli::cert {

namespace {

const QCommandLineOption keyTypeOption(QStringLiteral("key-type"),
                                       QStringLiteral("ec (P-256, default), rsa2048, rsa3072 "
                                                      "or rsa4096."),
                                       QStringLiteral("TYPE"), QStringLiteral("ec"));
const QCommandLineOption daysOption(QStringLiteral("days"), QStringLiteral("Validity in days."),
                                    QStringLiteral("N"));
const QCommandLineOption outOption({QStringLiteral("o"), QStringLiteral("output")},
                                   QStringLiteral("Output folder (created if missing)."),
                                   QStringLiteral("DIR"));

bool readCommon(const QCommandLineParser &parser, const QString &command, int defaultDays,
                certs::KeySpec *key, int *days, Io io) {
    QString error;
    const auto spec = certs::KeySpec::parse(parser.value(keyTypeOption), &error);
    if (!spec) {
        io.err << "ingress-studio-cli " << command << ": " << error << "\n";
        return false;
    }
    *key = *spec;
    *days = defaultDays;
    if (parser.isSet(daysOption)) {
        bool ok = false;
        *days = parser.value(daysOption).toInt(&ok);
        if (!ok || *days < 1) {
            io.err << "ingress-studio-cli " << command << ": --days must be a positive number\n";
            return false;
        }
    }
    if (!parser.isSet(outOption)) {
        io.err << "ingress-studio-cli " << command << ": -o DIR is required\n";
        return false;
    }
    return true;
}

int issueCommon(const QStringList &args, Io io, bool fromCa) {
    const QString command =
        fromCa ? QStringLiteral("cert issue") : QStringLiteral("cert self-signed");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        (fromCa ? QStringLiteral("Issue a host certificate from the development CA in --ca DIR.\n")
                : QStringLiteral("Create a self-signed host certificate.\n")) +
        QStringLiteral(
            "Every HOST becomes a subjectAltName (DNS name, '*.example.test' wildcard or\n"
            "IP address); the first one is also the CN. Writes DIR/NAME.crt (leaf%1)\n"
            "and DIR/NAME.key (mode 0600). Validity: at most 825 days (the default).")
            .arg(fromCa ? QStringLiteral(" + CA") : QString()));
    parser.addPositionalArgument(QStringLiteral("HOST..."), QStringLiteral("Host names."));
    const QCommandLineOption ca(QStringLiteral("ca"), QStringLiteral("The CA folder (new-ca)."),
                                QStringLiteral("DIR"));
    const QCommandLineOption nameOpt(QStringLiteral("name"),
                                     QStringLiteral("File base name (default: the first host)."),
                                     QStringLiteral("NAME"));
    if (fromCa)
        parser.addOption(ca);
    parser.addOptions({nameOpt, keyTypeOption, daysOption, outOption});
    int exitCode = ExitOk;
    if (!parseCommandLine(parser, command, args, io, &exitCode))
        return exitCode;
    certs::IssueRequest request;
    if (!readCommon(parser, command, certs::IssueRequest::maxValidityDays, &request.key,
                    &request.validityDays, io))
        return ExitUsage;
    request.hosts = parser.positionalArguments();
    if (fromCa && !parser.isSet(ca)) {
        io.err << "ingress-studio-cli " << command << ": --ca DIR is required\n";
        return ExitUsage;
    }
    QString error;
    std::optional<certs::CertificateBundle> bundle;
    if (fromCa) {
        const auto authority = certs::CertificateAuthority::load(parser.value(ca), &error);
        if (authority)
            bundle = certs::CertificateIssuer::issue(*authority, request, &error);
    } else {
        bundle = certs::CertificateIssuer::selfSigned(request, &error);
    }
    const QString name = parser.isSet(nameOpt) || request.hosts.isEmpty()
                             ? parser.value(nameOpt)
                             : certs::fileBaseNameForHost(request.hosts.constFirst());
    if (bundle && name.isEmpty())
        error = QStringLiteral("--name must not be empty");
    if (!bundle || name.isEmpty() ||
        !bundle->writeTo(parser.value(outOption), name, true, &error)) {
        io.err << "ingress-studio-cli " << command << ": " << error << "\n";
        return ExitUsage;
    }
    const QDir dir(parser.value(outOption));
    io.out << "Certificate: " << dir.filePath(name + QStringLiteral(".crt")) << "\n"
           << "Key:         " << dir.filePath(name + QStringLiteral(".key")) << " (mode 0600)\n"
           << "Hosts:       " << request.hosts.join(QStringLiteral(", ")) << "\n"
           << "Valid for:   " << request.validityDays << " days\n";
    return ExitOk;
}

} // namespace

int newCa(const QStringList &args, Io io) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Create a local development certificate authority in DIR: ca.crt, ca.key (mode 0600)\n"
        "and TRUST-THIS-CA.txt with instructions to trust it. Issue host certificates from it\n"
        "with 'cert issue --ca DIR'."));
    const QCommandLineOption nameOpt(
        QStringLiteral("name"), QStringLiteral("The CA's name (its CN)."), QStringLiteral("NAME"));
    const QCommandLineOption force(QStringLiteral("force"),
                                   QStringLiteral("Replace a CA already in DIR."));
    parser.addOptions({nameOpt, keyTypeOption, daysOption, outOption, force});
    int exitCode = ExitOk;
    if (!parseCommandLine(parser, QStringLiteral("cert new-ca"), args, io, &exitCode))
        return exitCode;
    certs::KeySpec key;
    int days = 0;
    if (!readCommon(parser, QStringLiteral("cert new-ca"),
                    certs::CertificateAuthority::defaultValidityDays, &key, &days, io))
        return ExitUsage;
    if (!parser.isSet(nameOpt) || !parser.positionalArguments().isEmpty()) {
        io.err << "ingress-studio-cli cert new-ca: expected --name NAME -o DIR\n";
        return ExitUsage;
    }
    const QDir dir(parser.value(outOption));
    if (QFileInfo::exists(dir.filePath(certs::CertificateAuthority::keyFile)) &&
        !parser.isSet(force)) {
        io.err << "ingress-studio-cli cert new-ca: " << dir.path()
               << " already holds a CA; certificates issued from it would stop being trusted if"
                  " it were replaced (use --force to do it anyway)\n";
        return ExitUsage;
    }
    QString error;
    const auto ca = certs::CertificateAuthority::create(parser.value(nameOpt), key, days, &error);
    if (!ca || !ca->save(dir.path(), &error)) {
        io.err << "ingress-studio-cli cert new-ca: " << error << "\n";
        return ExitUsage;
    }
    io.out << "Created CA '" << parser.value(nameOpt) << "' in " << dir.path() << "\n\n"
           << certs::CertificateAuthority::trustInstructions(
                  dir.absoluteFilePath(certs::CertificateAuthority::certificateFile));
    return ExitOk;
}

int issue(const QStringList &args, Io io) {
    return issueCommon(args, io, true);
}

int selfSigned(const QStringList &args, Io io) {
    return issueCommon(args, io, false);
}

int exportCa(const QStringList &args, Io io) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Copy the CA certificate (never its key) of --ca DIR to FILE and print how to trust it."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Where to write it."));
    const QCommandLineOption ca(QStringLiteral("ca"), QStringLiteral("The CA folder."),
                                QStringLiteral("DIR"));
    parser.addOption(ca);
    int exitCode = ExitOk;
    if (!parseCommandLine(parser, QStringLiteral("cert export-ca"), args, io, &exitCode))
        return exitCode;
    if (!parser.isSet(ca) || parser.positionalArguments().size() != 1) {
        io.err << "ingress-studio-cli cert export-ca: expected --ca DIR FILE\n";
        return ExitUsage;
    }
    QString error;
    const auto authority = certs::CertificateAuthority::load(parser.value(ca), &error);
    const QString target = parser.positionalArguments().constFirst();
    if (!authority || !certs::writePublicFile(target, authority->certificatePem(), &error)) {
        io.err << "ingress-studio-cli cert export-ca: " << error << "\n";
        return ExitUsage;
    }
    io.out << certs::CertificateAuthority::trustInstructions(QFileInfo(target).absoluteFilePath());
    return ExitOk;
}

} // namespace ingress::cli::cert
