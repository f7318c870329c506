#pragma once

#include "export/kubernetesbackendref.h"
#include "export/kubernetesexternalauthrequest.h"
#include "export/kuberneteslabelselector.h"
#include "export/kubernetesstickyrequest.h"
#include "model/topology/diagnostic.h"
#include "model/topology/topology.h"

#include <optional>
#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QSet>
#include <QString>
#include <string>
#include <yaml-cpp/yaml.h>

namespace ingress::kubeimport {

QString q(const std::string &text);
SourceLocation at(const YAML::Node &node);
// A Kubernetes object name (DNS-1123 subdomain). Secret names become file names
// (certs/NAME.crt): anything else could climb out of the project folder.
bool isObjectName(const QString &text);

// One import run: what the manifests read so far add up to, and how their fields are read.
// Every read reports a missing or malformed field at its place in the current file; the
// translators (Ingress, Service, Secret) share this state so that their cross-references
// resolve once every file is read.
class ImportSession {
public:
    Diagnostics diagnostics;
    Topology topology;
    QMap<QString, QByteArray> files; // certificate, key and htpasswd files from Secrets, by path
    QString file;                    // the file being read, for messages
    QList<BackendRef> refs;          // backends named so far, resolved at the end
    QMap<QString, QMap<QString, int>> ports; // "namespace/service" -> port name -> number
    QMap<QString, QString> serviceFiles;     // "namespace/name" -> the file that defines it
    QMap<QString, Labels> namespaceLabels;   // Namespace objects of the input, for selectors
    // TLS Secrets: those read (kubernetes.io/tls), and where an Ingress first named each.
    QSet<QString> tlsSecrets;
    QMap<QString, QPair<QString, SourceLocation>> secretRefs; // name -> file, place
    // The namespace of a certificate's Secret when it is not the default one (a Gateway's
    // certificateRefs): a cluster-held certificate then names NAMESPACE/NAME.
    QMap<QString, QString> secretNamespaces;
    // Secrets of other types (an Opaque one holds the users of basic auth), by
    // "NAMESPACE/NAME" (the namespace empty for "default"), with their data decoded.
    struct OtherSecret {
        QString type;
        QMap<QString, QByteArray> data;
        QString file;
        SourceLocation where;
    };
    QMap<QString, OtherSecret> otherSecrets;
    // The htpasswd files auth-secret annotations name, written once every file is read.
    struct HtpasswdRequest {
        QString secret; // NAMESPACE/NAME
        bool authMap = false;
        QString path; // relative to the topology
        QString file; // where the annotation is, for messages
        SourceLocation where;
    };
    QList<HtpasswdRequest> htpasswdRequests;
    bool ingressRead = false;
    // Gateway API objects refer to each other in any order (a ReferenceGrant may follow the
    // route it allows): they are kept with their file and translated once every file is read.
    struct PendingDocument {
        YAML::Node doc;
        QString file;
    };
    QList<PendingDocument> gatewayApiDocuments;
    QList<PendingDocument> endpointSlices; // read once every Service is known
    // Cookie affinity of Ingresses and HTTPRoute rules, set on services once every file is read.
    QList<StickyRequest> stickyRequests;
    // The authentication services of auth-url annotations, resolved once every file is read.
    QList<ExternalAuthRequest> externalAuthRequests;

    void report(Severity severity, const YAML::Node &node, const QString &message,
                const QString &rule = QStringLiteral("import"));
    void error(const YAML::Node &n, const QString &m) { report(Severity::Error, n, m); }
    void warning(const YAML::Node &n, const QString &m) { report(Severity::Warning, n, m); }
    void note(const YAML::Node &n, const QString &m) { report(Severity::Info, n, m); }

    bool expectVersion(const YAML::Node &doc, const QString &apiVersion, const QString &want);
    // The key itself, for messages about a field (its value may start on the next line).
    static YAML::Node keyNode(const YAML::Node &map, const char *key);
    QString scalar(const YAML::Node &map, const char *key, bool required = false);
    std::optional<int> integer(const YAML::Node &map, const char *key);
    // "default" is what an absent namespace means; the topology leaves it empty.
    static QString namespaceOf(const QString &nameSpace);

    // The host or service of that name, added when it is not there yet.
    VirtualHost &hostNamed(const QString &name, const YAML::Node &where);
    Service &serviceNamed(const QString &name, const QString &nameSpace);
};

} // namespace ingress::kubeimport
