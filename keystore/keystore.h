#pragma once

#include "keystore/keystoreresult.h"

#include <chrono>
#include <functional>
#include <optional>
#include <QString>

class QObject;

namespace ingress::keystore {

// Private keys in the OS keychain, one entry per certificate: service "ingress-studio",
// account = the certificate's name. QtKeychain's jobs are asynchronous; this wrapper runs
// each one in a local event loop with a timeout, because loading a topology or starting the
// proxy needs the key before it can go on, and a keychain that never answers (a locked
// collection whose unlock prompt nobody sees) must not hang the app or the CLI.
// Needs a QCoreApplication. Call from the thread that owns it.
class KeyStore {
public:
    static inline const QString defaultService = QStringLiteral("ingress-studio");

    explicit KeyStore(QString service = defaultService,
                      std::chrono::milliseconds timeout = std::chrono::seconds(15));

    KeyStoreResult read(const QString &certificateName) const;
    // read() for those who only need the key: the PEM, or nothing with `error` set to what
    // the user should do (the shape of TlsContextStore's key provider).
    std::optional<QByteArray> readKey(const QString &certificateName, QString *error) const;
    // read() without waiting: `done` runs in `context`'s thread when the keychain answers, or
    // with TimedOut after the timeout; never if `context` is gone by then. For checks the GUI
    // makes on its own (is the key there?), which must not hold up the window.
    void readAsync(const QString &certificateName, QObject *context,
                   std::function<void(const KeyStoreResult &)> done) const;
    KeyStoreResult write(const QString &certificateName, const QByteArray &secret) const;
    KeyStoreResult remove(const QString &certificateName) const;
    // Can keys be stored? Writes and removes a probe entry (on a desktop this may show the
    // keychain's unlock prompt, as storing a key would).
    KeyStoreResult probe() const;

    // Was the app built with QtKeychain at all?
    static bool compiledIn();

private:
    QString m_service;
    std::chrono::milliseconds m_timeout;
};

} // namespace ingress::keystore
