#include "export/ingressnginxaffinity.h"

#include "export/annotationbool.h"
#include "export/cookiename.h"

#include <limits>

namespace ingress::kubeimport {

namespace {

constexpr QLatin1StringView nginxPrefix("nginx.ingress.kubernetes.io/");
constexpr QLatin1StringView haproxyPrefix("haproxy.org/");

void leave(ImportSession &session, const YAML::Node &at, const QString &key, const QString &why,
           QStringList &left) {
    session.warning(at, QStringLiteral("annotation '%1' is not translated: %2").arg(key, why));
    left << key;
}

// A whole number of seconds, as ingress-nginx writes it into Max-Age or adds to the time.
std::optional<qint64> seconds(const QString &text) {
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value > std::numeric_limits<int>::max() || value < std::numeric_limits<int>::min())
        return std::nullopt;
    return value;
}

} // namespace

bool IngressAffinityAnnotations::take(const QString &key, const QString &name, const QString &value,
                                      const YAML::Node &keyNode, const YAML::Node &valueNode) {
    const bool nginx =
        key.startsWith(nginxPrefix) && (name == u"affinity" || name.startsWith(u"affinity-") ||
                                        name.startsWith(u"session-cookie-"));
    const bool haproxy = key.startsWith(haproxyPrefix) && name == u"cookie-persistence";
    if (!nginx && !haproxy)
        return false;
    m_taken.insert(name, Annotation{key, value, keyNode, valueNode});
    return true;
}

const IngressAffinityAnnotations::Annotation *
IngressAffinityAnnotations::find(const char *name) const {
    const auto it = m_taken.constFind(QLatin1StringView(name));
    return it == m_taken.cend() ? nullptr : &it.value();
}

// Every ingress-nginx one but `except` (HAProxy's is reported on its own).
void IngressAffinityAnnotations::leaveAll(ImportSession &session, const Annotation *except,
                                          const QString &why, QStringList &left) const {
    for (const Annotation &a : m_taken)
        if (&a != except && &a != find("cookie-persistence"))
            leave(session, a.keyNode, a.key, why, left);
}

std::optional<StickySession> IngressAffinityAnnotations::translate(ImportSession &session,
                                                                   bool canary, bool weighted,
                                                                   int &translated,
                                                                   QStringList &left) const {
    if (m_taken.isEmpty())
        return std::nullopt;
    const Annotation *affinity = find("affinity");
    if (const Annotation *haproxy = find("cookie-persistence")) {
        if (affinity) {
            leave(session, haproxy->keyNode, haproxy->key,
                  QStringLiteral("the Ingress has ingress-nginx's affinity too, which the import "
                                 "reads instead"),
                  left);
        } else if (isCookieName(haproxy->value)) {
            StickySession sticky;
            sticky.cookie = haproxy->value;
            sticky.src.node = at(haproxy->keyNode);
            sticky.src.fields.insert(QStringLiteral("cookie"), at(haproxy->valueNode));
            ++translated;
            return sticky;
        } else {
            session.warning(haproxy->valueNode,
                            QStringLiteral("annotation '%1': '%2' is not a cookie name; not "
                                           "translated")
                                .arg(haproxy->key, haproxy->value));
            left << haproxy->key;
            return std::nullopt;
        }
    }
    if (!affinity) {
        leaveAll(session, nullptr,
                 QStringLiteral("there is no affinity: cookie, without which ingress-nginx "
                                "ignores it"),
                 left);
        return std::nullopt;
    }
    if (affinity->value != u"cookie") {
        session.warning(affinity->valueNode,
                        QStringLiteral("annotation '%1': '%2' is not cookie, ingress-nginx's only "
                                       "affinity; it then has none, and neither has the import")
                            .arg(affinity->key, affinity->value));
        left << affinity->key;
        leaveAll(session, affinity,
                 QStringLiteral("affinity is not cookie, and ingress-nginx ignores it then"), left);
        return std::nullopt;
    }
    const Annotation *behavior = find("affinity-canary-behavior");
    if (canary && behavior && behavior->value == u"legacy") {
        ++translated;
        leaveAll(session, behavior,
                 QStringLiteral("affinity-canary-behavior is legacy, and ingress-nginx then "
                                "ignores a canary Ingress's affinity"),
                 left);
        return std::nullopt;
    }
    ++translated;
    StickySession sticky;
    sticky.src.node = at(affinity->keyNode);
    cookieName(session, sticky, translated, left);
    lifetime(session, sticky, translated, left);
    mode(session, *affinity, translated, left);
    attributes(session, canary, translated, left);
    if (canary && weighted)
        session.note(affinity->keyNode,
                     QStringLiteral("the engine picks the canary or the main service by weight "
                                    "on every request; the cookie keeps a client on one endpoint "
                                    "of the service picked, not on the canary as ingress-nginx "
                                    "does (affinity-canary-behavior: sticky)"));
    return sticky;
}

