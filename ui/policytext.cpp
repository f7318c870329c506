#include "ui/policytext.h"

#include "model/topology/enums.h"

#include <QCoreApplication>

namespace ingress::ui::policytext {

namespace {
QString tr(const char *text) {
    return QCoreApplication::translate("PolicyText", text);
}
} // namespace

QString blocks(const QStringList &list) {
    return list.join(QLatin1String(", "));
}

QString basicAuth(const BasicAuth &auth) {
    const QString file = auth.htpasswd.isEmpty() ? tr("no htpasswd file") : auth.htpasswd;
    return auth.realm.isEmpty() ? file : tr("%1, realm %2").arg(file, auth.realm);
}

QString rateLimit(const RateLimit &limit) {
    QString text = tr("%1 per %2").arg(limit.requests).arg(toString(limit.per));
    if (limit.burst > 0)
        text += tr(", burst %1").arg(limit.burst);
    if (!limit.header.isEmpty())
        text += tr(", per %1").arg(limit.header);
    return text;
}

QString connectionLimit(int requests) {
    return tr("%1 at once per client").arg(requests);
}

QStringList lines(const Policy &own, const Policy *host) {
    const Policy effective = host ? host->overriddenBy(own) : own;
    // A part the route does not set itself comes from its host.
    const auto mark = [host](QString line, bool setHere) {
        return host && !setHere ? tr("%1 (from host)").arg(line) : line;
    };
    const bool ownLists = !own.allow.isEmpty() || !own.deny.isEmpty();
    QStringList result;
    if (!effective.deny.isEmpty())
        result << mark(tr("Deny %1").arg(blocks(effective.deny)), ownLists);
    if (!effective.allow.isEmpty())
        result << mark(tr("Allow only %1").arg(blocks(effective.allow)), ownLists);
    if (effective.basicAuth)
        result << mark(tr("Basic auth: %1").arg(basicAuth(*effective.basicAuth)),
                       own.basicAuth.has_value());
    if (effective.connectionLimit)
        result << mark(tr("Connection limit: %1").arg(connectionLimit(*effective.connectionLimit)),
                       own.connectionLimit.has_value());
    if (effective.rateLimit)
        result << mark(tr("Rate limit: %1").arg(rateLimit(*effective.rateLimit)),
                       own.rateLimit.has_value());
    return result;
}

} // namespace ingress::ui::policytext
