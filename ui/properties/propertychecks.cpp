#include "duration.h"
#include "hostname.h"
#include "propertyfields.h"

#include <QCoreApplication>
#include <QRegularExpression>

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
            if (!ok || weight < 1 || weight > 1000)
                return tr("'%1': the weight is a number from 1 to 1000").arg(part);
        }
    }
    return {};
}

QString optionalByteSize(const QString &text) {
    if (text.isEmpty() || parseByteSize(text))
        return {};
    return tr("Expected a size such as 512, 64KiB or 10MiB");
}

} // namespace ingress::ui::checks
