#include "export/kubernetesimporter.h"

#include "export/kubernetesendpointslicereader.h"
#include "export/kubernetesexternalauth.h"
#include "export/kubernetesgatewayapi.h"
#include "export/kubernetesimportsession.h"
#include "export/kubernetesingressreader.h"
#include "export/kubernetessecretreader.h"
#include "export/kubernetesservicereader.h"
#include "export/kubernetesstickysessions.h"

#include <algorithm>
#include <QFile>
#include <yaml-cpp/yaml.h>

namespace ingress {

using namespace kubeimport;

namespace {

constexpr qint64 maxInputSize = 32 * 1024 * 1024;

// One document of a manifest, handed to the translator of its kind.
void readDocument(ImportSession &session, const YAML::Node &doc) {
    if (doc.IsNull())
        return;
    if (!doc.IsMap()) {
        session.error(doc, QStringLiteral("a Kubernetes object must be a mapping"));
        return;
    }
    const QString apiVersion = session.scalar(doc, "apiVersion", true);
    const QString kind = session.scalar(doc, "kind", true);
    if (apiVersion.isEmpty() || kind.isEmpty())
        return;
    if (takeGatewayApiDocument(session, doc, apiVersion, kind))
        return;
    if (kind == u"Ingress") {
        session.ingressRead = true;
        if (apiVersion == u"networking.k8s.io/v1")
            IngressReader(session).read(doc, false);
        else if (apiVersion == u"networking.k8s.io/v1beta1" ||
                 apiVersion == u"extensions/v1beta1") {
            session.note(doc["apiVersion"], QStringLiteral("%1 Ingress was removed in Kubernetes "
                                                           "1.22; read as networking.k8s.io/v1")
                                                .arg(apiVersion));
            IngressReader(session).read(doc, true);
        } else
            session.error(doc["apiVersion"],
                          QStringLiteral("unsupported apiVersion '%1' for "
                                         "Ingress (expected networking.k8s.io/v1)")
                              .arg(apiVersion));
    } else if (kind == u"Service") {
        if (session.expectVersion(doc, apiVersion, QStringLiteral("v1")))
            ServiceReader(session).read(doc);
    } else if (kind == u"Secret") {
        if (session.expectVersion(doc, apiVersion, QStringLiteral("v1")))
            readSecret(session, doc);
    } else if (kind == u"EndpointSlice") {
        if (session.expectVersion(doc, apiVersion, QStringLiteral("discovery.k8s.io/v1")))
            session.endpointSlices << ImportSession::PendingDocument{doc, session.file};
    } else if (kind == u"Namespace") {
        // Read for its labels: Gateway listeners may allow routes by namespace selector.
        if (session.expectVersion(doc, apiVersion, QStringLiteral("v1"))) {
            const YAML::Node metadata = doc["metadata"];
            Labels labels;
            for (auto it = metadata["labels"].begin(); it != metadata["labels"].end(); ++it)
                labels.insert(QString::fromStdString(it->first.as<std::string>("")),
                              QString::fromStdString(it->second.as<std::string>("")));
            // Kubernetes labels every namespace with its name.
            const QString name = session.scalar(metadata, "name", true);
            labels.insert(QStringLiteral("kubernetes.io/metadata.name"), name);
            session.namespaceLabels.insert(name, labels);
        }
    } else if (kind == u"IngressClass") {
        session.note(doc, QStringLiteral("IngressClass '%1' read; the topology has no ingress "
                                         "classes")
                              .arg(session.scalar(doc["metadata"], "name")));
    } else {
        session.note(doc["kind"], QStringLiteral("%1 is not imported; skipped").arg(kind));
    }
}

// 127.0.0.1 and the first port from `port` on that no (Gateway) listener binds yet.
QString freeBind(const Topology &topology, int port) {
    for (;; ++port) {
        const QString bind = QStringLiteral("127.0.0.1:%1").arg(port);
        if (std::none_of(topology.listeners.begin(), topology.listeners.end(),
                         [&](const Listener &l) { return l.bind == bind; }))
            return bind;
    }
}

// Cross-references once every document is read, then local listeners, so that the imported
// topology can be served and tested as it is.
void finishSession(ImportSession &session, const KubernetesImporter::EndpointBindings &bindings) {
    const qsizetype ingressHosts = session.topology.hosts.size();
    readEndpointSlices(session);
    translateGatewayApi(session, bindings);
    ServiceReader services(session);
    services.resolveBackends(bindings);
    applyStickySessions(session);
    resolveExternalAuth(session);
    services.bindEndpoints(bindings);
    services.disambiguateNames();
    nameExternalAuthServices(session);
    holdMissingSecretsInCluster(session);
    writeHtpasswdFiles(session);
    Topology &topology = session.topology;
    // Gateways bring their own listeners; Ingresses (and inputs with neither) get the local
    // ones, and when both are there the Ingress hosts stay on theirs.
    const bool gatewayListeners = !topology.listeners.isEmpty();
    if (!session.ingressRead && (gatewayListeners || !session.gatewayApiDocuments.isEmpty()))
        return;
    bool tls = false;
    for (qsizetype i = 0; i < ingressHosts; ++i)
        tls = tls || !topology.hosts[i].tls.isEmpty();
    const Listener http{QStringLiteral("http"), freeBind(topology, 8080), Protocol::Http, {}};
    const Listener https{QStringLiteral("https"), freeBind(topology, 8443), Protocol::Https, {}};
    topology.listeners << http;
    if (tls)
        topology.listeners << https;
    if (gatewayListeners)
        for (qsizetype i = 0; i < ingressHosts; ++i)
            topology.hosts[i].listeners =
                tls ? QStringList{http.name, https.name} : QStringList{http.name};
}

} // namespace

void KubernetesImporter::addData(const QByteArray &yaml, const QString &fileName) {
    m_inputs << Input{yaml, fileName};
}

bool KubernetesImporter::addFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_readErrors << Diagnostic{Severity::Error,
                                   QStringLiteral("import"),
                                   QStringLiteral("cannot read: %1").arg(file.errorString()),
                                   path,
                                   {}};
        return false;
    }
    const QByteArray data = file.read(maxInputSize + 1);
    if (data.size() > maxInputSize) {
        m_readErrors << Diagnostic{Severity::Error,
                                   QStringLiteral("import"),
                                   QStringLiteral("larger than 32 MiB; not a manifest"),
                                   path,
                                   {}};
        return false;
    }
    addData(data, path);
    return true;
}

