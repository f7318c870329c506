#pragma once

#include <optional>
#include <QString>

namespace ingress::certs {

// Which key to generate. EC P-256 is the default: small, fast handshakes, accepted by every
// current client; RSA is there for old clients and appliances that still need it.
struct KeySpec {
    enum class Type { EcP256, Rsa };

    Type type = Type::EcP256;
    int rsaBits = 2048;

    // "ec" / "ec-p256" / "p256" or "rsa" / "rsa2048" / "rsa3072" / "rsa4096". Empty result:
    // `error` says why.
    static std::optional<KeySpec> parse(const QString &text, QString *error);
};

} // namespace ingress::certs
