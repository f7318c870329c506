#include "model/certs/certificateissuer.h"

#include "model/certs/certificateauthority.h"
#include "model/certs/x509builder.h"
#include "model/topology/hostname.h"

#include <arpa/inet.h>
#include <openssl/x509v3.h>

namespace ingress::certs {

namespace {

bool isIpAddress(const QString &host) {
    const QByteArray latin = host.toLatin1();
    unsigned char buf[16];
    return inet_pton(AF_INET, latin.constData(), buf) == 1 ||
           inet_pton(AF_INET6, latin.constData(), buf) == 1;
}

std::optional<CertificateBundle> build(X509 *caCert, const PrivateKey *caKey,
                                       const IssueRequest &request, QString *error) {
    if (const QString why = CertificateIssuer::checkHosts(request.hosts); !why.isEmpty()) {
        *error = why;
        return std::nullopt;
    }
    if (request.validityDays < 1 || request.validityDays > IssueRequest::maxValidityDays) {
        *error = QStringLiteral("validity must be 1 to %1 days, not %2")
                     .arg(IssueRequest::maxValidityDays)
                     .arg(request.validityDays);
        return std::nullopt;
    }
    auto key = PrivateKey::generate(request.key, error);
    if (!key)
        return std::nullopt;
    QStringList hosts;
    for (const QString &host : request.hosts)
        if (!hosts.contains(host.toLower()))
            hosts << host.toLower();
    X509Builder builder;
    builder.setSubjectName(hosts.constFirst());
    builder.setPublicKey(key->handle());
    builder.setValidityDays(request.validityDays);
    const QString usage = request.key.type == KeySpec::Type::Rsa
                              ? QStringLiteral("critical,digitalSignature,keyEncipherment")
                              : QStringLiteral("critical,digitalSignature");
    if (!builder.addExtension(NID_basic_constraints, QStringLiteral("critical,CA:FALSE"), caCert,
                              error) ||
        !builder.addExtension(NID_key_usage, usage, caCert, error) ||
        !builder.addExtension(NID_ext_key_usage, QStringLiteral("serverAuth"), caCert, error) ||
        !builder.addExtension(NID_subject_key_identifier, QStringLiteral("hash"), caCert, error) ||
        (caCert && !builder.addExtension(NID_authority_key_identifier,
                                         QStringLiteral("keyid:always"), caCert, error)) ||
        !builder.addSubjectAltNames(hosts, caCert, error))
        return std::nullopt;
    X509Ptr cert = builder.sign(caCert, caKey ? caKey->handle() : key->handle(), error);
    if (!cert)
        return std::nullopt;
    std::vector<X509 *> chain{cert.release()};
    if (caCert)
        chain.push_back(upRef(caCert).release());
    return CertificateBundle::fromParts(std::move(chain), std::move(*key));
}

} // namespace

QString CertificateIssuer::checkHosts(const QStringList &hosts) {
    if (hosts.isEmpty())
        return QStringLiteral("at least one host name is needed");
    for (const QString &host : hosts) {
        if (isIpAddress(host))
            continue;
        if (const QString why = hostname::checkHost(host, true); !why.isEmpty())
            return QStringLiteral("'%1': %2").arg(host, why);
    }
    return {};
}

std::optional<CertificateBundle> CertificateIssuer::issue(const CertificateAuthority &ca,
                                                          const IssueRequest &request,
                                                          QString *error) {
    return build(ca.certificate(), &ca.key(), request, error);
}

std::optional<CertificateBundle> CertificateIssuer::selfSigned(const IssueRequest &request,
                                                               QString *error) {
    return build(nullptr, nullptr, request, error);
}

} // namespace ingress::certs