ImportResult KubernetesImporter::finish(const EndpointBindings &endpoints) {
    ImportSession session;
    session.diagnostics = m_readErrors;
    for (const Input &input : m_inputs) {
        std::vector<YAML::Node> documents;
        try {
            documents = YAML::LoadAll(input.yaml.toStdString());
        } catch (const YAML::Exception &e) {
            session.diagnostics << Diagnostic{
                Severity::Error, QStringLiteral("import-yaml"),
                QStringLiteral("invalid YAML: %1").arg(q(e.msg)), input.fileName,
                e.mark.is_null() ? SourceLocation{}
                                 : SourceLocation{e.mark.line + 1, e.mark.column + 1}};
            continue;
        }
        for (const YAML::Node &doc : documents) {
            try {
                session.file = input.fileName;
                readDocument(session, doc);
            } catch (const YAML::Exception &e) {
                // Wrong node shapes (a scalar where a list belongs) surface here.
                session.diagnostics << Diagnostic{
                    Severity::Error, QStringLiteral("import"),
                    QStringLiteral("unexpected structure: %1").arg(q(e.msg)), input.fileName,
                    e.mark.is_null() ? at(doc)
                                     : SourceLocation{e.mark.line + 1, e.mark.column + 1}};
            }
        }
    }
    finishSession(session, endpoints);
    return ImportResult{session.topology, session.diagnostics, session.files};
}

ImportResult KubernetesImporter::importFiles(const QStringList &paths,
                                             const EndpointBindings &endpoints) {
    KubernetesImporter importer;
    for (const QString &path : paths)
        importer.addFile(path);
    return importer.finish(endpoints);
}

} // namespace ingress
