#pragma once

#include "export/kubernetesimportsession.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace ingress::kubeimport {

struct IngressAnnotations;

// The F5 NGINX Ingress Controller annotations (nginx.org/) that shape an Ingress's routes and
// host rather than its policy: redirect-to-https, proxy-set-headers, proxy-hide-headers, rewrites
// and path-regex, and those reported with what to do by hand (listen-ports, listen-ports-ssl,
// ssl-services, grpc-services). docs/exporters.md, "F5 NGINX Ingress Controller annotations".
class NginxOrgRoutingAnnotations {
public:
    // Keeps the annotation when `name` (after "nginx.org/") is one of them.
    bool take(const QString &key, const QString &name, const QString &value,
              const YAML::Node &keyNode, const YAML::Node &valueNode);

    // Writes what the kept annotations say into `result`; `services` are the services the
    // Ingress's paths send to (rewrites name them). Each annotation counts in `translated` or is
    // added to `left` with a warning at its place saying why.
    void translate(ImportSession &session, IngressAnnotations &result, const QStringList &services,
                   int &translated, QStringList &left) const;

    // The services an Ingress's rule paths send to (networking.k8s.io/v1 and v1beta1 backends).
    static QStringList servicesOf(const YAML::Node &spec);

private:
    struct Annotation {
        QString key; // as written, for messages
        QString value;
        YAML::Node keyNode, valueNode;
    };
    bool redirectToHttps(ImportSession &session, const Annotation &a,
                         IngressAnnotations &result) const;
    bool setHeaders(ImportSession &session, const Annotation &a, IngressAnnotations &result) const;
    bool hideHeaders(ImportSession &session, const Annotation &a, IngressAnnotations &result) const;
    bool rewrites(ImportSession &session, const Annotation &a, const QStringList &services,
                  IngressAnnotations &result) const;
    bool pathRegex(ImportSession &session, const Annotation &a, IngressAnnotations &result) const;

    QMap<QString, Annotation> m_taken; // by name
};

} // namespace ingress::kubeimport
