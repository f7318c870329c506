#include "export/ingressnginxsnippets.h"

#include "export/headerfilteredit.h"
#include "export/ingressnginxannotations.h"

namespace ingress::kubeimport {

namespace {

QString lines(const QList<int> &numbers) {
    QStringList texts;
    for (const int n : numbers)
        texts << QString::number(n);
    return texts.join(QStringLiteral(", "));
}

void apply(HeaderFilter &into, const HeaderFilter &from) {
    for (const HeaderValue &h : from.set)
        editHeader(into, HeaderEdit::Set, h.name, h.value);
    for (const HeaderValue &h : from.add)
        editHeader(into, HeaderEdit::Add, h.name, h.value);
    for (const QString &name : from.remove)
        editHeader(into, HeaderEdit::Remove, name);
}

void appendNew(QStringList &into, const QStringList &from) {
    for (const QString &item : from)
        if (!into.contains(item))
            into << item;
}

} // namespace

bool IngressSnippetAnnotations::take(const QString &key, const QString &name,
                                     const YAML::Node &keyNode, const YAML::Node &valueNode) {
    if (name == u"configuration-snippet")
        m_location = Annotation{key, keyNode, valueNode};
    else if (name == u"server-snippet")
        m_server = Annotation{key, keyNode, valueNode};
    else
        return false;
    return true;
}

SnippetEffects IngressSnippetAnnotations::effects(ImportSession &session, const Annotation &a,
                                                  NginxSnippetTranslator::Context context) const {
    NginxSnippetTranslator translator(session, a.valueNode, a.key, context);
    if (!a.valueNode.IsScalar()) {
        session.warning(a.valueNode, QStringLiteral("annotation '%1' is not translated: its "
                                                    "value is not text")
                                         .arg(a.key));
        SnippetEffects none;
        none.left = 1;
        return none;
    }
    return translator.translate(NginxSnippet::parse(q(a.valueNode.Scalar())));
}

void IngressSnippetAnnotations::translate(ImportSession &session, IngressAnnotations &result,
                                          int &translated, QStringList &left) const {
    if (result.canary) {
        for (const auto &a : {m_server, m_location})
            if (a) {
                session.warning(a->keyNode,
                                QStringLiteral("annotation '%1' is not translated: ingress-nginx "
                                               "ignores a canary Ingress's snippets (its requests "
                                               "go through the main Ingress's locations)")
                                    .arg(a->key));
                left << a->key;
            }
        return;
    }
    using Context = NginxSnippetTranslator::Context;
    const SnippetEffects server =
        m_server ? effects(session, *m_server, Context::Server) : SnippetEffects();
    const SnippetEffects location =
        m_location ? effects(session, *m_location, Context::Location) : SnippetEffects();
    access(session, server, location, result);
    headers(session, server, location, result);
    answer(session, server, location, result);
    for (const auto &[a, e] : {std::pair{m_server, &server}, std::pair{m_location, &location}}) {
        if (!a)
            continue;
        if (e->left == 0)
            ++translated;
        else
            left << a->key;
    }
}

// ingress-nginx writes denylist-source-range's deny lines, then allowlist-source-range's allow
// lines and `deny all`, first in each location, before configuration-snippet; nginx uses the
// server's lines (server-snippet) only in a location without any of its own.
void IngressSnippetAnnotations::access(ImportSession &session, const SnippetEffects &server,
                                       const SnippetEffects &location,
                                       IngressAnnotations &result) const {
    Policy &policy = result.policy;
    const bool byAnnotations = !policy.allow.isEmpty() || !policy.deny.isEmpty();
    if (location.access) {
        if (!policy.allow.isEmpty()) {
            session.note(m_location->valueNode,
                         QStringLiteral("annotation '%1': its allow and deny lines (line %2) are "
                                        "never reached: ingress-nginx writes "
                                        "allowlist-source-range's lines before them, ending with "
                                        "'deny all'")
                             .arg(m_location->key, lines(location.accessLines)));
        } else {
            appendNew(policy.deny, location.deny);
            policy.allow = location.allow;
        }
    }
    if (server.access) {
        if (location.access || byAnnotations)
            session.note(m_server->valueNode,
                         QStringLiteral("annotation '%1': its allow and deny lines (line %2) do "
                                        "not apply: the Ingress's locations have their own (%3), "
                                        "and nginx uses the server's only where a location has "
                                        "none")
                             .arg(m_server->key, lines(server.accessLines),
                                  location.access ? QStringLiteral("configuration-snippet")
                                                  : QStringLiteral("allowlist-source-range, "
                                                                   "denylist-source-range")));
        else {
            policy.deny = server.deny;
            policy.allow = server.allow;
        }
    }
}

// proxy_hide_header drops the service's header as it is read; then headers-more applies the
// server's lines and the location's, and add_header last (its filter runs after headers-more's).
// add_header and proxy_hide_header are all or nothing: a location's own lines replace the
// server's.
void IngressSnippetAnnotations::headers(ImportSession &session, const SnippetEffects &server,
                                        const SnippetEffects &location,
                                        IngressAnnotations &result) const {
    apply(result.requestHeaders, server.request);
    apply(result.requestHeaders, location.request);
    for (const auto &[directive, serverLines, locationLines] :
         {std::tuple{"add_header", &server.addLines, &location.addLines},
          std::tuple{"proxy_hide_header", &server.hideLines, &location.hideLines}})
        if (!serverLines->isEmpty() && !locationLines->isEmpty())
            session.note(
                m_server->valueNode,
                QStringLiteral("annotation '%1': its %2 lines (line %3) do not apply: "
                               "configuration-snippet has its own, and nginx uses the "
                               "server's only where a location has none")
                    .arg(m_server->key, QLatin1StringView(directive), lines(*serverLines)));
    for (const QString &name : (location.hideLines.isEmpty() ? server : location).hidden)
        editHeader(result.responseHeaders, HeaderEdit::Remove, name);
    apply(result.responseHeaders, server.response);
    apply(result.responseHeaders, location.response);
    for (const HeaderValue &h : (location.addLines.isEmpty() ? server : location).added)
        editHeader(result.responseHeaders, HeaderEdit::Add, h.name, h.value);
}

// A server-snippet's return answers in nginx's server rewrite phase, before any location's;
// a configuration-snippet's before the location's access checks, limits, and the return that
// permanent-redirect and temporal-redirect write after it.
void IngressSnippetAnnotations::answer(ImportSession &session, const SnippetEffects &server,
                                       const SnippetEffects &location,
                                       IngressAnnotations &result) const {
    const bool byServer = server.answers();
    if (!byServer && !location.answers())
        return;
    const Annotation &a = byServer ? *m_server : *m_location;
    const SnippetEffects &by = byServer ? server : location;
    if (byServer && location.answers())
        session.note(m_location->valueNode,
                     QStringLiteral("annotation '%1': its answer at line %2 is never reached: "
                                    "server-snippet's (line %3) comes first")
                         .arg(m_location->key)
                         .arg(location.answerLine)
                         .arg(server.answerLine));
    const Policy &policy = result.policy;
    QStringList unused;
    if (result.redirect)
        unused << QStringLiteral("the permanent-redirect or temporal-redirect annotation");
    if (!policy.allow.isEmpty() || !policy.deny.isEmpty() || policy.basicAuth ||
        policy.externalAuth || policy.rateLimit || policy.connectionLimit)
        unused << QStringLiteral("the access lists, authentication and limits");
    if (!unused.isEmpty())
        session.note(a.valueNode,
                     QStringLiteral("annotation '%1': the answer at line %2 comes first; %3 do "
                                    "not apply to it, in nginx or here")
                         .arg(a.key)
                         .arg(by.answerLine)
                         .arg(unused.join(QStringLiteral(" and "))));
    if (!result.responseHeaders.isEmpty() || policy.cors || policy.securityHeaders)
        session.note(a.valueNode,
                     QStringLiteral("annotation '%1': nginx adds the response headers (and CORS "
                                    "and security headers) to the answer at line %2; the "
                                    "topology's routes that answer themselves send none of them")
                         .arg(a.key)
                         .arg(by.answerLine));
    result.redirect = by.redirect;
    result.respond = by.respond;
}

} // namespace ingress::kubeimport
