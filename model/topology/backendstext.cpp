#include "model/topology/backendstext.h"

#include <QStringList>

namespace ingress::backendstext {

QString format(const QList<RouteBackend> &backends) {
    QStringList parts;
    for (const RouteBackend &backend : backends)
        parts << QStringLiteral("%1*%2").arg(backend.service).arg(backend.weight);
    return parts.join(QStringLiteral(", "));
}

std::optional<QList<RouteBackend>> parse(const QString &text, QString *error) {
    auto fail = [error](const QString &why) -> std::optional<QList<RouteBackend>> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QList<RouteBackend> backends;
    if (text.trimmed().isEmpty())
        return backends;
    for (const QString &part : text.split(u',')) {
        const QString item = part.trimmed();
        const qsizetype star = item.indexOf(u'*');
        RouteBackend backend;
        backend.service = (star < 0 ? item : item.left(star)).trimmed();
        if (backend.service.isEmpty())
            return fail(QStringLiteral("'%1': expected SERVICE*WEIGHT").arg(item));
        if (star >= 0) {
            bool ok = false;
            const QString weight = item.mid(star + 1).trimmed();
            backend.weight = weight.toInt(&ok);
            if (!ok || backend.weight < 0 || backend.weight > 1000000 || weight.startsWith(u'+'))
                return fail(QStringLiteral("'%1': the weight must be 0-1000000").arg(item));
        }
        backends << backend;
    }
    return backends;
}

} // namespace ingress::backendstext
