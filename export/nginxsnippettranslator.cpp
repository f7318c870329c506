#include "export/nginxsnippettranslator.h"

#include "export/headerfilteredit.h"

#include <algorithm>
#include <QRegularExpression>
#include <utility>

namespace ingress::kubeimport {

namespace {

// The nginx variables a value names ("$host", "${host}"); none for a literal value.
QStringList variablesIn(const QString &value) {
    static const QRegularExpression variable(QStringLiteral("\\$(\\{?[A-Za-z0-9_]+\\}?)"));
    QStringList names;
    for (auto it = variable.globalMatch(value); it.hasNext();)
        names << it.next().captured(0);
    return names;
}

// What the validator refuses in a header value (invalid-header-filter): an escape such as \n
// in a quoted nginx word gives one.
bool hasControlCharacter(const QString &value) {
    return std::any_of(value.begin(), value.end(), [](QChar c) {
        return (c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7f;
    });
}

// Why `name: value` cannot be a header filter's entry as it is; empty when it can.
QString literalHeaderProblem(const QString &name, const QString &value) {
    if (!isHeaderName(name))
        return QStringLiteral("'%1' is not a header name").arg(name);
    if (hasControlCharacter(value))
        return QStringLiteral("the value of %1 holds control characters").arg(name);
    if (const QStringList vars = variablesIn(value); !vars.isEmpty())
        return QStringLiteral("the value of %1 holds nginx variables (%2); the topology's header "
                              "values are literal")
            .arg(name, vars.join(QStringLiteral(", ")));
    return {};
}

bool isHopByHop(const QString &name) {
    static const QStringList names{
        QStringLiteral("connection"),      QStringLiteral("upgrade"),
        QStringLiteral("keep-alive"),      QStringLiteral("te"),
        QStringLiteral("trailer"),         QStringLiteral("transfer-encoding"),
        QStringLiteral("proxy-connection")};
    return names.contains(name.toLower());
}

// What the engine sends upstream itself, whatever the filter says: a proxy_set_header giving a
// header one of these values changes nothing.
QString sentByEngine(const QString &name, const QString &value) {
    struct Own {
        const char *name;
        QStringList values;
        const char *why;
    };
    static const QList<Own> own{
        {"host",
         {QStringLiteral("$host"), QStringLiteral("$http_host"), QStringLiteral("$best_http_host")},
         "the engine forwards the client's Host"},
        {"x-forwarded-for",
         {QStringLiteral("$proxy_add_x_forwarded_for"), QStringLiteral("$full_x_forwarded_for")},
         "the engine appends the client's address to X-Forwarded-For"},
        {"x-forwarded-proto",
         {QStringLiteral("$scheme"), QStringLiteral("$pass_access_scheme")},
         "the engine sends X-Forwarded-Proto"},
        {"x-forwarded-host",
         {QStringLiteral("$host"), QStringLiteral("$http_host"), QStringLiteral("$best_http_host")},
         "the engine sends the client's Host as X-Forwarded-Host"},
        {"x-request-id",
         {QStringLiteral("$req_id"), QStringLiteral("$request_id")},
         "the engine sends an X-Request-Id (the client's, or a new one)"},
        {"upgrade", {QStringLiteral("$http_upgrade")}, "the engine forwards WebSocket upgrades"},
        {"connection",
         {QStringLiteral("$connection_upgrade"), QStringLiteral("upgrade"), QString()},
         "Connection is hop-by-hop: the engine writes its own and forwards WebSocket upgrades"},
    };
    const QString lower = name.toLower();
    for (const Own &o : own)
        if (lower == QLatin1StringView(o.name) && o.values.contains(value, Qt::CaseInsensitive))
            return QString::fromLatin1(o.why);
    // $http_x_foo is the client's own X-Foo, which is forwarded anyway.
    if (value.compare(QStringLiteral("$http_") + lower.toLower().replace(u'-', u'_'),
                      Qt::CaseInsensitive) == 0)
        return QStringLiteral("it sends the client's own value, which the proxy forwards anyway");
    return {};
}

QString hint(const QString &name) {
    if (name == u"if")
        return QStringLiteral("a condition ('if'): the topology's routes match by path, method, "
                              "headers and query parameters; write a route with such matches by "
                              "hand");
    if (name == u"location")
        return QStringLiteral("a nested location: write a route for its path by hand");
    if (name == u"set")
        return QStringLiteral("the topology has no nginx variables");
    if (name.contains(QLatin1StringView("_by_lua")) || name.startsWith(u"lua_"))
        return QStringLiteral("the topology runs no Lua code");
    if (name == u"client_max_body_size")
        return QStringLiteral("give the route a maxBodySize (the import reads ingress-nginx's "
                              "proxy-body-size annotation)");
    if (name == u"proxy_read_timeout" || name == u"proxy_send_timeout")
        return QStringLiteral("give the route a timeout (the import reads ingress-nginx's "
                              "proxy-read-timeout annotation)");
    return QStringLiteral("'%1' has no equivalent in the topology").arg(name);
}

} // namespace

NginxSnippetTranslator::NginxSnippetTranslator(ImportSession &session, const YAML::Node &at,
                                               const QString &key, Context context)
    : m_session(session), m_at(at), m_key(key), m_context(context) {
}

SnippetEffects NginxSnippetTranslator::translate(const NginxSnippet &snippet) {
    if (!snippet.error.isEmpty()) {
        m_session.warning(m_at, QStringLiteral("annotation '%1', line %2: %3; nginx refuses the "
                                               "snippet (ingress-nginx then refuses the "
                                               "Ingress): nothing of it is translated")
                                    .arg(m_key)
                                    .arg(snippet.errorLine)
                                    .arg(snippet.error));
        m_effects.left = 1;
        return m_effects;
    }
    for (const NginxDirective &d : snippet.directives)
        directive(d);
    finishAccess();
    if (m_unlisted > 0)
        m_session.warning(m_at, QStringLiteral("annotation '%1': %2 more directives not "
                                               "translated (not listed)")
                                    .arg(m_key)
                                    .arg(m_unlisted));
    return m_effects;
}

void NginxSnippetTranslator::leave(const NginxDirective &d, const QString &why) {
    ++m_effects.left;
    if (++m_warnings > maxWarnings) {
        ++m_unlisted;
        return;
    }
    m_session.warning(m_at, QStringLiteral("annotation '%1', line %2: '%3' is not translated: %4")
                                .arg(m_key)
                                .arg(d.line)
                                .arg(d.text, why));
}

void NginxSnippetTranslator::note(const NginxDirective &d, const QString &what) {
    m_session.note(m_at, QStringLiteral("annotation '%1', line %2: '%3': %4")
                             .arg(m_key)
                             .arg(d.line)
                             .arg(d.text, what));
}

void NginxSnippetTranslator::directive(const NginxDirective &d) {
    const QString &name = d.name;
    if (d.block) {
        if (name == u"if" && !m_effects.answers() && m_conditionLine == 0)
            m_conditionLine = d.line;
        leave(d, hint(name));
    } else if (name == u"more_set_headers") {
        moreHeaders(d, false, false);
    } else if (name == u"more_clear_headers") {
        moreHeaders(d, false, true);
    } else if (name == u"more_set_input_headers") {
        moreHeaders(d, true, false);
    } else if (name == u"more_clear_input_headers") {
        moreHeaders(d, true, true);
    } else if (name == u"proxy_set_header") {
        proxySetHeader(d);
    } else if (name == u"add_header") {
        addHeader(d);
    } else if (name == u"proxy_hide_header") {
        hideHeader(d);
    } else if (name == u"return") {
        returnDirective(d);
    } else if (name == u"rewrite") {
        rewriteDirective(d);
    } else if (name == u"allow" || name == u"deny") {
        accessRule(d);
    } else {
        leave(d, hint(name));
    }
}

// headers-more: more_set_headers "Name: value" ... sets (an empty value removes),
// more_clear_headers "Name" ... removes; the _input_ ones change the request. Options (-s
// statuses, -t content types, -r only when present) narrow them where the topology cannot.
void NginxSnippetTranslator::moreHeaders(const NginxDirective &d, bool input, bool clear) {
    if (d.args.isEmpty()) {
        leave(d, QStringLiteral("it names no header"));
        return;
    }
    for (const QString &arg : d.args)
        if (arg.startsWith(u'-')) {
            leave(d, QStringLiteral("its option %1 limits it to some %2; the topology's header "
                                    "filters change every %3")
                         .arg(arg,
                              arg == u"-s"   ? QStringLiteral("response statuses")
                              : arg == u"-t" ? QStringLiteral("content types")
                                             : QStringLiteral("cases"),
                              input ? QStringLiteral("request") : QStringLiteral("response")));
            return;
        }
    QList<std::pair<QString, QString>> edits; // name, value; a null value removes
    for (const QString &arg : d.args) {
        const qsizetype colon = arg.indexOf(u':');
        if (!clear && colon < 0) {
            leave(d, QStringLiteral("'%1' is not 'Name: value'").arg(arg));
            return;
        }
        const QString name = (clear || colon < 0 ? arg : arg.left(colon)).trimmed();
        const QString value = clear ? QString() : arg.mid(colon + 1).trimmed();
        if (clear && name.endsWith(u'*')) {
            leave(d, QStringLiteral("'%1' is a name pattern; the topology removes headers by "
                                    "exact name")
                         .arg(name));
            return;
        }
        if (const QString why = literalHeaderProblem(name, value); !why.isEmpty()) {
            leave(d, why);
            return;
        }
        edits << std::pair{name, value.isEmpty() ? QString() : value};
    }
    HeaderFilter &filter = input ? m_effects.request : m_effects.response;
    for (const auto &[name, value] : edits)
        editHeader(filter, value.isNull() ? HeaderEdit::Remove : HeaderEdit::Set, name, value);
}

void NginxSnippetTranslator::proxySetHeader(const NginxDirective &d) {
    if (d.args.size() != 2) {
        leave(d, QStringLiteral("nginx wants a name and a value"));
        return;
    }
    const QString &name = d.args[0];
    const QString &value = d.args[1];
    if (m_context == Context::Server) {
        leave(d, QStringLiteral("it changes nothing in ingress-nginx: its locations set "
                                "proxy_set_header lines of their own, and nginx then ignores the "
                                "server's; set it in configuration-snippet if it is needed"));
        return;
    }
    if (const QString why = sentByEngine(name, value); !why.isEmpty()) {
        note(d, QStringLiteral("redundant: %1").arg(why));
        return;
    }
    if (isHopByHop(name)) {
        leave(d,
              QStringLiteral("%1 is a hop-by-hop header: the proxy's, not a filter's").arg(name));
        return;
    }
    if (name.compare(QStringLiteral("X-Real-IP"), Qt::CaseInsensitive) == 0 &&
        !variablesIn(value).isEmpty()) {
        leave(d, QStringLiteral("the engine sends no X-Real-IP; it sends the client's address in "
                                "X-Forwarded-For"));
        return;
    }
    if (const QString why = literalHeaderProblem(name, value); !why.isEmpty()) {
        leave(d, why);
        return;
    }
    // nginx does not send a header whose value is empty.
    editHeader(m_effects.request, value.isEmpty() ? HeaderEdit::Remove : HeaderEdit::Set, name,
               value);
}

void NginxSnippetTranslator::addHeader(const NginxDirective &d) {
    const bool always = d.args.size() == 3 && d.args[2] == u"always";
    if (d.args.size() != 2 && !always) {
        leave(d, QStringLiteral("nginx wants a name, a value and optionally 'always'"));
        return;
    }
    const QString &name = d.args[0];
    const QString &value = d.args[1];
    if (const QString why = literalHeaderProblem(name, value); !why.isEmpty()) {
        leave(d, why);
        return;
    }
    for (const HeaderValue &earlier : std::as_const(m_effects.added))
        if (earlier.name.compare(name, Qt::CaseInsensitive) == 0) {
            leave(d, QStringLiteral("%1 is added already; nginx sends both values, the "
                                    "topology's filter edits a header once")
                         .arg(name));
            return;
        }
    m_effects.addLines << d.line;
    if (value.isEmpty()) {
        note(d, QStringLiteral("nginx adds no header with an empty value; nothing to add"));
        return;
    }
    m_effects.added << HeaderValue{name, value};
    if (!always)
        note(d, QStringLiteral("without 'always' nginx adds it to 200, 201, 204, 206, 301, 302, "
                               "303, 304, 307 and 308 responses only; responseHeaders.add adds "
                               "it to every response of the service"));
}

void NginxSnippetTranslator::hideHeader(const NginxDirective &d) {
    if (d.args.size() != 1 || !isHeaderName(d.args[0])) {
        leave(d, QStringLiteral("nginx wants one header name"));
        return;
    }
    m_effects.hideLines << d.line;
    m_effects.hidden << d.args[0];
}

} // namespace ingress::kubeimport
