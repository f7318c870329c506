#pragma once

#include "export/kubernetesimportsession.h"
#include "model/topology/externalauth.h"

#include <optional>
#include <QMap>
#include <QString>
#include <QStringList>

namespace ingress::kubeimport {

// ingress-nginx's external authentication annotations of one Ingress: auth-url and those that
// shape it (auth-response-headers, auth-signin, auth-signin-redirect-param, auth-method) or that
// the topology has no place for (auth-cache-*, auth-snippet, auth-proxy-set-headers,
// auth-request-redirect, auth-always-set-cookie, auth-keepalive*, enable-global-auth). They mean
// nothing without auth-url, so they are kept while the annotations are read and translated
// together (docs/exporters.md, "ingress-nginx annotations"). Basic auth (auth-type, auth-secret,
// auth-realm) is ingressnginxpolicy.h's, client certificates (auth-tls-*) are not translated.
class IngressExternalAuthAnnotations {
public:
    // Keeps the annotation when `name` (after "nginx.ingress.kubernetes.io/") is one of them.
    bool take(const QString &key, const QString &name, const QString &value,
              const YAML::Node &keyNode, const YAML::Node &valueNode);

    // The external auth of the Ingress's routes, or none without auth-url. Its service is a
    // stand-in until every file is read (ImportSession::externalAuthRequests). Each annotation
    // taken counts in `translated` or is added to `left` with a warning at its place saying why.
    // `nameSpace` is the Ingress's (empty for "default").
    std::optional<ExternalAuth> translate(ImportSession &session, const QString &nameSpace,
                                          bool canary, int &translated, QStringList &left) const;

private:
    struct Annotation {
        QString key; // as written, for messages
        QString value;
        YAML::Node keyNode, valueNode;
    };
    const Annotation *find(const char *name) const;

    bool url(ImportSession &session, const Annotation &a, const QString &nameSpace,
             ExternalAuth &auth, int &translated, QStringList &left) const;
    void responseHeaders(ImportSession &session, ExternalAuth &auth, int &translated,
                         QStringList &left) const;
    void signIn(ImportSession &session, ExternalAuth &auth, int &translated,
                QStringList &left) const;
    void others(ImportSession &session, int &translated, QStringList &left) const;

    QMap<QString, Annotation> m_taken; // by name
};

} // namespace ingress::kubeimport
