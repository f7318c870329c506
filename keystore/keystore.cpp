#include "keystore/keystore.h"

#include <memory>
#include <optional>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <utility>

#ifdef INGRESS_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace ingress::keystore {

namespace {

using Status = KeyStoreResult::Status;

const QString noKeychainHint = QStringLiteral(
    "Keep the key in a file instead: set 'privateKey: path/to/key.pem' on the certificate "
    "(the file is written with mode 0600).");

KeyStoreResult make(Status status, const QString &message, QByteArray data = {}) {
    KeyStoreResult result;
    result.status = status;
    result.message = message;
    result.data = std::move(data);
    return result;
}

#ifdef INGRESS_HAVE_QTKEYCHAIN

KeyStoreResult fromJob(QKeychain::Job *job, const QString &what) {
    switch (job->error()) {
    case QKeychain::NoError:
        return make(Status::Ok, {});
    case QKeychain::EntryNotFound:
        return make(Status::NotFound, QStringLiteral("the keychain has no key for '%1'").arg(what));
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return make(
            Status::AccessDenied,
            QStringLiteral("access to the keychain was denied (%1)").arg(job->errorString()));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return make(Status::NoKeychain, QStringLiteral("no OS keychain is available (%1). %2")
                                            .arg(job->errorString(), noKeychainHint));
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    // libsecret reports a missing D-Bus session or Secret Service daemon as a generic error.
    const QString text = job->errorString();
    if (text.contains(u"org.freedesktop.secrets") || text.contains(u"DBus") ||
        text.contains(u"D-Bus") || text.contains(u"dbus") || text.contains(u"Could not connect"))
        return make(
            Status::NoKeychain,
            QStringLiteral("no OS keychain is available (%1). %2").arg(text, noKeychainHint));
    return make(Status::Failed, QStringLiteral("keychain error: %1. %2").arg(text, noKeychainHint));
}

KeyStoreResult timedOut(std::chrono::milliseconds timeout) {
    return make(Status::TimedOut,
                QStringLiteral("the keychain did not answer within %1 s (is it locked?). %2")
                    .arg(double(timeout.count()) / 1000.0)
                    .arg(noKeychainHint));
}

// Starts `job` (which deletes itself when done) and waits for it at most `timeout`.
KeyStoreResult runJob(QKeychain::Job *job, const QString &what, std::chrono::milliseconds timeout) {
    if (!QCoreApplication::instance()) {
        delete job;
        return make(Status::Failed, QStringLiteral("the keychain needs a running application"));
    }
    QEventLoop loop;
    auto result = std::make_shared<std::optional<KeyStoreResult>>();
    // Context `&loop`: if the job answers after the timeout, the loop is gone and the late
    // answer goes nowhere; the job still deletes itself.
    QObject::connect(
        job, &QKeychain::Job::finished, &loop, [&loop, result, what](QKeychain::Job *j) {
            KeyStoreResult r = fromJob(j, what);
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j); read && r.ok())
                r.data = read->binaryData();
            *result = std::move(r);
            loop.quit();
        });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    job->setAutoDelete(true);
    job->start();
    if (!result->has_value())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!result->has_value())
        return timedOut(timeout);
    return std::move(**result);
}

#endif

} // namespace

KeyStore::KeyStore(QString service, std::chrono::milliseconds timeout)
    : m_service(std::move(service)), m_timeout(timeout) {
}

bool KeyStore::compiledIn() {
#ifdef INGRESS_HAVE_QTKEYCHAIN
    return true;
#else
    return false;
#endif
}

#ifdef INGRESS_HAVE_QTKEYCHAIN

KeyStoreResult KeyStore::read(const QString &certificateName) const {
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(certificateName);
    return runJob(job, certificateName, m_timeout);
}

void KeyStore::readAsync(const QString &certificateName, QObject *context,
                         std::function<void(const KeyStoreResult &)> done) const {
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(certificateName);
    job->setAutoDelete(true);
    // One answer only: whichever of the job and the timer comes first.
    auto answered = std::make_shared<bool>(false);
    auto finish = [answered, done](const KeyStoreResult &result) {
        if (std::exchange(*answered, true))
            return;
        done(result);
    };
    QObject::connect(
        job, &QKeychain::Job::finished, context, [finish, certificateName](QKeychain::Job *j) {
            KeyStoreResult r = fromJob(j, certificateName);
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j); read && r.ok())
                r.data = read->binaryData();
            finish(r);
        });
    QTimer::singleShot(m_timeout, context,
                       [finish, timeout = m_timeout] { finish(timedOut(timeout)); });
    job->start();
}

KeyStoreResult KeyStore::write(const QString &certificateName, const QByteArray &secret) const {
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(certificateName);
    job->setBinaryData(secret);
    return runJob(job, certificateName, m_timeout);
}

KeyStoreResult KeyStore::remove(const QString &certificateName) const {
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(certificateName);
    return runJob(job, certificateName, m_timeout);
}

#else

KeyStoreResult KeyStore::read(const QString &) const {
    return make(Status::NoKeychain,
                QStringLiteral("this build has no keychain support. %1").arg(noKeychainHint));
}

void KeyStore::readAsync(const QString &certificateName, QObject *context,
                         std::function<void(const KeyStoreResult &)> done) const {
    const KeyStoreResult result = read(certificateName);
    QTimer::singleShot(0, context, [done, result] { done(result); });
}

KeyStoreResult KeyStore::write(const QString &name, const QByteArray &) const {
    return read(name);
}

KeyStoreResult KeyStore::remove(const QString &name) const {
    return read(name);
}

#endif

std::optional<QByteArray> KeyStore::readKey(const QString &certificateName, QString *error) const {
    KeyStoreResult result = read(certificateName);
    if (result.ok())
        return std::move(result.data);
    if (error)
        *error = result.message;
    return std::nullopt;
}

KeyStoreResult KeyStore::probe() const {
    // Only a write tells: a locked keyring whose unlock prompt cannot be shown (no display,
    // no prompter) still answers reads with "not found".
    const QString probeName = QStringLiteral("ingress-studio-probe");
    KeyStoreResult r = write(probeName, QByteArrayLiteral("probe"));
    if (!r.ok())
        return r;
    remove(probeName);
    return make(Status::Ok, QStringLiteral("the OS keychain is available"));
}

} // namespace ingress::keystore
