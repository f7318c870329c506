#pragma once

#include <QHash>
#include <QString>

namespace ingress::proxy {

// Maps a TLS server name to one of a listener's certificates: an exact name first, then a
// wildcard covering exactly one label ("*.example.com" covers "a.example.com", not
// "example.com" nor "a.b.example.com", as in RFC 6125 and Kubernetes), else the default.
// Immutable once built; safe to read from every worker thread.
class SniSelector {
public:
    // What select() answers for a name whose certificate could not be loaded: the handshake is
    // refused rather than answered with the default (another host's) certificate.
    static constexpr int refused = -2;

    // `pattern` is an exact name or "*.suffix"; the first mapping of a name wins.
    void addName(const QString &pattern, int certificate);
    void setDefault(int certificate) { m_default = certificate; }
    int defaultCertificate() const { return m_default; }

    // The certificate for `serverName` (any case, trailing dot allowed); the default when no
    // name matches or the client sent none. -1 when there is no default either; `refused` for
    // a name mapped to it.
    int select(const QString &serverName) const;

private:
    QHash<QString, int> m_exact;
    QHash<QString, int> m_wildcard; // keyed by the suffix after "*."
    int m_default = -1;
};

} // namespace ingress::proxy
