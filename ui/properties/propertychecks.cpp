#include "model/certs/htpasswdfile.h"
#include "model/routing/ipblock.h"
#include "model/topology/duration.h"
#include "model/topology/hostname.h"
#include "model/topology/routetext.h"
#include "model/validation/validationrules.h"
#include "ui/properties/propertyfields.h"

#include <algorithm>
#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

namespace ingress::ui::checks {

namespace {
QString tr(const char *text) {
    return QCoreApplication::translate("PropertyChecks", text);
}
} // namespace

QString hostName(const QString &text) {
    if (text.isEmpty())
        return tr("A host name is required, e.g. shop.example.com or *.example.com");
    return hostname::checkHost(text, true);
}

QString path(const QString &text, const QString &pathType) {
    if (pathType == QLatin1String("Regex")) {
        const QRegularExpression re(text);
        return re.isValid() ? QString()
                            : tr("Invalid regular expression: %1").arg(re.errorString());
    }
    if (!text.startsWith(u'/'))
        return tr("A path starts with '/'");
    if (text.contains(u' ') || text.contains(u'?') || text.contains(u'#'))
        return tr("A path has no spaces, query or fragment");
    return {};
}

QString hostPort(const QString &text) {
    QString error;
    if (!hostname::parseHostPort(text, &error))
        return error.isEmpty() ? tr("Expected host:port, e.g. 127.0.0.1:8080") : error;
    return {};
}

QString optionalDuration(const QString &text) {
    if (text.isEmpty() || parseDuration(text))
        return {};
    return tr("Expected a duration such as 250ms, 2s or 1m30s");
}

QString port(const QString &text) {
    bool ok = false;
    const int value = text.toInt(&ok);
    return ok && value >= 1 && value <= 65535 ? QString() : tr("Expected a port from 1 to 65535");
}

QString endpoints(const QString &text) {
    const QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QString &raw : parts) {
        const QString part = raw.trimmed();
        const QStringList addressWeight = part.split(u'*');
        if (addressWeight.size() > 2)
            return tr("'%1': write address:port or address:port*weight").arg(part);
        if (const QString error = hostPort(addressWeight.at(0).trimmed()); !error.isEmpty())
            return QStringLiteral("'%1': %2").arg(part, error);
        if (addressWeight.size() == 2) {
            bool ok = false;
            const int weight = addressWeight.at(1).trimmed().toInt(&ok);
            // HAProxy's limit, the tightest of the export targets (servicerules.cpp).
            if (!ok || weight < 0 || weight > 256)
                return tr("'%1': the weight is a number from 0 (drained) to 256").arg(part);
        }
    }
    return {};
}

QString optionalByteSize(const QString &text) {
    if (text.isEmpty() || parseByteSize(text))
        return {};
    return tr("Expected a size such as 512, 64KiB or 10MiB");
}

QString requiredName(const QString &text) {
    return text.isEmpty() ? tr("A name is required") : QString();
}

QString optionalPort(const QString &text) {
    return text.isEmpty() ? QString() : port(text);
}

QString threshold(const QString &text) {
    bool ok = false;
    const int value = text.toInt(&ok);
    return text.isEmpty() || (ok && value >= 1 && value <= 100)
               ? QString()
               : tr("Expected a number from 1 to 100");
}

QString methods(const QString &text) {
    for (const QString &raw : text.split(u',', Qt::SkipEmptyParts))
        if (const QString m = raw.trimmed(); !m.isEmpty() && !validation::isToken(m))
            return tr("'%1' is not a method; write them as GET, POST").arg(m);
    return {};
}

QString headerMatches(const QString &text) {
    QString error;
    const auto matches = routetext::parseValueMatches(text, &error);
    if (!matches)
        return error;
    for (const HeaderMatch &match : *matches)
        if (!validation::isToken(match.name))
            return tr("'%1' is not a header name").arg(match.name);
    return {};
}

QString scheme(const QString &text) {
    return text.isEmpty() || text == QLatin1String("http") || text == QLatin1String("https")
               ? QString()
               : tr("Expected http or https");
}

