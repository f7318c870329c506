#pragma once

#include "model/topology/certificatefilefacts.h"
#include "model/topology/diagnostic.h"
#include "model/topology/topology.h"

#include <functional>
#include <QDateTime>
#include <QString>

namespace ingress {

// One rule of docs/validation-rules.md.
struct ValidationRule {
    QString id;
    Severity severity;
    QString summary;
};

// What the OS keychain said about one certificate's private key.
struct KeychainAnswer {
    KeychainAnswer(bool keyFound) : found(keyFound) {}
    // The keychain could not be asked (none running, locked, timed out): why, for the user.
    static KeychainAnswer unavailable(QString why) {
        KeychainAnswer answer(false);
        answer.problem = std::move(why);
        return answer;
    }
    bool found = false;
    QString problem;
};

struct ValidationContext {
    // The time certificate expiry is measured against (tests pin it).
    QDateTime now = QDateTime::currentDateTimeUtc();
    int expiryWarningDays = 30;
    // Does the OS keychain hold the private key of this certificate? Unset: not checked (the
    // keychain is asked by the caller, which may not have one).
    std::function<KeychainAnswer(const QString &certificateName)> keychainHasKey;
    // Reads a certificate's files (resolved paths; an empty key path: the key is not in a file).
    // Validation opens no file itself; model/certs' readCertificateFiles does it with OpenSSL.
    // Unset: the certificate-file, expiry, key-file and key-mismatch rules are not checked.
    std::function<CertificateFileFacts(const QString &certificatePath, const QString &keyPath)>
        readCertificateFiles;
    // Why the htpasswd file at this resolved path cannot serve basic auth; empty when it can.
    // model/certs' HtpasswdFile::read does it. Unset: the file is not checked.
    std::function<QString(const QString &path)> checkHtpasswdFile;
};

// Checks a loaded document. Pure and synchronous: the GUI runs it as the user types.
class Validator {
public:
    static Diagnostics validate(const Topology &topology, const ValidationContext &context = {});
    static const QList<ValidationRule> &rules();
};

} // namespace ingress
