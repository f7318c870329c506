#pragma once

#include <QString>

namespace ingress::certs {

// The reason of the last OpenSSL error (e.g. "bad decrypt"), and clears the error queue so the
// next operation starts clean. `fallback` when the queue is empty.
QString takeOpenSslError(const QString &fallback = QStringLiteral("unknown OpenSSL error"));

} // namespace ingress::certs