void IngressAffinityAnnotations::cookieName(ImportSession &session, StickySession &sticky,
                                            int &translated, QStringList &left) const {
    const Annotation *a = find("session-cookie-name");
    if (!a)
        return; // the topology's default is ingress-nginx's, INGRESSCOOKIE
    if (a->value.isEmpty() || isCookieName(a->value)) {
        if (!a->value.isEmpty())
            sticky.cookie = a->value;
        sticky.src.fields.insert(QStringLiteral("cookie"), at(a->valueNode));
        ++translated;
        return;
    }
    session.warning(a->valueNode,
                    QStringLiteral("annotation '%1': '%2' is not a cookie name (letters, digits "
                                   "and !#$%&'*+-.^_`|~); the import keeps %3")
                        .arg(a->key, a->value, sticky.cookie));
    left << a->key;
}

// session-cookie-max-age is the cookie's Max-Age; session-cookie-expires (an Expires that many
// seconds ahead, for old browsers) gives the same lifetime when there is no max-age.
void IngressAffinityAnnotations::lifetime(ImportSession &session, StickySession &sticky,
                                          int &translated, QStringList &left) const {
    for (const char *name : {"session-cookie-max-age", "session-cookie-expires"}) {
        const Annotation *a = find(name);
        if (!a)
            continue;
        const auto value = seconds(a->value);
        if (!value) {
            session.warning(a->valueNode,
                            QStringLiteral("annotation '%1': '%2' is not a number of seconds; "
                                           "ingress-nginx ignores it, and so does the import")
                                .arg(a->key, a->value));
            left << a->key;
            continue;
        }
        if (*value <= 0) {
            leave(session, a->keyNode, a->key,
                  QStringLiteral("a cookie that expires at once (%1 s) never keeps a client; "
                                 "the import leaves the ttl out (a cookie for the browser "
                                 "session)")
                      .arg(*value),
                  left);
            continue;
        }
        ++translated;
        if (sticky.ttl)
            continue; // max-age is there; browsers take it over Expires
        sticky.ttl = Duration(*value * 1000);
        sticky.src.fields.insert(QStringLiteral("ttl"), at(a->valueNode));
    }
}

