#include "proxy/tls/sniselector.h"

namespace ingress::proxy {

void SniSelector::addName(const QString &pattern, int certificate) {
    QString name = pattern.trimmed().toLower();
    if (name.endsWith(u'.'))
        name.chop(1);
    if (name.startsWith(u"*.")) {
        if (!m_wildcard.contains(name.mid(2)))
            m_wildcard.insert(name.mid(2), certificate);
    } else if (!name.isEmpty() && !m_exact.contains(name)) {
        m_exact.insert(name, certificate);
    }
}

int SniSelector::select(const QString &serverName) const {
    QString name = serverName.toLower();
    if (name.endsWith(u'.'))
        name.chop(1);
    if (name.isEmpty())
        return m_default;
    if (const auto it = m_exact.constFind(name); it != m_exact.cend())
        return *it;
    const qsizetype dot = name.indexOf(u'.');
    if (dot > 0)
        if (const auto it = m_wildcard.constFind(name.mid(dot + 1)); it != m_wildcard.cend())
            return *it;
    return m_default;
}

} // namespace ingress::proxy
