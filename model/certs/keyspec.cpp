#include "model/certs/keyspec.h"

namespace ingress::certs {

std::optional<KeySpec> KeySpec::parse(const QString &text, QString *error) {
    const QString t = text.trimmed().toLower();
    if (t == u"ec" || t == u"ec-p256" || t == u"p256" || t == u"ecdsa")
        return KeySpec{};
    if (t == u"rsa")
        return KeySpec{Type::Rsa, 2048};
    for (const int bits : {2048, 3072, 4096})
        if (t == QStringLiteral("rsa%1").arg(bits) || t == QStringLiteral("rsa-%1").arg(bits))
            return KeySpec{Type::Rsa, bits};
    *error = QStringLiteral("unknown key type '%1' (expected ec, rsa2048, rsa3072 or rsa4096)")
                 .arg(text);
    return std::nullopt;
}

} // namespace ingress::certs
