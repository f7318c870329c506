#pragma once

#include "sniselector.h"

#include <memory>
#include <QSslConfiguration>
#include <QStringList>
#include <vector>

namespace ingress::proxy {

// The certificates of one HTTPS listener and which server name gets which. Built once per
// reload on the main thread, then shared read-only by every worker.
class TlsListenerContext {
public:
    // Adds a certificate served for `names` (exact or "*.x"); the first one added is the
    // default until setDefault() says otherwise. Returns its index.
    int addCertificate(const QSslConfiguration &config, const QStringList &names);
    void setDefault(int index) { m_selector.setDefault(index); }

    // The configuration for a ClientHello's server name; null when there is no certificate.
    const QSslConfiguration *configFor(const QString &serverName) const;
    int size() const { return int(m_configs.size()); }

private:
    std::vector<QSslConfiguration> m_configs;
    SniSelector m_selector;
};
using TlsListenerContextPtr = std::shared_ptr<const TlsListenerContext>;

} // namespace ingress::proxy
