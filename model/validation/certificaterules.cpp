#include "model/validation/validationreporter.h"
#include "model/validation/validationrules.h"

namespace ingress::validation {

namespace {

void checkValidity(ValidationReporter &reporter, const Certificate &certificate,
                   const CertificateInfo &info) {
    const ValidationContext &context = reporter.context();
    const SourceLocation at = certificate.src.at(QStringLiteral("certificate"));
    const QString date = info.notAfter.toString(Qt::ISODate);
    if (info.notAfter.isValid() && info.notAfter < context.now) {
        reporter.report(
            QStringLiteral("certificate-expired"), at,
            QStringLiteral("certificate '%1' expired on %2").arg(certificate.name, date));
    } else if (info.notBefore.isValid() && info.notBefore > context.now) {
        reporter.report(QStringLiteral("certificate-not-yet-valid"), at,
                        QStringLiteral("certificate '%1' is not valid before %2")
                            .arg(certificate.name, info.notBefore.toString(Qt::ISODate)));
    } else if (info.notAfter.isValid() &&
               info.notAfter < context.now.addDays(context.expiryWarningDays)) {
        const qint64 days = context.now.daysTo(info.notAfter);
        reporter.report(QStringLiteral("certificate-expiring"), at,
                        QStringLiteral("certificate '%1' expires on %2, in %3 day(s)")
                            .arg(certificate.name, date)
                            .arg(days));
    }
}

void checkPrivateKey(ValidationReporter &reporter, const Certificate &certificate,
                     const CertificateFileFacts *facts) {
    const SourceLocation at = certificate.src.at(QStringLiteral("privateKey"));
    if (certificate.keyInKeychain()) {
        const auto &hasKey = reporter.context().keychainHasKey;
        if (!hasKey)
            return;
        if (const KeychainAnswer answer = hasKey(certificate.name); !answer.problem.isEmpty()) {
            reporter.report(QStringLiteral("key-not-in-keychain"), at,
                            QStringLiteral("cannot read the private key of certificate '%1' from "
                                           "the keychain: %2")
                                .arg(certificate.name, answer.problem));
        } else if (!answer.found) {
            reporter.report(QStringLiteral("key-not-in-keychain"), at,
                            QStringLiteral("the keychain holds no private key for certificate "
                                           "'%1': import it before serving HTTPS")
                                .arg(certificate.name));
        }
        return;
    }
    if (certificate.privateKey.isEmpty()) {
        reporter.report(QStringLiteral("key-file"), at,
                        QStringLiteral("certificate '%1': no private key given (a key file path "
                                       "or 'keychain')")
                            .arg(certificate.name));
    } else if (!facts) {
        return;
    } else if (!facts->keyProblem.isEmpty()) {
        reporter.report(
            QStringLiteral("key-file"), at,
            QStringLiteral("certificate '%1': %2").arg(certificate.name, facts->keyProblem));
    } else if (facts->keyMismatch) {
        reporter.report(QStringLiteral("key-mismatch"), at,
                        QStringLiteral("certificate '%1': the private key in %2 does not belong "
                                       "to the certificate (their public keys differ)")
                            .arg(certificate.name, certificate.privateKey));
    }
}

void checkKeyStrength(ValidationReporter &reporter, const Certificate &certificate,
                      const CertificateInfo &info) {
    const SourceLocation at = certificate.src.at(QStringLiteral("certificate"));
    if ((info.keyType == u"RSA" || info.keyType == u"RSA-PSS") && info.keyBits < 2048) {
        reporter.report(QStringLiteral("weak-key"), at,
                        QStringLiteral("certificate '%1' has a %2-bit RSA key; clients refuse "
                                       "RSA keys under 2048 bits")
                            .arg(certificate.name)
                            .arg(info.keyBits));
    }
    if (!info.chainInOrder) {
        reporter.report(QStringLiteral("chain-order"), at,
                        QStringLiteral("certificate '%1': the chain is out of order (each "
                                       "certificate must be followed by its issuer)")
                            .arg(certificate.name));
    }
}

// "NAME" or "NAMESPACE/NAME", each a Kubernetes object name.
void checkSecretReference(ValidationReporter &reporter, const Certificate &certificate) {
    const QStringList parts = certificate.secret.split(u'/');
    QString why;
    if (parts.size() > 2)
        why = QStringLiteral("write NAME or NAMESPACE/NAME");
    for (const QString &part : parts)
        if (why.isEmpty())
            why = checkKubernetesName(part, false);
    if (!why.isEmpty())
        reporter.report(QStringLiteral("invalid-secret"),
                        certificate.src.at(QStringLiteral("secret")),
                        QStringLiteral("certificate '%1': secret '%2': %3")
                            .arg(certificate.name, certificate.secret, why));
}

} // namespace

void checkCertificates(ValidationReporter &reporter) {
    const Topology &topology = reporter.topology();
    for (qsizetype i = 0; i < topology.certificates.size(); ++i) {
        const Certificate &certificate = topology.certificates[i];
        reporter.setSubject(ItemRef::certificate(int(i)));
        const SourceLocation nameAt = certificate.src.at(QStringLiteral("name"));
        if (QString why = checkKubernetesName(certificate.name, true); !why.isEmpty()) {
            reporter.report(QStringLiteral("invalid-name"),
                            certificate.name.isEmpty() ? Severity::Error : Severity::Warning,
                            nameAt,
                            QStringLiteral("certificate name '%1' (the TLS secret's name): %2")
                                .arg(certificate.name, why));
        }
        bool duplicate = false;
        for (qsizetype j = 0; j < i && !duplicate; ++j) {
            if (topology.certificates[j].name == certificate.name) {
                duplicate = true;
                reporter.report(QStringLiteral("duplicate-certificate"), nameAt,
                                QStringLiteral("certificate '%1' is already defined%2")
                                    .arg(certificate.name, ValidationReporter::lineRef(
                                                               topology.certificates[j].src.node)));
            }
        }

        if (!certificate.secret.isEmpty())
            checkSecretReference(reporter, certificate);
        if (certificate.inCluster()) {
            // Warned, not failed: the design is valid; only the desktop cannot hold the real one.
            reporter.report(
                QStringLiteral("certificate-in-cluster"),
                certificate.src.at(QStringLiteral("secret")),
                QStringLiteral("certificate '%1' is held by the cluster (Secret %2): exports refer "
                               "to the Secret; serving here presents a certificate for its hosts "
                               "from the local development CA")
                    .arg(certificate.name, certificate.secret));
            continue;
        }
        // Unset: the caller cannot read certificate files (validation itself opens none).
        const auto &readFiles = reporter.context().readCertificateFiles;
        if (!readFiles) {
            checkPrivateKey(reporter, certificate, nullptr);
            continue;
        }
        const CertificateFileFacts facts =
            readFiles(topology.resolvePath(certificate.certificate),
                      certificate.keyInKeychain() || certificate.privateKey.isEmpty()
                          ? QString()
                          : topology.resolvePath(certificate.privateKey));
        if (!facts.certificate) {
            reporter.report(QStringLiteral("certificate-file"),
                            certificate.src.at(QStringLiteral("certificate")),
                            QStringLiteral("certificate '%1': %2")
                                .arg(certificate.name, facts.certificateProblem));
        } else {
            checkValidity(reporter, certificate, *facts.certificate);
            checkKeyStrength(reporter, certificate, *facts.certificate);
        }
        if (!duplicate)
            reporter.setCertificateInfo(certificate.name, facts.certificate);
        checkPrivateKey(reporter, certificate, &facts);
    }
    reporter.setSubject({});
}

} // namespace ingress::validation
