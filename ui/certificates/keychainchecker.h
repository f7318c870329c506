#pragma once

#include "keystore/keystoreresult.h"

#include <functional>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

// Makes "this certificate's key is not in the OS keychain" a Problem of the document
// (TopologyDocument::setEnvironmentDiagnostics), seen while designing instead of as a passing
// status message when the proxy starts. Asks the keychain without blocking the window: when a
// document is opened, when its certificates change, and when told (a key was imported).
class KeychainChecker : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const keystore::KeyStoreResult &)>;
    // Reads the key of a certificate; answers through `done` in `context`'s thread.
    using Reader = std::function<void(const QString &name, QObject *context, Done done)>;

    explicit KeychainChecker(TopologyDocument *document, QObject *parent = nullptr);

    // Tests replace the OS keychain; the default is keystore::KeyStore::readAsync.
    void setReader(Reader reader);
    // Asks again even if the certificates did not change (after an import or removal).
    void recheck();

Q_SIGNALS:
    // Every certificate was answered for and the problems are in the document.
    void checked();

private:
    void checkIfChanged();
    void check();

    TopologyDocument *m_document;
    Reader m_reader;
    QTimer m_debounce;
    QStringList m_checkedState; // what the last check looked at
    quint64 m_round = 0;        // answers of an older round are dropped
};

} // namespace ingress::ui
