#pragma once

#include "export/kubernetesimportsession.h"
#include "export/nginxsnippet.h"
#include "model/topology/route.h"

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>

namespace ingress::kubeimport {

// What one snippet asks of the routes it applies to, in the topology's terms.
struct SnippetEffects {
    HeaderFilter request;  // proxy_set_header, more_set_input_headers, more_clear_input_headers
    HeaderFilter response; // more_set_headers, more_clear_headers
    // add_header and proxy_hide_header: nginx uses a location's own lines of either and the
    // server's only when the location has none, so they are kept apart until merged.
    QList<HeaderValue> added;
    QStringList hidden;
    std::optional<Redirect> redirect; // an unconditional return or rewrite to a URL
    std::optional<DirectResponse> respond;
    int answerLine = 0; // of that return or rewrite
    // allow and deny; `access` when the snippet has such lines at all (nginx then ignores those
    // of the server for this location).
    QStringList allow, deny;
    bool access = false;
    QList<int> accessLines, addLines, hideLines; // for messages
    int left = 0;                                // directives reported as not translated

    bool answers() const { return redirect || respond; }
};

// Turns the directives of one ingress-nginx snippet annotation into SnippetEffects: the
// response and request headers of the headers-more and proxy modules, an unconditional return
// or rewrite to a URL, allow and deny. Everything else is reported at the annotation, one
// warning per directive with its line in the snippet and its text, never dropped silently.
class NginxSnippetTranslator {
public:
    enum class Context { Location, Server }; // configuration-snippet, server-snippet

    // `at`: the annotation's value, where the messages go; `key`: its name as written.
    NginxSnippetTranslator(ImportSession &session, const YAML::Node &at, const QString &key,
                           Context context);

    SnippetEffects translate(const NginxSnippet &snippet);

    // A warning that `d` is not translated, and why (counted in SnippetEffects::left).
    void leave(const NginxDirective &d, const QString &why);
    // A note on a directive that is translated, or that changes nothing.
    void note(const NginxDirective &d, const QString &what);

    // Beyond this many warnings for one snippet, the rest are counted in one last message.
    static constexpr int maxWarnings = 50;

private:
    void directive(const NginxDirective &d);
    void moreHeaders(const NginxDirective &d, bool input, bool clear);
    void proxySetHeader(const NginxDirective &d);
    void addHeader(const NginxDirective &d);
    void hideHeader(const NginxDirective &d);
    void returnDirective(const NginxDirective &d);
    void rewriteDirective(const NginxDirective &d);
    void accessRule(const NginxDirective &d);
    void finishAccess();
    // The redirect for nginx's URL text, or nullopt with `why` set.
    std::optional<Redirect> redirectTo(const NginxDirective &d, QString url, int code,
                                       bool appendsQuery, QString &why);
    bool answered(const NginxDirective &d); // reports `d` as never reached when one answered

    ImportSession &m_session;
    YAML::Node m_at;
    QString m_key;
    Context m_context;
    SnippetEffects m_effects;
    int m_warnings = 0;
    int m_unlisted = 0;
    int m_conditionLine = 0; // of an if or internal rewrite before any answer
    struct AccessRule {
        NginxDirective directive;
        bool allow = false;
        QString block; // empty for "all"
    };
    QList<AccessRule> m_access;
};

} // namespace ingress::kubeimport