void IngressAffinityAnnotations::mode(ImportSession &session, const Annotation &affinity,
                                      int &translated, QStringList &left) const {
    const Annotation *a = find("affinity-mode");
    const QString value = a ? a->value : QStringLiteral("balanced");
    if (value == u"persistent") {
        ++translated;
        session.note(a->keyNode, QStringLiteral("annotation '%1': the engine moves a client only "
                                                "when its endpoint is ejected or removed, which "
                                                "is what persistent means")
                                     .arg(a->key));
    } else if (value == u"balanced") {
        if (a)
            ++translated;
        session.note(a ? a->keyNode : affinity.keyNode,
                     QStringLiteral("ingress-nginx's balanced affinity mode (its default) moves "
                                    "some clients to new endpoints when the service scales up; "
                                    "the engine moves a client only when its endpoint is ejected "
                                    "or removed (as affinity-mode: persistent does)"));
    } else if (value == u"persistent-drainable") {
        leave(session, a->keyNode, a->key,
              QStringLiteral("ingress-nginx keeps clients on an endpoint that is shutting down "
                             "until it is gone; the engine moves them once the endpoint is "
                             "ejected or removed, as affinity-mode: persistent does"),
              left);
    } else {
        session.warning(a->valueNode, QStringLiteral("annotation '%1': '%2' is not balanced or "
                                                     "persistent; ingress-nginx reads it as "
                                                     "balanced, and the engine moves a client "
                                                     "only when its endpoint is ejected or "
                                                     "removed")
                                          .arg(a->key, a->value));
        left << a->key;
    }
}

// The cookie's attributes and the rest: the engine sets `Path=/; HttpOnly` (and Max-Age).
void IngressAffinityAnnotations::attributes(ImportSession &session, bool canary, int &translated,
                                            QStringList &left) const {
    static const QStringList done{QStringLiteral("affinity"),
                                  QStringLiteral("affinity-mode"),
                                  QStringLiteral("cookie-persistence"),
                                  QStringLiteral("session-cookie-name"),
                                  QStringLiteral("session-cookie-max-age"),
                                  QStringLiteral("session-cookie-expires")};
    const QString noAttribute = QStringLiteral("the engine sets the cookie with Path=/ and "
                                               "HttpOnly only");
    for (auto it = m_taken.cbegin(); it != m_taken.cend(); ++it) {
        const QString &name = it.key();
        const Annotation &a = it.value();
        if (done.contains(name))
            continue;
        QString why;
        if (name == u"session-cookie-path") {
            if (a.value == u'/') {
                ++translated;
                continue;
            }
            why = QStringLiteral("the engine sets the cookie with Path=/: browsers send it on "
                                 "every path of the host, not only under '%1'")
                      .arg(a.value);
        } else if (name == u"session-cookie-change-on-failure") {
            if (annotationBool(a.value) == true) {
                ++translated;
                session.note(a.keyNode,
                             QStringLiteral("annotation '%1': ingress-nginx moves a client after "
                                            "one failed attempt; the engine moves it once its "
                                            "endpoint is ejected (health checks, passive "
                                            "failures)")
                                 .arg(a.key));
                continue;
            }
            why = QStringLiteral("ingress-nginx keeps a client on its endpoint after a failed "
                                 "attempt; the engine always moves the client once its endpoint "
                                 "is ejected (health checks, passive failures)");
        } else if (name == u"session-cookie-secure") {
            if (annotationBool(a.value) == false) {
                ++translated; // what the engine does
                continue;
            }
            why = noAttribute + QStringLiteral(", not Secure");
        } else if (name == u"session-cookie-samesite" ||
                   name == u"session-cookie-conditional-samesite-none") {
            why = noAttribute +
                  QStringLiteral(", not SameSite (browsers then treat the cookie as Lax)");
        } else if (name == u"session-cookie-domain") {
            why = noAttribute + QStringLiteral(", not Domain: the cookie is the host's only");
        } else if (name == u"session-cookie-hash") {
            why = QStringLiteral("ingress-nginx no longer reads it; the cookie's value is the "
                                 "engine's token for the endpoint");
        } else if (name == u"affinity-canary-behavior") {
            if (canary && a.value == u"sticky") {
                ++translated;
                continue;
            }
            why = canary ? QStringLiteral("'%1' is not sticky or legacy").arg(a.value)
                         : QStringLiteral("it means something on a canary Ingress only");
        } else {
            why = QStringLiteral("not an ingress-nginx session affinity annotation");
        }
        leave(session, a.keyNode, a.key, why, left);
    }
}

} // namespace ingress::kubeimport
