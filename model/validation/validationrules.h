#pragma once

#include <QString>
#include <QStringList>

namespace ingress::validation {

class ValidationReporter;

// The rule families of docs/validation-rules.md, one file each. The certificate rules run
// before the host rules, which use the certificates they read.
void checkListeners(ValidationReporter &reporter);
void checkServices(ValidationReporter &reporter);
void checkCertificates(ValidationReporter &reporter);
void checkHosts(ValidationReporter &reporter);
void checkRoutes(ValidationReporter &reporter);
void checkRoutePrecedence(ValidationReporter &reporter);
void checkPolicies(ValidationReporter &reporter);

// Helpers shared by the rule files.
// Do two hosts' listener lists share a listener? Empty means every listener.
bool listenersOverlap(const QStringList &a, const QStringList &b);
// RFC 9110 token (method and header names).
bool isToken(QStringView text);
// "*", or an origin as browsers send it (scheme://host[:port]), the first label maybe "*.".
bool isCorsOrigin(QStringView text);
// Why `name` is not a Kubernetes name (DNS-1035 label, or DNS-1123 subdomain); empty if fine.
QString checkKubernetesName(const QString &name, bool subdomain);

} // namespace ingress::validation
