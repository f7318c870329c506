#pragma once

#include "model/topology/policy.h"

#include <QString>
#include <QStringList>

namespace ingress::ui::policytext {

// How the GUI words a policy's parts: the property editor's "from host: ..." hints and the
// canvas's policy badge tooltips say them the same way.

QString blocks(const QStringList &list);  // "10.0.0.0/8, 2001:db8::/32"
QString basicAuth(const BasicAuth &auth); // "shop.htpasswd, realm Shop"
// "oauth2-proxy at /oauth2/auth, copies X-Auth-Request-User, sign-in /oauth2/start"
QString externalAuth(const ExternalAuth &auth);
QString rateLimit(const RateLimit &limit); // "10 per second, burst 20"
QString connectionLimit(int requests);     // "20 at once per client"
QString cors(const Cors &cors);            // "https://app.example.com, credentials"
QString seconds(int seconds);              // "1 year", "20 days", "90 seconds"
// "HSTS 1 year, nosniff, Referrer-Policy same-origin, X-Frame-Options DENY"; "none"
QString securityHeaders(const SecurityHeaders &headers);

// One line per part of the policy that applies: `own` alone, or on a route `own` laid over
// its host's (`host`), the parts taken from the host marked so. Empty: no policy.
QStringList lines(const Policy &own, const Policy *host = nullptr);

} // namespace ingress::ui::policytext
