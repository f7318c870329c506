#include "export/ingressnginxexternalauth.h"

#include <QRegularExpression>

namespace ingress::kubeimport {

namespace {

void leave(ImportSession &session, const YAML::Node &at, const QString &key, const QString &why,
           QStringList &left) {
    session.warning(at, QStringLiteral("annotation '%1' is not translated: %2").arg(key, why));
    left << key;
}

// What ingress-nginx's auth-url is made of. Parsed by hand: QUrl refuses the nginx variables
// ($host) that ingress-nginx passes on to nginx as they are.
struct AuthUrl {
    bool https = false;
    QString host;
    std::optional<int> port;
    QString path; // path and query, "/" at least
};

std::optional<AuthUrl> parseUrl(const QString &text) {
    static const QRegularExpression url(QStringLiteral("^(https?)://([^/?#@]+)([^#\\s]*)$"),
                                        QRegularExpression::CaseInsensitiveOption);
    const auto m = url.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    AuthUrl result;
    result.https = m.captured(1).compare(u"https", Qt::CaseInsensitive) == 0;
    QString authority = m.captured(2);
    const qsizetype colon = authority.lastIndexOf(u':');
    if (colon > 0 && !authority.mid(colon).contains(u']')) {
        bool ok = false;
        const int port = authority.mid(colon + 1).toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return std::nullopt;
        result.port = port;
        authority.truncate(colon);
    }
    result.host = authority.toLower();
    if (result.host.isEmpty())
        return std::nullopt;
    result.path = m.captured(3);
    if (!result.path.startsWith(u'/'))
        result.path.prepend(u'/');
    return result;
}

// The path without the nginx variables the engine cannot fill in: the path up to the segment
// that holds one, the query without the parameters that do. `dropped` gets what was left out.
QString withoutVariables(const QString &target, QStringList &dropped) {
    QString path = target.section(u'?', 0, 0);
    const QString query = target.contains(u'?') ? target.section(u'?', 1) : QString();
    if (const qsizetype dollar = path.indexOf(u'$'); dollar >= 0) {
        const qsizetype cut = path.lastIndexOf(u'/', dollar) + 1;
        dropped << path.mid(cut);
        path.truncate(cut);
    }
    QStringList kept;
    for (const QString &parameter : query.split(u'&', Qt::SkipEmptyParts)) {
        if (parameter.contains(u'$'))
            dropped << parameter;
        else
            kept << parameter;
    }
    return kept.isEmpty() ? path : path + u'?' + kept.join(u'&');
}

// A Kubernetes Service's DNS name: <svc>.<ns>.svc[.cluster.local], or a bare <svc>.
void serviceOfHost(ExternalAuthRequest &request, const QString &nameSpace) {
    const QStringList labels = request.host.split(u'.');
    static const QRegularExpression name(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    for (const QString &label : labels)
        if (!name.match(label).hasMatch())
            return;
    if (labels.size() == 1) {
        request.service = labels[0];
        request.nameSpace = nameSpace;
        request.clusterName = true;
    } else if ((labels.size() == 3 && labels[2] == u"svc") ||
               (labels.size() == 5 && labels.mid(2).join(u'.') == u"svc.cluster.local")) {
        request.service = labels[0];
        request.nameSpace = ImportSession::namespaceOf(labels[1]);
        request.clusterName = true;
    } else if (labels.size() == 2) {
        // Resolves in the cluster too, but may as well be a domain: a Service only when the
        // input has it.
        request.service = labels[0];
        request.nameSpace = ImportSession::namespaceOf(labels[1]);
    }
}

QString globalAuth() {
    return QStringLiteral("it turns the controller's global-auth-url (its ConfigMap) on or off "
                          "for this Ingress, and the import does not read the ConfigMap: give "
                          "the routes a policy.externalAuth by hand");
}

} // namespace

bool IngressExternalAuthAnnotations::take(const QString &key, const QString &name,
                                          const QString &value, const YAML::Node &keyNode,
                                          const YAML::Node &valueNode) {
    static const QStringList names{QStringLiteral("auth-url"),
                                   QStringLiteral("auth-response-headers"),
                                   QStringLiteral("auth-signin"),
                                   QStringLiteral("auth-signin-redirect-param"),
                                   QStringLiteral("auth-method"),
                                   QStringLiteral("auth-cache-key"),
                                   QStringLiteral("auth-cache-duration"),
                                   QStringLiteral("auth-snippet"),
                                   QStringLiteral("auth-proxy-set-headers"),
                                   QStringLiteral("auth-request-redirect"),
                                   QStringLiteral("auth-always-set-cookie"),
                                   QStringLiteral("enable-global-auth")};
    if (!names.contains(name) && !name.startsWith(u"auth-keepalive"))
        return false;
    m_taken.insert(name, Annotation{key, value, keyNode, valueNode});
    return true;
}

const IngressExternalAuthAnnotations::Annotation *
IngressExternalAuthAnnotations::find(const char *name) const {
    const auto it = m_taken.constFind(QLatin1StringView(name));
    return it == m_taken.cend() ? nullptr : &it.value();
}

std::optional<ExternalAuth> IngressExternalAuthAnnotations::translate(ImportSession &session,
                                                                      const QString &nameSpace,
                                                                      bool canary, int &translated,
                                                                      QStringList &left) const {
    if (m_taken.isEmpty())
        return std::nullopt;
    const Annotation *url = find("auth-url");
    if (canary || !url) {
        const QString why =
            canary ? QStringLiteral("a canary Ingress takes the main Ingress's authentication "
                                    "(ingress-nginx ignores its own)")
                   : QStringLiteral("there is no auth-url, without which ingress-nginx asks no "
                                    "authentication service");
        for (auto it = m_taken.cbegin(); it != m_taken.cend(); ++it)
            leave(session, it->keyNode, it->key,
                  it.key() == u"enable-global-auth" ? globalAuth() : why, left);
        return std::nullopt;
    }
    ExternalAuth auth;
    const bool made = this->url(session, *url, nameSpace, auth, translated, left);
    if (made) {
        responseHeaders(session, auth, translated, left);
        signIn(session, auth, translated, left);
    } else {
        for (const char *name :
             {"auth-response-headers", "auth-signin", "auth-signin-redirect-param"})
            if (const Annotation *a = find(name))
                leave(session, a->keyNode, a->key, QStringLiteral("auth-url is not translated"),
                      left);
    }
    others(session, translated, left);
    if (!made)
        return std::nullopt;
    return auth;
}

// The service and path of the authentication request. The routes name a stand-in for the
// service until every file is read (kubernetesexternalauth.h).
bool IngressExternalAuthAnnotations::url(ImportSession &session, const Annotation &a,
                                         const QString &nameSpace, ExternalAuth &auth,
                                         int &translated, QStringList &left) const {
    const auto parsed = parseUrl(a.value);
    if (!parsed) {
        leave(session, a.valueNode, a.key,
              QStringLiteral("'%1' is not an http or https URL; ingress-nginx then answers 503 "
                             "on the Ingress's paths, and the routes here ask no authentication "
                             "service: give them a policy.externalAuth")
                  .arg(a.value),
              left);
        return false;
    }
    ExternalAuthRequest request;
    request.key = QStringLiteral("auth-url#%1").arg(session.externalAuthRequests.size());
    request.url = a.value;
    request.host = parsed->host;
    request.explicitPort = parsed->port.has_value();
    request.port = parsed->port.value_or(parsed->https ? 443 : 80);
    request.requestHost = parsed->host.contains(u'$');
    request.file = session.file;
    request.where = at(a.valueNode);
    if (!request.requestHost)
        serviceOfHost(request, nameSpace);
    QStringList dropped;
    auth.path = withoutVariables(parsed->path, dropped);
    request.path = auth.path.section(u'?', 0, 0);
    auth.service = request.key;
    auth.src.node = at(a.keyNode);
    auth.src.fields.insert(QStringLiteral("service"), at(a.valueNode));
    auth.src.fields.insert(QStringLiteral("path"), at(a.valueNode));
    session.externalAuthRequests << request;

    QStringList why;
    // Through the proxy itself ($host), HTTPS ends there: the service behind the route is asked
    // the way the route reaches it.
    if (parsed->https && !request.requestHost)
        why << QStringLiteral("it asks over HTTPS, and the engine speaks plain HTTP to services "
                              "(the authentication service must answer HTTP on its endpoints)");
    if (request.requestHost)
        why << QStringLiteral("its host '%1' is the request's own, so ingress-nginx asks through "
                              "itself (with that route's rewrites and policy); the engine asks "
                              "the service of the route that serves '%2' on the same host "
                              "directly")
                   .arg(parsed->host, request.path);
    if (!dropped.isEmpty())
        why << QStringLiteral("the engine fills in no nginx variables: '%1' left out of the path "
                              "(it sends the request's URL in X-Original-URL and "
                              "X-Forwarded-Uri)")
                   .arg(dropped.join(QStringLiteral("', '")));
    session.note(a.keyNode,
                 QStringLiteral("annotation '%1': ingress-nginx also sets the Set-Cookie of a "
                                "2xx authentication answer on the response (oauth2-proxy "
                                "refreshes its cookie that way); the engine does not")
                     .arg(a.key));
    if (why.isEmpty()) {
        ++translated;
        return true;
    }
    session.warning(a.valueNode, QStringLiteral("annotation '%1' is translated in part: %2")
                                     .arg(a.key, why.join(QStringLiteral("; "))));
    left << a.key;
    return true;
}

// ingress-nginx refuses the whole list (the paths then answer 503) when a name is not one; the
// import keeps the names and reports the others.
void IngressExternalAuthAnnotations::responseHeaders(ImportSession &session, ExternalAuth &auth,
                                                     int &translated, QStringList &left) const {
    const Annotation *a = find("auth-response-headers");
    if (!a)
        return;
    static const QRegularExpression header(QStringLiteral("^[A-Za-z0-9_-]+$"));
    QStringList wrong;
    for (const QString &entry : a->value.split(u',', Qt::SkipEmptyParts)) {
        const QString name = entry.trimmed();
        if (header.match(name).hasMatch())
            auth.responseHeaders << name;
        else if (!name.isEmpty())
            wrong << name;
    }
    auth.src.fields.insert(QStringLiteral("responseHeaders"), at(a->valueNode));
    if (wrong.isEmpty()) {
        ++translated;
        return;
    }
    session.warning(a->valueNode,
                    QStringLiteral("annotation '%1': '%2' is not a header name; left out "
                                   "(ingress-nginx refuses the list and answers 503)")
                        .arg(a->key, wrong.join(QStringLiteral("', '"))));
    left << a->key;
}

// auth-signin, without the redirect parameter: the engine adds `rd` itself, with the request's
// URL (ingress-nginx's default, and what `rd=$escaped_request_uri` asks for, as a path).
void IngressExternalAuthAnnotations::signIn(ImportSession &session, ExternalAuth &auth,
                                            int &translated, QStringList &left) const {
    const Annotation *param = find("auth-signin-redirect-param");
    const QString rd = param ? param->value : QStringLiteral("rd");
    const Annotation *a = find("auth-signin");
    if (param) {
        if (!a)
            leave(session, param->keyNode, param->key, QStringLiteral("there is no auth-signin"),
                  left);
        else if (rd == u"rd")
            ++translated;
        else
            leave(session, param->valueNode, param->key,
                  QStringLiteral("the engine names the sign-in's parameter rd; a sign-in "
                                 "service that reads '%1' does not find the request's URL")
                      .arg(rd),
                  left);
    }
    if (!a)
        return;
    QString base = a->value.section(u'?', 0, 0);
    const QString query = a->value.contains(u'?') ? a->value.section(u'?', 1) : QString();
    QStringList kept, notes, problems;
    for (const QString &parameter : query.split(u'&', Qt::SkipEmptyParts)) {
        const QString name = parameter.section(u'=', 0, 0);
        if (name == rd || name == u"rd") {
            if (parameter.contains(u'$'))
                notes << QStringLiteral("'%1' left out: the engine adds rd itself, with the "
                                        "request's whole URL")
                             .arg(parameter);
            else
                problems << QStringLiteral("'%1' left out: the engine adds rd itself, with the "
                                           "request's URL, so browsers come back to where they "
                                           "were going")
                                .arg(parameter);
        } else if (parameter.contains(u'$')) {
            problems << QStringLiteral("'%1' left out: the engine fills in no nginx variables")
                            .arg(parameter);
        } else {
            kept << parameter;
        }
    }
    static const QRegularExpression variableHost(QStringLiteral("^https?://\\$[A-Za-z_]+(/.*)?$"),
                                                 QRegularExpression::CaseInsensitiveOption);
    if (const auto m = variableHost.match(base); m.hasMatch()) {
        base = m.captured(1).isEmpty() ? QStringLiteral("/") : m.captured(1);
        notes << QStringLiteral("its host is the request's own: the sign-in is the path '%1' of "
                                "the host the request went to, on the request's scheme")
                     .arg(base);
    }
    const QString value = kept.isEmpty() ? base : base + u'?' + kept.join(u'&');
    if (value.contains(u'$')) {
        leave(session, a->valueNode, a->key,
              QStringLiteral("'%1' holds nginx variables, which the engine does not fill in; a "
                             "401 goes back to the client as it came")
                  .arg(a->value),
              left);
        return;
    }
    auth.signIn = value;
    auth.src.fields.insert(QStringLiteral("signIn"), at(a->valueNode));
    if (!notes.isEmpty())
        session.note(
            a->valueNode,
            QStringLiteral("annotation '%1': %2").arg(a->key, notes.join(QStringLiteral("; "))));
    if (problems.isEmpty()) {
        ++translated;
        return;
    }
    session.warning(a->valueNode, QStringLiteral("annotation '%1' is translated in part: %2")
                                      .arg(a->key, problems.join(QStringLiteral("; "))));
    left << a->key;
}

// What the topology has no place for, each with its reason (auth-method: GET is what the engine
// sends).
void IngressExternalAuthAnnotations::others(ImportSession &session, int &translated,
                                            QStringList &left) const {
    for (auto it = m_taken.cbegin(); it != m_taken.cend(); ++it) {
        const QString &name = it.key();
        const Annotation &a = it.value();
        QString why;
        if (name == u"auth-method") {
            if (a.value.compare(u"GET", Qt::CaseInsensitive) == 0) {
                ++translated;
                continue;
            }
            why = QStringLiteral("the engine asks the authentication service with GET, not %1")
                      .arg(a.value);
        } else if (name == u"auth-cache-key" || name == u"auth-cache-duration") {
            why = QStringLiteral("the engine asks the authentication service on every request; "
                                 "it keeps no answers");
        } else if (name == u"auth-snippet") {
            why = QStringLiteral("raw nginx configuration for the authentication request is not "
                                 "translated; review it by hand");
        } else if (name == u"auth-proxy-set-headers") {
            why = QStringLiteral("it names a ConfigMap of headers for the authentication request, "
                                 "which the import does not read; the engine sends the client's "
                                 "headers and X-Forwarded-*, X-Original-URL and "
                                 "X-Original-Method");
        } else if (name == u"auth-request-redirect") {
            why = QStringLiteral("the engine sends no X-Auth-Request-Redirect; the "
                                 "authentication service gets the request's URL in "
                                 "X-Original-URL");
        } else if (name == u"auth-always-set-cookie") {
            why = QStringLiteral("the engine sets no cookie of the authentication service on "
                                 "the response");
        } else if (name.startsWith(u"auth-keepalive")) {
            why = QStringLiteral("the engine's connections to the authentication service are "
                                 "its endpoints' own, not set per Ingress");
        } else if (name == u"enable-global-auth") {
            why = globalAuth();
        } else {
            continue; // auth-url, -response-headers, -signin, -signin-redirect-param
        }
        leave(session, a.keyNode, a.key, why, left);
    }
}

} // namespace ingress::kubeimport
