#include "model/topology/certificateinfo.h"

#include "model/topology/hostname.h"

#include <algorithm>

namespace ingress {

QStringList CertificateInfo::names() const {
    if (!dnsNames.isEmpty() || commonName.isEmpty())
        return dnsNames;
    // RFC 6125: the CN counts only when there is no DNS subjectAltName.
    return {commonName.toLower()};
}

bool CertificateInfo::covers(const QString &host) const {
    if (ipAddresses.contains(host))
        return true;
    const QStringList patterns = names();
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const QString &pattern) { return hostname::covers(pattern, host); });
}

} // namespace ingress
