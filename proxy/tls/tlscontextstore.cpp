#include "tlscontextstore.h"

#include "certificatebundle.h"
#include "certificateinfo.h"
#include "secretfile.h"
#include "tlsconnectionwrapper.h"

#include <QSet>

namespace ingress::proxy {

namespace {

struct LoadedCertificate {
    certs::CertificateBundle bundle;
    QStringList sanNames;
};

std::optional<LoadedCertificate> load(const CompiledCertificate &cert,
                                      const TlsContextStore::KeyProvider &keys, QString *error) {
    QByteArray chainPem, keyPem;
    if (!certs::readSmallFile(cert.certificatePath, &chainPem, error))
        return std::nullopt;
    if (cert.privateKey == Certificate::keychain) {
        if (!keys) {
            *error = QStringLiteral("the key is in the OS keychain, which is not available here");
            return std::nullopt;
        }
        auto key = keys(cert, error);
        if (!key)
            return std::nullopt;
        keyPem = *key;
    } else if (!certs::readSmallFile(cert.privateKey, &keyPem, error)) {
        return std::nullopt;
    }
    // A passphrase cannot be asked for in the engine: keys must be stored unencrypted (file
    // mode 0600, or in the keychain); the message says so.
    auto bundle = certs::CertificateBundle::fromPem(chainPem, keyPem, {}, error);
    if (!bundle)
        return std::nullopt;
    QString ignored;
    const auto info = CertificateInfo::fromPem(chainPem, &ignored);
    return LoadedCertificate{std::move(*bundle), info ? info->names() : QStringList{}};
}

} // namespace

std::shared_ptr<const TlsContextStore>
TlsContextStore::build(const RoutingTable &table, const KeyProvider &keys, QStringList *errors) {
    std::vector<std::optional<LoadedCertificate>> loaded;
    for (const CompiledCertificate &cert : table.certificates()) {
        QString error;
        loaded.push_back(load(cert, keys, &error));
        if (!loaded.back())
            errors->append(QStringLiteral("certificate '%1': %2")
                               .arg(QString::fromStdString(cert.name), error));
    }
    auto store = std::make_shared<TlsContextStore>();
    for (const CompiledListener &listener : table.listeners()) {
        if (listener.protocol != Protocol::Https)
            continue;
        // The listener's certificates (first = default), then those of its hosts.
        std::vector<int> certificates = listener.certificates;
        for (const CompiledHost &host : table.hosts())
            if (host.certificate >= 0 && host.onListener(listener.index) &&
                std::find(certificates.begin(), certificates.end(), host.certificate) ==
                    certificates.end())
                certificates.push_back(host.certificate);
        // The ticket key is the listener's, kept across reloads: sessions survive them.
        auto context = std::make_shared<TlsListenerContext>(TicketKeys::forListener(listener.name),
                                                            listener.name);
        for (const int index : certificates) {
            const auto &cert = loaded[std::size_t(index)];
            const std::string &name = table.certificates()[std::size_t(index)].name;
            if (!cert) {
                // Its hosts get no certificate rather than the default one, which is another
                // host's: a browser's name mismatch would hide why.
                for (const CompiledHost &host : table.hosts())
                    if (host.certificate == index && host.onListener(listener.index))
                        context->refuseName(QString::fromStdString(host.pattern));
                continue;
            }
            // Names the topology assigns explicitly come first, then what the SANs cover.
            QStringList names;
            for (const CompiledHost &host : table.hosts())
                if (host.certificate == index && host.onListener(listener.index))
                    names << QString::fromStdString(host.pattern);
            names << cert->sanNames;
            QString error;
            if (context->addCertificate(cert->bundle, names, &error) < 0)
                errors->append(QStringLiteral("certificate '%1': %2")
                                   .arg(QString::fromStdString(name), error));
        }
        if (context->size() == 0) {
            errors->append(QStringLiteral("listener '%1': no usable certificate, HTTPS "
                                          "connections will be refused")
                               .arg(QString::fromStdString(listener.name)));
            continue;
        }
        store->m_listeners.emplace(listener.index, std::move(context));
    }
    return store;
}

TlsListenerContextPtr TlsContextStore::listener(int index) const {
    const auto it = m_listeners.find(index);
    return it == m_listeners.end() ? nullptr : it->second;
}

ConnectionWrapperFactory
TlsContextStore::wrapperFactory(std::shared_ptr<const TlsContextStore> store,
                                std::chrono::milliseconds handshakeTimeout) {
    return [store = std::move(store), handshakeTimeout](
               const RoutingTable &,
               const CompiledListener &listener) -> std::unique_ptr<ConnectionWrapper> {
        TlsListenerContextPtr context = store->listener(listener.index);
        if (!context)
            return nullptr;
        return std::make_unique<TlsConnectionWrapper>(std::move(context), handshakeTimeout);
    };
}

} // namespace ingress::proxy
