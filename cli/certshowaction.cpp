// `cert show` and `cert import`: read certificates others made.
#include "cli/certactions.h"
#include "cli/commandline.h"
#include "keystore/keystore.h"
#include "model/certs/certificatebundle.h"
#include "model/certs/certificatefiles.h"
#include "model/certs/certificatereader.h"
#include "model/certs/secretfile.h"
#include "model/topology/certificateinfo.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <termios.h>
#include <unistd.h>

namespace ingress::cli::cert {

namespace {

// Loads FILE as a PEM chain (with an optional separate key) or as PKCS#12, asking for a
// passphrase when the key or the PKCS#12 file needs one.
std::optional<certs::CertificateBundle> loadBundle(const QString &path, const QString &keyPath,
                                                   const QString &passphraseFile, Io io,
                                                   QString *error) {
    QByteArray data, keyData;
    if (!certs::readSmallFile(path, &data, error) ||
        (!keyPath.isEmpty() && !certs::readSmallFile(keyPath, &keyData, error)))
        return std::nullopt;
    QByteArray pass;
    bool asked = false;
    for (;;) {
        certs::PrivateKey::LoadError why{};
        auto bundle = certs::looksLikePkcs12(path, data)
                          ? certs::CertificateBundle::fromPkcs12(data, pass, error, &why)
                          : certs::CertificateBundle::fromPem(data, keyData, pass, error, &why);
        if (bundle || why != certs::PrivateKey::LoadError::NeedsPassphrase || asked)
            return bundle;
        bool ok = false;
        pass = passphrase(
            passphraseFile,
            QStringLiteral("Passphrase for %1: ").arg(keyPath.isEmpty() ? path : keyPath), io, &ok);
        if (!ok || pass.isEmpty()) {
            *error += QStringLiteral(" (give it with --passphrase-file FILE or "
                                     "INGRESS_KEY_PASSPHRASE)");
            return std::nullopt;
        }
        asked = true;
    }
}

QJsonObject toJson(const CertificateInfo &info) {
    return QJsonObject{
        {QStringLiteral("subject"), info.subject},
        {QStringLiteral("issuer"), info.issuer},
        {QStringLiteral("dnsNames"), QJsonArray::fromStringList(info.dnsNames)},
        {QStringLiteral("ipAddresses"), QJsonArray::fromStringList(info.ipAddresses)},
        {QStringLiteral("notBefore"), info.notBefore.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("notAfter"), info.notAfter.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("keyType"), info.keyType},
        {QStringLiteral("keyBits"), info.keyBits},
        {QStringLiteral("sha256Fingerprint"), info.sha256Fingerprint},
        {QStringLiteral("isCa"), info.isCa},
        {QStringLiteral("selfSigned"), info.selfSigned},
        {QStringLiteral("chainLength"), info.chainLength},
        {QStringLiteral("chainInOrder"), info.chainInOrder},
    };
}

QStringList problems(const CertificateInfo &info) {
    QStringList list;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (info.notAfter < now)
        list << QStringLiteral("expired on %1").arg(info.notAfter.toUTC().toString(Qt::ISODate));
    else if (now.daysTo(info.notAfter) < 30)
        list << QStringLiteral("expires in %1 days").arg(now.daysTo(info.notAfter));
    if (info.notBefore > now)
        list << QStringLiteral("not valid before %1")
                    .arg(info.notBefore.toUTC().toString(Qt::ISODate));
    if (!info.chainInOrder)
        list << QStringLiteral("chain out of order: each certificate must be followed by its "
                               "issuer");
    if (info.keyType == u"RSA" && info.keyBits < 2048)
        list << QStringLiteral("weak key: RSA %1 bits (at least 2048 needed)").arg(info.keyBits);
    return list;
}

void printText(const QString &path, const CertificateInfo &info, QTextStream &out) {
    const auto line = [&out](const char *label, const QString &value) {
        out << QString::fromLatin1(label).leftJustified(14) << value << "\n";
    };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    line("File:", path);
    line("Subject:", info.subject);
    line("Issuer:", info.issuer);
    line("DNS names:", info.dnsNames.isEmpty() ? QStringLiteral("(none)")
                                               : info.dnsNames.join(QStringLiteral(", ")));
    if (!info.ipAddresses.isEmpty())
        line("IP addresses:", info.ipAddresses.join(QStringLiteral(", ")));
    line("Valid from:", info.notBefore.toUTC().toString(Qt::ISODate));
    const qint64 days = now.daysTo(info.notAfter);
    line("Valid until:", QStringLiteral("%1 (%2)").arg(
                             info.notAfter.toUTC().toString(Qt::ISODate),
                             days >= 0 ? QStringLiteral("in %1 days").arg(days)
                                       : QStringLiteral("EXPIRED %1 days ago").arg(-days)));
    line("Key:", QStringLiteral("%1 %2 bits").arg(info.keyType).arg(info.keyBits));
    line("SHA-256:", info.sha256Fingerprint);
    line("CA:", info.isCa ? QStringLiteral("yes") : QStringLiteral("no"));
    line("Self-signed:", info.selfSigned ? QStringLiteral("yes") : QStringLiteral("no"));
    line("Chain:",
         QStringLiteral("%1 certificate(s)%2")
             .arg(info.chainLength)
             .arg(info.chainLength > 1 ? (info.chainInOrder ? QStringLiteral(", in order")
                                                            : QStringLiteral(", OUT OF ORDER"))
                                       : QString()));
}

} // namespace

QByteArray passphrase(const QString &passphraseFile, const QString &prompt, Io io, bool *ok) {
    *ok = true;
    if (!passphraseFile.isEmpty()) {
        QByteArray data;
        QString error;
        if (!certs::readSmallFile(passphraseFile, &data, &error, 4096)) {
            io.err << "ingress-studio-cli cert: " << error << "\n";
            *ok = false;
            return {};
        }
        // Files written by `echo` end with a newline that is not part of the passphrase.
        while (data.endsWith('\n') || data.endsWith('\r'))
            data.chop(1);
        return data;
    }
    if (const QByteArray env = qgetenv("INGRESS_KEY_PASSPHRASE"); !env.isEmpty())
        return env;
    if (!isatty(STDIN_FILENO))
        return {};
    io.err << prompt;
    io.err.flush();
    termios saved{};
    const bool terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
    QTextStream in(stdin);
    const QString answer = in.readLine(1024);
    if (terminal)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    io.err << "\n";
    return answer.toUtf8();
}

int show(const QStringList &args, Io io) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Show what a certificate says: subject, SANs, issuer, validity, key type and size,\n"
        "SHA-256 fingerprint, chain order. FILE is a PEM chain or a PKCS#12 (.p12/.pfx) file.\n"
        "Exit status: 0 fine, 1 problems (expired, expiring within 30 days, key mismatch,\n"
        "chain out of order, weak key), 2 unreadable."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Certificate file."));
    const QCommandLineOption key(QStringLiteral("key"),
                                 QStringLiteral("Check that KEY belongs to the certificate."),
                                 QStringLiteral("KEY"));
    const QCommandLineOption passFile(QStringLiteral("passphrase-file"),
                                      QStringLiteral("Read the key/PKCS#12 passphrase from FILE."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({key, passFile, json});
    int exitCode = ExitOk;
    if (!parseCommandLine(parser, QStringLiteral("cert show"), args, io, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        io.err << "ingress-studio-cli cert show: expected exactly one FILE\n";
        return ExitUsage;
    }
    const QString path = parser.positionalArguments().constFirst();
    QByteArray data;
    QString error;
    if (!certs::readSmallFile(path, &data, &error)) {
        io.err << "ingress-studio-cli cert show: " << error << "\n";
        return ExitUsage;
    }
    QStringList found;
    QByteArray chainPem = data;
    if (certs::looksLikePkcs12(path, data) || parser.isSet(key)) {
        auto bundle = loadBundle(path, parser.value(key), parser.value(passFile), io, &error);
        if (!bundle) {
            // A key that does not match is a finding about readable files, not a usage error.
            const bool mismatch = error.contains(u"does not match");
            io.err << "ingress-studio-cli cert show: " << path << ": " << error << "\n";
            if (!mismatch)
                return ExitUsage;
            found << error;
        } else {
            chainPem = bundle->chainPem();
        }
    }
    const auto info = readCertificatePem(chainPem, &error);
    if (!info) {
        io.err << "ingress-studio-cli cert show: " << path << ": " << error << "\n";
        return ExitUsage;
    }
    found << problems(*info);
    if (parser.isSet(json)) {
        QJsonObject object = toJson(*info);
        object.insert(QStringLiteral("file"), path);
        object.insert(QStringLiteral("problems"), QJsonArray::fromStringList(found));
        io.out << QJsonDocument(object).toJson();
    } else {
        printText(path, *info, io.out);
        for (const QString &problem : found)
            io.out << "Problem:      " << problem << "\n";
    }
    return found.isEmpty() ? ExitOk : ExitProblems;
}

int import(const QStringList &args, Io io) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Check a certificate and its key (PEM chain + key, or PKCS#12) and store them for a\n"
        "topology: DIR/NAME.crt (the chain) and the key either in the OS keychain (--keychain,\n"
        "entry NAME of service 'ingress-studio') or in DIR/NAME.key, mode 0600. The key is\n"
        "stored unencrypted so the proxy can start without asking; prints the topology entry."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("PEM chain (leaf first) or .p12/.pfx file."));
    const QCommandLineOption key(QStringLiteral("key"),
                                 QStringLiteral("The PEM private key (for a PEM chain)."),
                                 QStringLiteral("KEY"));
    const QCommandLineOption nameOpt(QStringLiteral("name"),
                                     QStringLiteral("Certificate name (default: FILE's base)."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption outDir({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Folder for NAME.crt (and NAME.key)."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption keychain(QStringLiteral("keychain"),
                                      QStringLiteral("Store the key in the OS keychain."));
    const QCommandLineOption passFile(QStringLiteral("passphrase-file"),
                                      QStringLiteral("Read the key/PKCS#12 passphrase from FILE."),
                                      QStringLiteral("FILE"));
    parser.addOptions({key, nameOpt, outDir, keychain, passFile});
    int exitCode = ExitOk;
    if (!parseCommandLine(parser, QStringLiteral("cert import"), args, io, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(outDir)) {
        io.err << "ingress-studio-cli cert import: expected FILE and -o DIR\n";
        return ExitUsage;
    }
    const QString path = parser.positionalArguments().constFirst();
    QByteArray probe;
    QString error;
    if (!certs::readSmallFile(path, &probe, &error)) {
        io.err << "ingress-studio-cli cert import: " << error << "\n";
        return ExitUsage;
    }
    if (!certs::looksLikePkcs12(path, probe) && !parser.isSet(key)) {
        io.err << "ingress-studio-cli cert import: a PEM chain needs --key KEY\n";
        return ExitUsage;
    }
    auto bundle = loadBundle(path, parser.value(key), parser.value(passFile), io, &error);
    if (!bundle) {
        io.err << "ingress-studio-cli cert import: " << error << "\n";
        return ExitUsage;
    }
    const QString name =
        parser.isSet(nameOpt) ? parser.value(nameOpt) : QFileInfo(path).completeBaseName();
    const QDir dir(parser.value(outDir));
    const bool toKeychain = parser.isSet(keychain);
    QString keyEntry = dir.filePath(name + QStringLiteral(".key"));
    // The keychain first: if it is not there, nothing has been written yet.
    if (toKeychain) {
        const keystore::KeyStoreResult stored = keystore::KeyStore().write(name, bundle->keyPem());
        if (!stored.ok()) {
            io.err << "ingress-studio-cli cert import: " << stored.message << "\n"
                   << "(or import without --keychain to write " << keyEntry << ")\n";
            return ExitProblems;
        }
        keyEntry = QStringLiteral("keychain");
    }
    if (!bundle->writeTo(dir.path(), name, !toKeychain, &error)) {
        io.err << "ingress-studio-cli cert import: " << error << "\n";
        return ExitUsage;
    }
    io.out << "Imported '" << name << "'. Topology entry:\n"
           << "certificates:\n"
           << "  - name: " << name << "\n"
           << "    certificate: " << dir.filePath(name + QStringLiteral(".crt")) << "\n"
           << "    privateKey: " << keyEntry << "\n";
    return ExitOk;
}

} // namespace ingress::cli::cert
