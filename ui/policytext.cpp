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

QString externalAuth(const ExternalAuth &auth) {
    QString text =
        tr("%1 at %2").arg(auth.service.isEmpty() ? tr("no service") : auth.service, auth.path);
    if (!auth.responseHeaders.isEmpty())
        text += tr(", copies %1").arg(auth.responseHeaders.join(QLatin1String(", ")));
    if (!auth.signIn.isEmpty())
        text += tr(", sign-in %1").arg(auth.signIn);
    return text;
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

QString cors(const Cors &cors) {
    QString origins;
    if (cors.allowOrigins.isEmpty())
        origins = tr("no origin");
    else if (cors.allowOrigins.contains(QStringLiteral("*")))
        origins = tr("any origin");
    else
        origins = cors.allowOrigins.join(QLatin1String(", "));
    return cors.allowCredentials ? tr("%1, credentials").arg(origins) : origins;
}

QString seconds(int seconds) {
    constexpr int day = 86400;
    constexpr int year = 365 * day; // what HSTS advice calls a year (31536000)
    if (seconds > 0 && seconds % year == 0)
        return seconds == year ? tr("1 year") : tr("%1 years").arg(seconds / year);
    if (seconds > 0 && seconds % day == 0)
        return seconds == day ? tr("1 day") : tr("%1 days").arg(seconds / day);
    return seconds == 1 ? tr("1 second") : tr("%1 seconds").arg(seconds);
}

QString securityHeaders(const SecurityHeaders &headers) {
    QStringList parts;
    if (headers.hsts) {
        QString hsts = tr("HSTS %1").arg(seconds(headers.hsts->maxAge));
        if (headers.hsts->includeSubdomains)
            hsts += tr(" with subdomains");
        if (headers.hsts->preload)
            hsts += tr(", preload");
        parts << hsts;
    }
    if (headers.noSniff)
        parts << QStringLiteral("nosniff");
    if (!headers.referrerPolicy.isEmpty())
        parts << QStringLiteral("Referrer-Policy ") + headers.referrerPolicy;
    if (!headers.frameOptions.isEmpty())
        parts << QStringLiteral("X-Frame-Options ") + headers.frameOptions;
    return parts.isEmpty() ? tr("none") : parts.join(QLatin1String(", "));
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
    if (effective.externalAuth)
        result << mark(tr("External auth: %1").arg(externalAuth(*effective.externalAuth)),
                       own.externalAuth.has_value());
    if (effective.connectionLimit)
        result << mark(tr("Connection limit: %1").arg(connectionLimit(*effective.connectionLimit)),
                       own.connectionLimit.has_value());
    if (effective.rateLimit)
        result << mark(tr("Rate limit: %1").arg(rateLimit(*effective.rateLimit)),
                       own.rateLimit.has_value());
    if (effective.cors)
        result << mark(tr("CORS: %1").arg(cors(*effective.cors)), own.cors.has_value());
    if (effective.securityHeaders)
        result << mark(tr("Security headers: %1").arg(securityHeaders(*effective.securityHeaders)),
                       own.securityHeaders.has_value());
    return result;
}

} // namespace ingress::ui::policytext
