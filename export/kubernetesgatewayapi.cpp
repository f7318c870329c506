#include "export/kubernetesgatewayapi.h"

#include "export/kubernetesgatewayreader.h"
#include "export/kuberneteshttproutereader.h"
#include "export/kubernetesreferencegrants.h"

#include <functional>
#include <QSet>

namespace ingress::kubeimport {

namespace {

const QString groupPrefix = ReferenceGrants::gatewayGroup + u'/';

// Each pending document of `kind`, read with `read`; wrong node shapes are reported at it.
void forEach(ImportSession &session, const QString &kind,
             const std::function<void(const YAML::Node &)> &read) {
    for (const ImportSession::PendingDocument &pending : session.gatewayApiDocuments) {
        if (q(pending.doc["kind"].Scalar()) != kind)
            continue;
        session.file = pending.file;
        try {
            read(pending.doc);
        } catch (const YAML::Exception &e) {
            session.diagnostics << Diagnostic{
                Severity::Error, QStringLiteral("import"),
                QStringLiteral("unexpected structure: %1").arg(q(e.msg)), pending.file,
                e.mark.is_null() ? at(pending.doc)
                                 : SourceLocation{e.mark.line + 1, e.mark.column + 1}};
        }
    }
}

} // namespace

bool takeGatewayApiDocument(ImportSession &session, const YAML::Node &doc,
                            const QString &apiVersion, const QString &kind) {
    const bool gatewayApi = apiVersion.startsWith(groupPrefix);
    const QString version = apiVersion.mid(groupPrefix.size());
    if (!gatewayApi) {
        if (kind.endsWith(u"Policy") && apiVersion.contains(u'/')) {
            session.warning(doc["kind"], QStringLiteral("%1 (%2) is a policy; its effect is not "
                                                        "imported")
                                             .arg(kind, apiVersion));
            return true;
        }
        return false;
    }
    const bool read = kind == u"Gateway" || kind == u"HTTPRoute" || kind == u"ReferenceGrant";
    if (read) {
        const bool known = version == u"v1" || version == u"v1beta1" ||
                           (kind == u"ReferenceGrant" && version == u"v1alpha2");
        if (!known) {
            session.error(doc["apiVersion"],
                          QStringLiteral("unsupported apiVersion '%1' for %2 (expected %3/v1 or "
                                         "v1beta1)")
                              .arg(apiVersion, kind, ReferenceGrants::gatewayGroup));
            return true;
        }
        session.gatewayApiDocuments << ImportSession::PendingDocument{doc, session.file};
    } else if (kind == u"GatewayClass") {
        session.note(doc["kind"], QStringLiteral("GatewayClass '%1' read; the topology has no "
                                                 "gateway classes")
                                      .arg(session.scalar(doc["metadata"], "name")));
    } else {
        session.warning(doc["kind"], QStringLiteral("%1 is not imported (the topology has HTTP "
                                                    "routes only); skipped")
                                         .arg(kind));
    }
    return true;
}

void translateGatewayApi(ImportSession &session,
                         const KubernetesImporter::EndpointBindings &bindings) {
    if (session.gatewayApiDocuments.isEmpty())
        return;
    QSet<QString> bound;
    for (const auto &[name, address] : bindings) {
        Q_UNUSED(address)
        bound.insert(name);
    }
    ReferenceGrants grants;
    forEach(session, QStringLiteral("ReferenceGrant"),
            [&](const YAML::Node &doc) { grants.read(session, doc); });
    GatewayReader gateways(session, grants);
    forEach(session, QStringLiteral("Gateway"), [&](const YAML::Node &doc) { gateways.read(doc); });
    HttpRouteReader routes(session, grants, gateways.listeners(), bound);
    forEach(session, QStringLiteral("HTTPRoute"), [&](const YAML::Node &doc) { routes.read(doc); });
}

} // namespace ingress::kubeimport
