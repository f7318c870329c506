#include "tlslistenercontext.h"

namespace ingress::proxy {

int TlsListenerContext::addCertificate(const QSslConfiguration &config, const QStringList &names) {
    const int index = int(m_configs.size());
    m_configs.push_back(config);
    for (const QString &name : names)
        m_selector.addName(name, index);
    if (m_selector.defaultCertificate() < 0)
        m_selector.setDefault(index);
    return index;
}

const QSslConfiguration *TlsListenerContext::configFor(const QString &serverName) const {
    const int index = m_selector.select(serverName);
    return index >= 0 && index < int(m_configs.size()) ? &m_configs[std::size_t(index)] : nullptr;
}

} // namespace ingress::proxy
