#include "model/validation/validator.h"

#include "model/validation/validationreporter.h"
#include "model/validation/validationrules.h"

namespace ingress {

Diagnostics Validator::validate(const Topology &topology, const ValidationContext &context) {
    validation::ValidationReporter reporter(topology, context);
    validation::checkListeners(reporter);
    validation::checkServices(reporter);
    validation::checkCertificates(reporter);
    validation::checkHosts(reporter);
    validation::checkRoutes(reporter);
    validation::checkPolicies(reporter);
    validation::checkRoutePrecedence(reporter);
    return reporter.takeDiagnostics();
}

// The catalogue docs/validation-rules.md documents (a test keeps the two in step). Ids are a
// contract with scripts and suppressions: add rules, never rename them.
const QList<ValidationRule> &Validator::rules() {
    using enum Severity;
    static const QList<ValidationRule> all{
        // Listeners
        {QStringLiteral("duplicate-listener"), Error,
         QStringLiteral("Two listeners have the same name.")},
        {QStringLiteral("invalid-bind"), Error,
         QStringLiteral("A listener's bind is not [IP address]:port with a port from 1 to 65535.")},
        {QStringLiteral("listener-conflict"), Error,
         QStringLiteral("Two listeners bind the same port on overlapping addresses.")},
        {QStringLiteral("https-without-certificate"), Warning,
         QStringLiteral("An HTTPS listener serves no virtual host that has TLS.")},
        {QStringLiteral("invalid-name"), Warning,
         QStringLiteral("A listener, service or certificate name is empty or not a valid "
                        "Kubernetes name.")},
        // Services
        {QStringLiteral("duplicate-service"), Error,
         QStringLiteral("Two services have the same name.")},
        {QStringLiteral("invalid-port"), Error,
         QStringLiteral("A service port is not from 1 to 65535.")},
        {QStringLiteral("nodeport-range"), Error,
         QStringLiteral("A nodePort is outside Kubernetes' range 30000-32767.")},
        {QStringLiteral("nodeport-not-allowed"), Warning,
         QStringLiteral("A ClusterIP service sets a nodePort, which Kubernetes ignores.")},
        {QStringLiteral("service-without-endpoints"), Warning,
         QStringLiteral("A service has no endpoints; the embedded proxy answers 503.")},
        {QStringLiteral("invalid-endpoint"), Error,
         QStringLiteral("An endpoint is not host:port or [IPv6]:port.")},
        {QStringLiteral("duplicate-endpoint"), Warning,
         QStringLiteral("A service lists the same endpoint twice.")},
        {QStringLiteral("invalid-weight"), Error,
         QStringLiteral("An endpoint weight is outside 0-256.")},
        {QStringLiteral("sticky-cookie-shared"), Warning,
         QStringLiteral("Two services of one split set the same sticky cookie.")},
        {QStringLiteral("invalid-sticky-session"), Error,
         QStringLiteral("A sticky session cookie is not a cookie name, or its ttl is under 1s.")},
        {QStringLiteral("invalid-health-check"), Error,
         QStringLiteral("A health check has a bad path, interval, threshold or timeout.")},
        {QStringLiteral("invalid-timeout"), Error,
         QStringLiteral("A service or route timeout is zero.")},
        // Certificates
        {QStringLiteral("duplicate-certificate"), Error,
         QStringLiteral("Two certificates have the same name.")},
        {QStringLiteral("certificate-file"), Error,
         QStringLiteral("A certificate file is missing, unreadable or not a PEM certificate.")},
        {QStringLiteral("certificate-expired"), Error,
         QStringLiteral("A certificate has expired.")},
        {QStringLiteral("certificate-not-yet-valid"), Error,
         QStringLiteral("A certificate's validity starts in the future.")},
        {QStringLiteral("certificate-expiring"), Warning,
         QStringLiteral("A certificate expires within the warning period (30 days by default).")},
        {QStringLiteral("key-file"), Error,
         QStringLiteral("A private key file is missing, unreadable or holds no private key.")},
        {QStringLiteral("key-mismatch"), Error,
         QStringLiteral("A private key file does not belong to its certificate.")},
        {QStringLiteral("weak-key"), Warning,
         QStringLiteral("A certificate has an RSA key shorter than 2048 bits.")},
        {QStringLiteral("chain-order"), Error,
         QStringLiteral("A certificate chain is out of order (each followed by its issuer).")},
        {QStringLiteral("key-not-in-keychain"), Warning,
         QStringLiteral("The OS keychain holds no private key for a certificate.")},
        {QStringLiteral("certificate-in-cluster"), Warning,
         QStringLiteral("A certificate is held by the cluster (a Secret, no local files); "
                        "serving here uses one from the development CA.")},
        {QStringLiteral("invalid-secret"), Error,
         QStringLiteral("A certificate's secret is not NAME or NAMESPACE/NAME.")},
        // Hosts
        {QStringLiteral("invalid-host"), Error,
         QStringLiteral("A host is not a DNS name or a one-label wildcard '*.example.com'.")},
        {QStringLiteral("duplicate-host"), Error,
         QStringLiteral("Two virtual hosts have the same name on a shared listener.")},
        {QStringLiteral("unknown-listener"), Error,
         QStringLiteral("A host names a listener that does not exist.")},
        {QStringLiteral("unknown-certificate"), Error,
         QStringLiteral("A host's tls names a certificate that does not exist.")},
        {QStringLiteral("tls-host-not-covered"), Error,
         QStringLiteral("A host's certificate is not valid for the host name.")},
        {QStringLiteral("tls-without-https-listener"), Warning,
         QStringLiteral("A host has TLS but none of its listeners is HTTPS.")},
        {QStringLiteral("unknown-default-service"), Error,
         QStringLiteral("defaultService names a service that does not exist.")},
        // Routes
        {QStringLiteral("invalid-path"), Error,
         QStringLiteral("An Exact or Prefix path does not start with '/' or holds '?', '#' or "
                        "spaces.")},
        {QStringLiteral("invalid-regex"), Error,
         QStringLiteral("A Regex path is not a valid regular expression.")},
        {QStringLiteral("unknown-service"), Error,
         QStringLiteral("A route names a service that does not exist.")},
        {QStringLiteral("route-without-target"), Error,
         QStringLiteral("A route has neither a service, backends nor a redirect.")},
        {QStringLiteral("invalid-backends"), Error,
         QStringLiteral("A route has both service and backends, a backend without a service, "
                        "or a backend weight outside 0-1000000.")},
        {QStringLiteral("duplicate-backend"), Warning,
         QStringLiteral("A route lists the same service twice in backends.")},
        {QStringLiteral("route-sends-nowhere"), Warning,
         QStringLiteral("Every backend of a route's split has weight 0.")},
        {QStringLiteral("invalid-method"), Error,
         QStringLiteral("A route method is not an HTTP token.")},
        {QStringLiteral("invalid-header"), Error,
         QStringLiteral("A header match name is not an HTTP token or its value holds control "
                        "characters.")},
        {QStringLiteral("invalid-redirect"), Error,
         QStringLiteral("A redirect has a bad code, scheme, host, port or path.")},
        {QStringLiteral("invalid-rewrite"), Error,
         QStringLiteral("rewritePrefix does not start with '/' or is set on a Regex route.")},
        {QStringLiteral("duplicate-route"), Error,
         QStringLiteral("A host has the same route (path, type, methods, headers) twice.")},
        {QStringLiteral("shadowed-route"), Warning,
         QStringLiteral("A route can never be chosen: one earlier in precedence matches every "
                        "request it matches.")},
        // Policies
        {QStringLiteral("invalid-cidr"), Error,
         QStringLiteral("An allow, deny or trustedProxies entry is not an IP address or CIDR "
                        "block.")},
        {QStringLiteral("htpasswd-file"), Error,
         QStringLiteral("A basicAuth htpasswd file is missing, unreadable, or has a line that is "
                        "not user:hash with a hash the proxy verifies.")},
        {QStringLiteral("basic-auth-without-tls"), Warning,
         QStringLiteral("Basic auth on a host without TLS sends passwords in clear text.")},
        {QStringLiteral("invalid-external-auth"), Error,
         QStringLiteral("An externalAuth names no service, or its path, a response header or "
                        "its signIn URL is malformed.")},
        {QStringLiteral("invalid-cors"), Error,
         QStringLiteral("A CORS origin is not an origin, or a method or header name is not a "
                        "token.")},
        {QStringLiteral("cors-any-origin-credentials"), Warning,
         QStringLiteral("CORS with credentials for any origin lets every site read answers as "
                        "the signed-in user.")},
        {QStringLiteral("hsts-without-tls"), Warning,
         QStringLiteral("HSTS on a host without TLS is never sent.")},
        {QStringLiteral("hsts-preload"), Warning,
         QStringLiteral("HSTS preload without includeSubdomains and a year's maxAge.")},
    };
    return all;
}

} // namespace ingress
