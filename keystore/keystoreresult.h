#pragma once

#include <QByteArray>
#include <QString>

namespace ingress::keystore {

// The outcome of one keychain call. `message` is for people and says what to do next.
struct KeyStoreResult {
    enum class Status {
        Ok,
        NotFound,     // the keychain works, but holds no entry of that name
        NoKeychain,   // no keychain service (no Secret Service daemon, no D-Bus session, ...)
        AccessDenied, // the keychain is locked and the user declined to unlock it
        TimedOut,     // the keychain did not answer in time (e.g. a hidden unlock prompt)
        Failed,
    };

    Status status = Status::Failed;
    QByteArray data; // the secret, for a successful read
    QString message;

    bool ok() const { return status == Status::Ok; }
    static QString statusName(Status status);
};

} // namespace ingress::keystore
