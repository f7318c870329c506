// NginxSnippetTranslator's return, rewrite, allow and deny: what answers a request before it
// is proxied, and who may send it.
#include "export/nginxsnippettranslator.h"
#include "model/routing/ipblock.h"

#include <QUrl>

namespace ingress::kubeimport {

namespace {

bool isRedirectCode(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

bool isAbsolute(const QString &url) {
    return url.startsWith(QLatin1StringView("http://"), Qt::CaseInsensitive) ||
           url.startsWith(QLatin1StringView("https://"), Qt::CaseInsensitive) ||
           url.startsWith(QLatin1StringView("$scheme://"));
}

// Stands for the request's path and query in a redirect URL: `$request_uri`, or `$1` of a
// rewrite whose pattern captures the whole path.
const QString requestUri = QStringLiteral("$request_uri");

} // namespace

bool NginxSnippetTranslator::answered(const NginxDirective &d) {
    if (!m_effects.answers())
        return false;
    note(d, QStringLiteral("never reached: the answer at line %1 comes first, in nginx too")
                .arg(m_effects.answerLine));
    return true;
}

// `return CODE [URL|TEXT]` or `return URL`: nginx answers in its rewrite phase, before the
// access checks and the proxying.
void NginxSnippetTranslator::returnDirective(const NginxDirective &d) {
    if (answered(d))
        return;
    if (m_conditionLine > 0) {
        leave(d, QStringLiteral("it follows the condition or rewrite at line %1, so it does not "
                                "answer every request")
                     .arg(m_conditionLine));
        return;
    }
    if (d.args.isEmpty() || d.args.size() > 2) {
        leave(d, QStringLiteral("nginx wants a status and a URL or text, or a URL"));
        return;
    }
    int code = 302;
    QString text;
    if (d.args.size() == 1 && isAbsolute(d.args[0])) {
        text = d.args[0];
    } else {
        bool ok = false;
        code = d.args[0].toInt(&ok);
        if (!ok || code < 0 || code > 999) {
            leave(d, QStringLiteral("'%1' is not a status code").arg(d.args[0]));
            return;
        }
        text = d.args.value(1);
    }
    if (isRedirectCode(code)) {
        if (text.isEmpty()) {
            leave(d, QStringLiteral("a redirect status without a URL"));
            return;
        }
        QString why;
        if (auto redirect = redirectTo(d, text, code, false, why)) {
            m_effects.redirect = redirect;
            m_effects.answerLine = d.line;
        } else {
            leave(d, why);
        }
        return;
    }
    if (code == 444) {
        leave(d, QStringLiteral("444 closes the connection without an answer; the topology "
                                "always answers"));
        return;
    }
    if (code < 200 || code > 599) {
        leave(d, QStringLiteral("the topology answers with a status from 200 to 599"));
        return;
    }
    if (text.contains(u'$')) {
        leave(d, QStringLiteral("the text holds nginx variables; the topology's answers are "
                                "literal"));
        return;
    }
    m_effects.respond = DirectResponse{code, text, {}};
    m_effects.answerLine = d.line;
}

// `rewrite REGEX REPLACEMENT [FLAG]` redirects when the replacement is a URL or the flag is
// permanent (301) or redirect (302); it answers every request when the pattern takes any path.
void NginxSnippetTranslator::rewriteDirective(const NginxDirective &d) {
    if (answered(d))
        return;
    if (d.args.size() < 2 || d.args.size() > 3) {
        leave(d, QStringLiteral("nginx wants a pattern, a replacement and optionally a flag"));
        return;
    }
    const QString &pattern = d.args[0];
    QString url = d.args[1];
    const QString flag = d.args.value(2);
    const bool redirects = flag == u"permanent" || flag == u"redirect" || isAbsolute(url);
    static const QStringList anyPath{
        QStringLiteral("^"),  QStringLiteral("^.*"),  QStringLiteral("^.*$"), QStringLiteral(".*"),
        QStringLiteral("^/"), QStringLiteral("^/.*"), QStringLiteral("^/.*$")};
    static const QStringList wholePath{QStringLiteral("^(.*)$"), QStringLiteral("^(.*)"),
                                       QStringLiteral("(.*)"), QStringLiteral("^(/.*)$"),
                                       QStringLiteral("^(/.*)")};
    const bool whole = wholePath.contains(pattern);
    if (!redirects || (!whole && !anyPath.contains(pattern))) {
        if (m_conditionLine == 0)
            m_conditionLine = d.line;
        leave(d, redirects ? QStringLiteral("it redirects only the paths '%1' matches; write a "
                                            "route (pathType: Regex) with that redirect by hand")
                                 .arg(pattern)
                           : QStringLiteral("it rewrites the path inside nginx; give the route a "
                                            "rewritePath or rewritePrefix by hand"));
        return;
    }
    if (m_conditionLine > 0) {
        leave(d, QStringLiteral("it follows the condition or rewrite at line %1, so it does not "
                                "answer every request")
                     .arg(m_conditionLine));
        return;
    }
    // nginx appends the request's query unless the replacement ends with '?'.
    const bool appendsQuery = !url.endsWith(u'?');
    if (!appendsQuery)
        url.chop(1);
    if (whole && url.endsWith(QLatin1StringView("$1")))
        url = url.chopped(2) + requestUri;
    QString why;
    if (auto redirect = redirectTo(d, url, flag == u"permanent" ? 301 : 302, appendsQuery, why)) {
        m_effects.redirect = redirect;
        m_effects.answerLine = d.line;
    } else {
        leave(d, why);
    }
}

// nginx's Location is the URL as written, made absolute with the request's scheme and host
// when it is a path; `$request_uri` at its end keeps the request's path and query, which is
// what the topology's redirect does when it leaves the path alone.
std::optional<Redirect> NginxSnippetTranslator::redirectTo(const NginxDirective &d, QString url,
                                                           int code, bool appendsQuery,
                                                           QString &why) {
    Redirect redirect;
    redirect.code = code;
    QString rest = url;
    if (rest.startsWith(QLatin1StringView("$scheme://"))) {
        rest = rest.mid(10);
    } else if (isAbsolute(rest)) {
        const qsizetype colon = rest.indexOf(u':');
        redirect.scheme = rest.left(colon).toLower();
        rest = rest.mid(colon + 3);
    } else if (!rest.startsWith(u'/')) {
        why =
            QStringLiteral("'%1' is not a URL (http://, https://, $scheme:// or a path)").arg(url);
        return std::nullopt;
    }
    if (!url.startsWith(u'/')) {
        qsizetype end = 0;
        while (end < rest.size() && rest[end] != u'/' && rest[end] != u'?' &&
               !rest.mid(end).startsWith(requestUri))
            ++end;
        const QString authority = rest.left(end);
        rest = rest.mid(end);
        static const QStringList requestHost{QStringLiteral("$host"), QStringLiteral("$http_host"),
                                             QStringLiteral("$best_http_host")};
        if (!requestHost.contains(authority)) {
            const QUrl parsed(QStringLiteral("http://") + authority, QUrl::StrictMode);
            if (authority.contains(u'$') || !parsed.isValid() || parsed.host().isEmpty() ||
                !parsed.userInfo().isEmpty()) {
                why = QStringLiteral("'%1' is not a host name, $host or $http_host").arg(authority);
                return std::nullopt;
            }
            redirect.host = parsed.host();
            if (parsed.port() > 0)
                redirect.port = parsed.port();
        }
    }
    if (rest == requestUri)
        return redirect; // the request's path and query
    if (rest.contains(u'$')) {
        why = QStringLiteral("its path '%1' holds nginx variables; the topology's redirect keeps "
                             "the request's path ($request_uri) or gives a literal one")
                  .arg(rest);
        return std::nullopt;
    }
    if (rest.contains(u'?')) {
        why = QStringLiteral("it gives a query; the topology's redirect keeps the request's");
        return std::nullopt;
    }
    redirect.path = rest.isEmpty() ? QStringLiteral("/") : rest;
    if (!appendsQuery)
        note(d, QStringLiteral("nginx drops the request's query from this redirect; the "
                               "topology's redirect keeps it"));
    return redirect;
}

void NginxSnippetTranslator::accessRule(const NginxDirective &d) {
    const QString block = d.args.value(0);
    if (d.args.size() != 1 || (block != u"all" && !IpBlock::parse(block.toStdString()))) {
        leave(d, QStringLiteral("nginx wants 'all' or one address or CIDR block (10.0.0.0/8, "
                                "2001:db8::/32)"));
        return;
    }
    m_access << AccessRule{d, d.name == u"allow", block == u"all" ? QString() : block};
}

// nginx takes the first allow or deny line that matches the client, and lets it through when
// none does. The topology refuses what `deny` takes, then what `allow` (when not empty) does not:
// the same for deny lines, then allow lines, then an optional `deny all`.
void NginxSnippetTranslator::finishAccess() {
    if (m_access.isEmpty())
        return;
    if (m_effects.answers()) {
        for (const AccessRule &rule : m_access)
            note(rule.directive, QStringLiteral("never reached: the answer at line %1 comes "
                                                "before nginx checks addresses")
                                     .arg(m_effects.answerLine));
        return;
    }
    qsizetype terminal = -1, lastAllow = -1;
    for (qsizetype i = 0; i < m_access.size() && terminal < 0; ++i) {
        if (m_access[i].block.isEmpty())
            terminal = i;
        else if (m_access[i].allow)
            lastAllow = i;
    }
    const bool denyAll = terminal >= 0 && !m_access[terminal].allow;
    QStringList allow, deny;
    for (qsizetype i = 0; i < m_access.size(); ++i) {
        const AccessRule &rule = m_access[i];
        if (terminal >= 0 && i > terminal) {
            note(rule.directive, QStringLiteral("never reached: '%1' at line %2 decides first, "
                                                "in nginx too")
                                     .arg(m_access[terminal].directive.text)
                                     .arg(m_access[terminal].directive.line));
            continue;
        }
        m_effects.access = true;
        m_effects.accessLines << rule.directive.line;
        if (rule.block.isEmpty())
            continue;
        if (rule.allow)
            allow << rule.block;
        else if (allow.isEmpty())
            deny << rule.block;
        else if (denyAll && i > lastAllow)
            note(rule.directive, QStringLiteral("redundant: the allow lines before it let their "
                                                "addresses through, and 'deny all' refuses the "
                                                "others"));
        else
            leave(rule.directive, QStringLiteral("a deny after an allow: nginx lets through the "
                                                 "addresses the allow lines before it take, "
                                                 "which the topology's deny would refuse; write "
                                                 "the lists by hand"));
    }
    if (denyAll && allow.isEmpty())
        deny = {QStringLiteral("0.0.0.0/0"), QStringLiteral("::/0")};
    else if (denyAll)
        m_effects.allow = allow;
    else if (!allow.isEmpty())
        for (qsizetype i = 0; i < m_access.size() && (terminal < 0 || i < terminal); ++i)
            if (m_access[i].allow)
                note(m_access[i].directive,
                     QStringLiteral("changes nothing: without a 'deny all' after "
                                    "it nginx lets every address through that "
                                    "no deny line takes"));
    m_effects.deny = deny;
}

} // namespace ingress::kubeimport
