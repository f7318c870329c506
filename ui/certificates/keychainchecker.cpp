#include "ui/certificates/keychainchecker.h"

#include "keystore/keystore.h"
#include "model/items/topologydocument.h"

#include <memory>
#include <QMap>

namespace ingress::ui {

namespace {

// The certificates whose key lives in the keychain, as "name" per entry: the state a check
// answers for. The certificate file is part of it too, since an import replaces both.
QStringList keychainState(const Topology &topology) {
    QStringList state;
    for (const Certificate &c : topology.certificates)
        if (c.keyInKeychain())
            state << c.name + u'\n' + c.certificate;
    return state;
}

QString hostsOf(const Topology &topology, const QString &certificate) {
    QStringList hosts;
    for (const VirtualHost &h : topology.hosts)
        if (h.tls == certificate)
            hosts << h.host;
    return hosts.join(QLatin1String(", "));
}

Diagnostic missingKey(const Topology &topology, const Certificate &certificate,
                      const keystore::KeyStoreResult &result) {
    Diagnostic d;
    d.severity = Severity::Warning;
    d.ruleId = QStringLiteral("key-not-in-keychain");
    d.file = topology.origin.filePath;
    d.location = certificate.src.at(QStringLiteral("privateKey"));
    const QString hosts = hostsOf(topology, certificate.name);
    const QString consequence =
        hosts.isEmpty() ? QString()
                        : QObject::tr("; the proxy refuses TLS for %1 until it is").arg(hosts);
    if (result.status == keystore::KeyStoreResult::Status::NotFound)
        d.message = QObject::tr("certificate '%1' keeps its private key in the keychain, but "
                                "the keychain has none for it%2. Import the key (Certificates > "
                                "Import Certificate) or set privateKey to the key file")
                        .arg(certificate.name, consequence);
    else
        d.message = QObject::tr("certificate '%1': its private key cannot be read from the "
                                "keychain%2: %3")
                        .arg(certificate.name, consequence, result.message);
    return d;
}

} // namespace

KeychainChecker::KeychainChecker(TopologyDocument *document, QObject *parent)
    : QObject(parent), m_document(document) {
    setReader({});
    // Typing a certificate's name would otherwise ask the keychain at every keystroke.
    m_debounce.setInterval(500);
    m_debounce.setSingleShot(true);
    connect(&m_debounce, &QTimer::timeout, this, &KeychainChecker::checkIfChanged);
    connect(document, &TopologyDocument::contentChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(document, &TopologyDocument::wasReset, this, &KeychainChecker::recheck);
}

void KeychainChecker::setReader(Reader reader) {
    if (!reader)
        reader = [](const QString &name, QObject *context, Done done) {
            keystore::KeyStore(keystore::KeyStore::defaultService, std::chrono::seconds(10))
                .readAsync(name, context, std::move(done));
        };
    m_reader = std::move(reader);
}

void KeychainChecker::recheck() {
    m_checkedState.clear();
    m_checkedState << QStringLiteral("\n(recheck)"); // differs from any real state
    m_debounce.stop();
    checkIfChanged();
}

void KeychainChecker::checkIfChanged() {
    const QStringList state = keychainState(m_document->topology());
    if (state == m_checkedState)
        return;
    m_checkedState = state;
    check();
}

void KeychainChecker::check() {
    const quint64 round = ++m_round;
    const Topology topology = m_document->topology();
    QStringList names;
    for (const Certificate &c : topology.certificates)
        if (c.keyInKeychain() && !names.contains(c.name))
            names << c.name;
    if (names.isEmpty()) {
        m_document->setEnvironmentDiagnostics({});
        Q_EMIT checked();
        return;
    }
    // The answers, by certificate name; applied together once all are in.
    auto answers = std::make_shared<QMap<QString, keystore::KeyStoreResult>>();
    for (const QString &name : std::as_const(names)) {
        m_reader(name, this,
                 [this, round, name, names, answers, topology](const keystore::KeyStoreResult &r) {
                     if (round != m_round)
                         return;
                     answers->insert(name, r);
                     if (answers->size() < names.size())
                         return;
                     Diagnostics found;
                     for (const Certificate &c : topology.certificates)
                         if (c.keyInKeychain() && !answers->value(c.name).ok())
                             found << missingKey(topology, c, answers->value(c.name));
                     m_document->setEnvironmentDiagnostics(found);
                     Q_EMIT checked();
                 });
    }
}

} // namespace ingress::ui
