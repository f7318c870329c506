#pragma once

#include "export/kubernetesimportsession.h"
#include "model/topology/stickysession.h"

#include <optional>
#include <QMap>
#include <QString>
#include <QStringList>

namespace ingress::kubeimport {

// ingress-nginx's cookie affinity annotations of one Ingress (affinity, affinity-mode,
// affinity-canary-behavior, session-cookie-*) and HAProxy's haproxy.org/cookie-persistence.
// The session-cookie-* mean nothing without affinity: cookie, so they are kept while the
// annotations are read and translated together into the sticky session of the services the
// Ingress sends to (docs/exporters.md, "ingress-nginx annotations").
class IngressAffinityAnnotations {
public:
    // Keeps the annotation when it is one of them.
    bool take(const QString &key, const QString &name, const QString &value,
              const YAML::Node &keyNode, const YAML::Node &valueNode);

    // The sticky session (src.node at the annotation that asks for it), or none. Each
    // annotation taken counts in `translated` or is added to `left` with a warning at its
    // place saying why. `weighted`: a canary Ingress with canary-weight.
    std::optional<StickySession> translate(ImportSession &session, bool canary, bool weighted,
                                           int &translated, QStringList &left) const;

private:
    struct Annotation {
        QString key; // as written, for messages
        QString value;
        YAML::Node keyNode, valueNode;
    };
    const Annotation *find(const char *name) const;
    void leaveAll(ImportSession &session, const Annotation *except, const QString &why,
                  QStringList &left) const;

    void cookieName(ImportSession &session, StickySession &sticky, int &translated,
                    QStringList &left) const;
    void lifetime(ImportSession &session, StickySession &sticky, int &translated,
                  QStringList &left) const;
    void mode(ImportSession &session, const Annotation &affinity, int &translated,
              QStringList &left) const;
    void attributes(ImportSession &session, bool canary, int &translated, QStringList &left) const;

    QMap<QString, Annotation> m_taken; // by name
};

} // namespace ingress::kubeimport
