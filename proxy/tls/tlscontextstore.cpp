#include "proxy/tls/tlscontextstore.h"

#include "model/certs/certificateauthority.h"
#include "model/certs/certificatebundle.h"
#include "model/certs/certificateissuer.h"
#include "model/certs/certificatereader.h"
#include "model/certs/secretfile.h"
#include "model/topology/certificateinfo.h"
#include "proxy/tls/tlsconnectionwrapper.h"

#include <QSet>

namespace ingress::proxy {

namespace {

struct LoadedCertificate {
    certs::CertificateBundle bundle;
    QStringList sanNames;
};

std::optional<LoadedCertificate> load(const CompiledCertificate &cert,
                                      const TlsContextStore::KeyProvider &keys,
                                      const TlsContextStore::ClusterIssuer &issuer,
                                      QString *error) {
    QByteArray chainPem, keyPem;
    if (cert.inCluster) {
        if (!issuer) {
            *error = QStringLiteral("held by the cluster, and nothing here issues a stand-in");
            return std::nullopt;
        }
        auto pair = issuer(cert, error);
        if (!pair)
            return std::nullopt;
        chainPem = pair->chain;
        keyPem = pair->key;
    } else if (!certs::readSmallFile(cert.certificatePath, &chainPem, error)) {
        return std::nullopt;
    } else if (cert.privateKey == Certificate::keychain) {
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
    const auto info = readCertificatePem(chainPem, &ignored);
    return LoadedCertificate{std::move(*bundle), info ? info->names() : QStringList{}};
}

} // namespace

std::shared_ptr<const TlsContextStore> TlsContextStore::build(const RoutingTable &table,
                                                              const KeyProvider &keys,
                                                              QStringList *errors,
                                                              const ClusterIssuer &issuer) {
    std::vector<std::optional<LoadedCertificate>> loaded;
    for (const CompiledCertificate &cert : table.certificates()) {
        QString error;
        loaded.push_back(load(cert, keys, issuer, &error));
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

TlsContextStore::ClusterIssuer TlsContextStore::developmentIssuer(const QString &caFolder) {
    // Loaded once per issuer (one per start or reload), shared by its calls.
    auto ca = std::make_shared<std::optional<certs::CertificateAuthority>>();
    auto caError = std::make_shared<QString>();
    return [caFolder, ca, caError](const CompiledCertificate &cert,
                                   QString *error) -> std::optional<PemPair> {
        if (!*ca && caError->isEmpty()) {
            QString why;
            *ca = certs::CertificateAuthority::load(caFolder, &why);
            if (!*ca)
                *caError =
                    QStringLiteral("held by the cluster; no development CA to issue a "
                                   "stand-in from (%1). Create one with "
                                   "'ingress-studio-cli cert new-ca --name \"Dev CA\" -o \"%2\"' "
                                   "or Certificates > New Development CA")
                        .arg(why, caFolder);
        }
        if (!*ca) {
            *error = *caError;
            return std::nullopt;
        }
        // "*" (every host) is no name a certificate can hold: the listener presents its first
        // certificate to a name none covers, so a stand-in for "*" alone names localhost.
        QStringList hosts;
        for (const std::string &host : cert.hosts)
            if (host != "*")
                hosts << QString::fromStdString(host);
        if (hosts.isEmpty() && !cert.hosts.empty())
            hosts << QStringLiteral("localhost");
        if (hosts.isEmpty()) {
            *error = QStringLiteral("held by the cluster, and no host presents it");
            return std::nullopt;
        }
        // Short-lived: a stand-in for testing on the desktop, made again at every start.
        const auto bundle = certs::CertificateIssuer::issue(**ca, {hosts, {}, 30}, error);
        if (!bundle)
            return std::nullopt;
        return PemPair{bundle->chainPem(), bundle->keyPem()};
    };
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
