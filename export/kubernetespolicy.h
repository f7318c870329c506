#pragma once

#include "export/exporter.h"
#include "export/exportpolicy.h"

#include <QList>
#include <QMap>
#include <QString>
#include <yaml-cpp/yaml.h>

namespace ingress::kubernetes {

// Policies as ingress-nginx annotations of an Ingress (allow/deny lists, basic auth with an
// Opaque Secret, external auth, limit-rps/rpm and limit-connections). Annotations hold for a whole
// Ingress: routes whose annotations differ land in Ingresses of their own (KubernetesExporter
// groups routes by annotations), and a limit's scope is an annotation too, so that routes counted
// apart in the engine are not counted together in one Ingress's zone.
class PolicyAnnotations {
public:
    static inline const QString scopeAnnotation = QStringLiteral("ingress-studio.io/limit-scope");

    PolicyAnnotations(const ExportOptions &options, ExportResult &result)
        : m_options(options), m_result(result) {}

    // Adds the annotations of `policy` for an Ingress in `nameSpace`; reports what they cannot
    // say.
    void add(const exportpolicy::RoutePolicy &policy, const QString &nameSpace,
             QMap<QString, QString> &annotations);
    // The Opaque Secrets basic auth refers to (the htpasswd file under `auth`).
    void writeSecrets(YAML::Emitter &out);
    // Trusted proxies are the controller's ConfigMap, not an Ingress's: reported.
    static void reportTrustedProxies(const Topology &topology, QList<ExportWarning> &warnings);

private:
    // CORS as ingress-nginx's cors annotations; security headers reported (ConfigMap only).
    void addBrowserParts(const exportpolicy::RoutePolicy &policy,
                         QMap<QString, QString> &annotations);
    // auth-url (the auth Service's cluster DNS name), auth-response-headers, auth-signin.
    void addExternalAuth(const exportpolicy::RoutePolicy &policy,
                         QMap<QString, QString> &annotations);
    QString secretFor(const exportpolicy::RoutePolicy &policy, const QString &nameSpace);

    struct AuthSecret {
        QString name, nameSpace, path;
    };
    const ExportOptions &m_options;
    ExportResult &m_result;
    QList<AuthSecret> m_secrets;
};

} // namespace ingress::kubernetes
