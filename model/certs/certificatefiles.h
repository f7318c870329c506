#pragma once

#include <QByteArray>
#include <QString>

namespace ingress::certs {

// Naming and sniffing of certificate files, shared by `ingress-studio-cli cert` and the GUI's
// certificate actions so both treat the same file the same way.

// Is this a PKCS#12 bundle? The name decides when it says (.p12/.pfx vs .pem/.crt/.cer/.key);
// otherwise PKCS#12 is binary and PEM has BEGIN lines.
bool looksLikePkcs12(const QString &path, const QByteArray &data);

// "*.example.test" -> "wildcard.example.test": a file name without shell metacharacters.
QString fileBaseNameForHost(const QString &host);

} // namespace ingress::certs
