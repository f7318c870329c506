#include "certificateinfo.h"

namespace ingress {

QStringList CertificateInfo::names() const { return dnsNames; }

bool CertificateInfo::covers(const QString &) const { return false; }

std::optional<CertificateInfo> CertificateInfo::fromFile(const QString &, QString *error) {
    if (error)
        *error = QStringLiteral("not implemented yet");
    return std::nullopt;
}

std::optional<CertificateInfo> CertificateInfo::fromPem(const QByteArray &, QString *error) {
    if (error)
        *error = QStringLiteral("not implemented yet");
    return std::nullopt;
}

} // namespace ingress
