#include "keystore/keystoreresult.h"

namespace ingress::keystore {

QString KeyStoreResult::statusName(Status status) {
    switch (status) {
    case Status::Ok:
        return QStringLiteral("ok");
    case Status::NotFound:
        return QStringLiteral("not-found");
    case Status::NoKeychain:
        return QStringLiteral("no-keychain");
    case Status::AccessDenied:
        return QStringLiteral("access-denied");
    case Status::TimedOut:
        return QStringLiteral("timed-out");
    case Status::Failed:
        break;
    }
    return QStringLiteral("failed");
}

} // namespace ingress::keystore