QString selector(const QString &text) {
    for (const QString &raw : text.split(u',', Qt::SkipEmptyParts)) {
        const QString part = raw.trimmed();
        if (!part.isEmpty() && part.indexOf(u'=') <= 0)
            return tr("'%1': write label=value").arg(part);
    }
    return {};
}

QString listenerNames(const QString &text, const QStringList &known) {
    for (const QString &raw : text.split(u',', Qt::SkipEmptyParts))
        if (const QString name = raw.trimmed(); !name.isEmpty() && !known.contains(name))
            return tr("No listener is named '%1'").arg(name);
    return {};
}

QString secretName(const QString &text) {
    // Kubernetes object names (RFC 1123 subdomains): lower case, digits, '-' and '.'.
    static const QRegularExpression name(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    const QStringList parts = text.split(u'/');
    if (text.isEmpty())
        return {};
    if (parts.size() > 2)
        return tr("Write NAME or NAMESPACE/NAME");
    for (const QString &part : parts)
        if (!name.match(part).hasMatch())
            return tr("'%1' is not a Kubernetes name (lower case letters, digits, '-', '.')")
                .arg(part);
    return {};
}

QString cidrList(const QString &text) {
    for (const QString &raw : text.split(u',', Qt::SkipEmptyParts)) {
        const QString entry = raw.trimmed();
        if (!entry.isEmpty() && !IpBlock::parse(entry.toStdString()))
            return tr("'%1' is not an address or CIDR block; write them as 10.0.0.0/8, "
                      "192.0.2.7 or 2001:db8::/32")
                .arg(entry);
    }
    return {};
}

QString numberIn(const QString &text, int min, int max) {
    bool ok = false;
    const int value = text.toInt(&ok);
    return ok && value >= min && value <= max
               ? QString()
               : tr("Expected a number from %1 to %2").arg(min).arg(max);
}

QString optionalHeaderName(const QString &text) {
    return text.isEmpty() || validation::isToken(text) ? QString()
                                                       : tr("'%1' is not a header name").arg(text);
}

QString headerNames(const QString &text) {
    for (const QString &raw : text.split(u',', Qt::SkipEmptyParts))
        if (const QString name = raw.trimmed(); !name.isEmpty() && !validation::isToken(name))
            return tr("'%1' is not a header name; write them as Content-Type, X-Request-Id")
                .arg(name);
    return {};
}

QString corsOrigins(const QString &text) {
    for (const QString &raw : text.split(u',', Qt::SkipEmptyParts)) {
        const QString entry = raw.trimmed();
        if (!entry.isEmpty() && !validation::isCorsOrigin(entry))
            return tr("'%1' is not an origin; write them as https://app.example.com, "
                      "https://*.example.com or *, without a path or trailing slash")
                .arg(entry);
    }
    return {};
}

QString serviceName(const QString &text, const QStringList &known) {
    if (text.isEmpty())
        return tr("A service is required: the one that decides (oauth2-proxy, Authelia)");
    return known.contains(text) ? QString()
                                : tr("No service is named '%1'; add it (Edit > Add Service) or "
                                     "choose one")
                                      .arg(text);
}

QString requestPath(const QString &text) {
    const bool printable = std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() < 0x7f;
    });
    if (!text.startsWith(u'/') || !printable)
        return tr("A path starts with '/' and has no spaces; it may carry a query, e.g. "
                  "/oauth2/auth?allowed_groups=admins");
    return text.contains(u'#') ? tr("A path has no fragment (#)") : QString();
}

QString signInUrl(const QString &text) {
    if (text.isEmpty())
        return {};
    const QUrl url(text, QUrl::StrictMode);
    const bool absolute =
        (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) &&
        !url.host().isEmpty();
    if (url.isValid() && (absolute || requestPath(text).isEmpty()))
        return {};
    return tr("Expected an http(s) URL or a path, e.g. https://auth.example.com/oauth2/start");
}

QString htpasswdFile(const QString &path) {
    if (path.isEmpty())
        return {};
    return HtpasswdFile::read(path).error;
}

} // namespace ingress::ui::checks
