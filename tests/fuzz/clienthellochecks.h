#pragma once

#include <QByteArray>
#include <QString>

namespace ingress::fuzz {

// What must hold for any bytes a client may send first on an HTTPS port, fuzzed or from the
// corpus (tests/fuzz/corpus/clienthello/): ClientHello::parse returns (no crash, no
// out-of-bounds read under ASan, no hang); an error comes with exactly the failing statuses;
// a server name is only reported for a complete ClientHello and is a lower-case host name
// without trailing dot. And because the listener peeks again each time more bytes arrive, a
// decision taken on a prefix must be the one taken on the whole: once a prefix is refused, every
// longer input is refused too; once it is complete, every longer input is complete with the
// same name.
// Returns an empty string when all holds, else what did not.
QString checkClientHello(const QByteArray &input);

} // namespace ingress::fuzz
