#pragma once

#include "export/kubernetesimportsession.h"
#include "export/nginxsnippettranslator.h"

#include <optional>
#include <QString>
#include <QStringList>

namespace ingress::kubeimport {

struct IngressAnnotations;

// ingress-nginx's configuration-snippet (raw nginx lines in each location of the Ingress) and
// server-snippet (in the server block of its hosts) annotations. The lines admins mostly use
// become the routes' header filters, redirect or respond and policy (NginxSnippetTranslator);
// the others are reported one by one. Both are kept while the annotations are read because
// nginx combines the two levels (docs/migrating-from-ingress-nginx.md, "Snippets").
class IngressSnippetAnnotations {
public:
    // Keeps the annotation when `name` (after "nginx.ingress.kubernetes.io/") is one of them.
    bool take(const QString &key, const QString &name, const YAML::Node &keyNode,
              const YAML::Node &valueNode);

    // Writes what the snippets say into `result`, over what the other annotations put there.
    // Each snippet counts in `translated`, or in `left` when a line of it was not translated.
    void translate(ImportSession &session, IngressAnnotations &result, int &translated,
                   QStringList &left) const;

private:
    struct Annotation {
        QString key; // as written, for messages
        YAML::Node keyNode, valueNode;
    };
    SnippetEffects effects(ImportSession &session, const Annotation &a,
                           NginxSnippetTranslator::Context context) const;
    void access(ImportSession &session, const SnippetEffects &server,
                const SnippetEffects &location, IngressAnnotations &result) const;
    void headers(ImportSession &session, const SnippetEffects &server,
                 const SnippetEffects &location, IngressAnnotations &result) const;
    void answer(ImportSession &session, const SnippetEffects &server,
                const SnippetEffects &location, IngressAnnotations &result) const;

    std::optional<Annotation> m_location; // configuration-snippet
    std::optional<Annotation> m_server;   // server-snippet
};

} // namespace ingress::kubeimport
