// HttpRouteRuleReader: a rule's sessionPersistence (Gateway API's GEP-1619, experimental) as the
// sticky session of the services its backendRefs name.
#include "export/cookiename.h"
#include "export/kuberneteshttprouterule.h"

namespace ingress::kubeimport {

namespace {} // namespace

void HttpRouteRuleReader::sessionPersistence(const YAML::Node &rule, qsizetype firstRef) {
    const YAML::Node node = rule["sessionPersistence"];
    const YAML::Node key = ImportSession::keyNode(rule, "sessionPersistence");
    if (!node.IsMap()) {
        m_session.error(node,
                        QStringLiteral("%1: sessionPersistence must be a mapping").arg(m_what));
        return;
    }
    const QString type = m_session.scalar(node, "type");
    if (!type.isEmpty() && type != u"Cookie") {
        m_session.warning(node["type"], QStringLiteral("%1: sessionPersistence type %2 is not "
                                                       "imported: the topology's sticky session "
                                                       "is a cookie")
                                            .arg(m_what, type));
        return;
    }
    if (firstRef == m_session.refs.size())
        return; // no backend to be sticky on (reported with the backendRefs)
    StickySession sticky;
    sticky.src.node = at(key);
    const QString name = m_session.scalar(node, "sessionName");
    if (isCookieName(name)) {
        sticky.cookie = name;
        sticky.src.fields.insert(QStringLiteral("cookie"), at(node["sessionName"]));
    } else if (!name.isEmpty()) {
        m_session.warning(node["sessionName"],
                          QStringLiteral("%1: sessionName '%2' is not a cookie name (letters, "
                                         "digits and !#$%&'*+-.^_`|~); the cookie is %3")
                              .arg(m_what, name, sticky.cookie));
    }
    const YAML::Node cookieConfig = node["cookieConfig"];
    const QString lifetime =
        cookieConfig ? m_session.scalar(cookieConfig, "lifetimeType") : QString();
    const QString timeout = m_session.scalar(node, "absoluteTimeout");
    if (!timeout.isEmpty()) {
        const auto duration = parseDuration(timeout);
        if (!duration || duration->count() < 1000) {
            m_session.warning(node["absoluteTimeout"],
                              QStringLiteral("%1: sessionPersistence absoluteTimeout '%2' is not "
                                             "a duration of 1s or more; the cookie lasts the "
                                             "browser session")
                                  .arg(m_what, timeout));
        } else {
            sticky.ttl = duration;
            sticky.src.fields.insert(QStringLiteral("ttl"), at(node["absoluteTimeout"]));
            if (lifetime != u"Permanent")
                m_session.note(node["absoluteTimeout"],
                               QStringLiteral("%1: the session ends after absoluteTimeout as the "
                                              "cookie's Max-Age, which keeps it past the browser "
                                              "session (cookieConfig.lifetimeType: Permanent)")
                                   .arg(m_what));
        }
    }
    if (node["idleTimeout"])
        m_session.warning(node["idleTimeout"],
                          QStringLiteral("%1: sessionPersistence idleTimeout is not imported: "
                                         "the topology's sticky session ends with its ttl only")
                              .arg(m_what));
    m_session.stickyRequests << StickyRequest{sticky, m_what, m_session.file, firstRef,
                                              m_session.refs.size()};
}

} // namespace ingress::kubeimport
