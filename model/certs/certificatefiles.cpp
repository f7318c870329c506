#include "model/certs/certificatefiles.h"

#include <QFileInfo>

namespace ingress::certs {

bool looksLikePkcs12(const QString &path, const QByteArray &data) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"p12" || suffix == u"pfx")
        return true;
    if (suffix == u"pem" || suffix == u"crt" || suffix == u"cer" || suffix == u"key")
        return false;
    return !data.contains("-----BEGIN");
}

QString fileBaseNameForHost(const QString &host) {
    QString base = host.trimmed().toLower();
    if (base.startsWith(u"*."))
        base.replace(0, 1, QStringLiteral("wildcard"));
    base.replace(u':', u'_');
    return base;
}

} // namespace ingress::certs
