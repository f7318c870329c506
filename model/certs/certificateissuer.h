#pragma once

#include "model/certs/certificatebundle.h"
#include "model/certs/keyspec.h"

#include <optional>
#include <QStringList>

namespace ingress::certs {

class CertificateAuthority;

// What to put in a host certificate.
struct IssueRequest {
    // The CA/Browser Forum limit browsers enforce for certificates of trusted roots (Apple
    // rejects longer ones even from a locally trusted CA).
    static constexpr int maxValidityDays = 825;

    QStringList hosts; // DNS names ("*.example.test" allowed) or IP addresses; every one a SAN
    KeySpec key;
    int validityDays = maxValidityDays;
};

// Issues host (server) certificates: from a development CA or self-signed.
class CertificateIssuer {
public:
    // The bundle's chain is the leaf followed by the CA certificate.
    static std::optional<CertificateBundle> issue(const CertificateAuthority &ca,
                                                  const IssueRequest &request, QString *error);
    static std::optional<CertificateBundle> selfSigned(const IssueRequest &request, QString *error);

    // Empty when every host is a valid DNS name, wildcard or IP address; else why not.
    static QString checkHosts(const QStringList &hosts);
};

} // namespace ingress::certs
