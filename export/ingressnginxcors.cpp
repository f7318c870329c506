#include "export/ingressnginxcors.h"

#include "export/annotationbool.h"

#include <limits>
#include <QRegularExpression>
#include <utility>

namespace ingress::kubeimport {

namespace {

void leave(ImportSession &session, const YAML::Node &at, const QString &key, const QString &why,
           QStringList &left) {
    session.warning(at, QStringLiteral("annotation '%1' is not translated: %2").arg(key, why));
    left << key;
}

bool isNameChar(QChar c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
           c == u'-' || c == u'_';
}

bool isLetter(QChar c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

// ingress-nginx's `^((WORD),?\s?)+$` checks of its lists: words, each followed by an optional
// comma and an optional white space. Go's regexp runs that in linear time; a backtracking one
// (QRegularExpression) can take exponential time on a long value that fails, so it is walked by
// hand. `star`: "*" is a word too (cors-expose-headers).
bool isWordList(QStringView text, bool (*isWordChar)(QChar), bool star) {
    if (text.isEmpty())
        return false;
    qsizetype i = 0;
    while (i < text.size()) {
        if (star && text[i] == u'*') {
            ++i;
        } else {
            const qsizetype start = i;
            while (i < text.size() && isWordChar(text[i]))
                ++i;
            if (i == start)
                return false;
        }
        if (i < text.size() && text[i] == u',')
            ++i;
        if (i < text.size() && text[i].isSpace())
            ++i;
    }
    return true;
}

QStringList words(const QString &text) {
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

} // namespace

bool IngressCorsAnnotations::take(const QString &key, const QString &name, const QString &value,
                                  const YAML::Node &keyNode, const YAML::Node &valueNode) {
    if (name != u"enable-cors" && !name.startsWith(u"cors-"))
        return false;
    m_taken.insert(name, Annotation{key, value, keyNode, valueNode});
    return true;
}

const IngressCorsAnnotations::Annotation *IngressCorsAnnotations::find(const char *name) const {
    const auto it = m_taken.constFind(QLatin1StringView(name));
    return it == m_taken.cend() ? nullptr : &it.value();
}

std::optional<Cors> IngressCorsAnnotations::translate(ImportSession &session, bool canary,
                                                      int &translated, QStringList &left) const {
    if (m_taken.isEmpty())
        return std::nullopt;
    if (canary) {
        for (const Annotation &a : m_taken)
            leave(session, a.keyNode, a.key,
                  QStringLiteral("a canary Ingress takes the main Ingress's CORS (ingress-nginx "
                                 "ignores its own)"),
                  left);
        return std::nullopt;
    }
    const Annotation *enable = find("enable-cors");
    bool enabled = false;
    if (enable) {
        if (const auto flag = annotationBool(enable->value)) {
            enabled = *flag;
            ++translated;
        } else {
            session.warning(enable->valueNode,
                            QStringLiteral("annotation '%1': '%2' is not true or false; "
                                           "ingress-nginx reads it as false (no CORS), and so "
                                           "does the import")
                                .arg(enable->key, enable->value));
            left << enable->key;
        }
    }
    if (!enabled) {
        const QString why =
            enable ? QStringLiteral("enable-cors is not \"true\", and ingress-nginx ignores the "
                                    "cors-* annotations without it")
                   : QStringLiteral("there is no enable-cors: \"true\", without which "
                                    "ingress-nginx ignores the cors-* annotations");
        for (const Annotation &a : m_taken)
            if (&a != enable)
                leave(session, a.keyNode, a.key, why, left);
        return std::nullopt;
    }
    Cors cors;
    origins(session, cors, translated, left);
    lists(session, cors, translated, left);
    credentials(session, cors, translated, left);
    maxAge(session, cors, translated, left);
    return cors;
}

// Comma-separated origins; "*" anywhere means any origin (ingress-nginx stops reading there).
// ingress-nginx skips the entries that are not origins; so does the import, reporting them.
void IngressCorsAnnotations::origins(ImportSession &session, Cors &cors, int &translated,
                                     QStringList &left) const {
    const Annotation *a = find("cors-allow-origin");
    if (!a)
        return; // the topology's default, "*", is ingress-nginx's
    // What ingress-nginx accepts, and what browsers send (the topology's invalid-cors rule).
    static const QRegularExpression nginxOrigin(
        QStringLiteral(R"(^(https?://(\*\.)?[A-Za-z0-9\-\.]*(:[0-9]+)?|\*)?$)"));
    static const QRegularExpression origin(
        QStringLiteral(R"(^https?://(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$)"),
        QRegularExpression::CaseInsensitiveOption);
    QStringList kept;
    bool any = false;
    bool clean = true;
    for (const QString &entry : a->value.split(u',')) {
        const QString text = entry.trimmed();
        if (text == u'*') {
            any = true;
            break;
        }
        if (text.isEmpty())
            continue;
        if (origin.match(text).hasMatch()) {
            kept << text;
            continue;
        }
        clean = false;
        session.warning(a->valueNode,
                        QStringLiteral("annotation '%1': '%2' is not an origin "
                                       "(https://app.example.com, https://*.example.com or *); "
                                       "left out%3")
                            .arg(a->key, text,
                                 nginxOrigin.match(text).hasMatch()
                                     ? QStringLiteral(" (no browser sends it as its Origin)")
                                     : QStringLiteral(", as ingress-nginx does")));
    }
    cors.allowOrigins = any ? QStringList{QStringLiteral("*")} : kept;
    if (clean)
        ++translated;
    else
        left << a->key;
    if (cors.allowOrigins.isEmpty())
        session.warning(a->valueNode,
                        QStringLiteral("annotation '%1' has no origin left: the routes answer "
                                       "no cross-origin request (allowOrigins: []), as "
                                       "ingress-nginx does")
                            .arg(a->key));
    for (const QString &o : std::as_const(cors.allowOrigins))
        if (o.contains(u'*') && o != u'*') {
            session.note(a->valueNode,
                         QStringLiteral("annotation '%1': a wildcard origin ('%2') stands for "
                                        "one label or more in the topology; ingress-nginx "
                                        "matched exactly one")
                             .arg(a->key, o));
            break;
        }
}

// cors-allow-methods, -allow-headers, -expose-headers: lists ingress-nginx takes whole or
// replaces with its default; the topology's defaults are ingress-nginx's, so a list that is
// left out behaves as it did.
void IngressCorsAnnotations::lists(ImportSession &session, Cors &cors, int &translated,
                                   QStringList &left) const {
    struct List {
        const char *name;
        bool (*isWordChar)(QChar);
        bool star;
        QStringList *target;
        QStringList defaults;
        const char *what;     // what the value should be
        const char *fallback; // what ingress-nginx sends instead
    };
    const List lists[]{
        {"cors-allow-methods", isLetter, false, &cors.allowMethods, Cors::defaultMethods(),
         "a list of methods (GET, PUT, POST)",
         "its default methods (GET, PUT, POST, DELETE, PATCH, OPTIONS)"},
        {"cors-allow-headers", isNameChar, false, &cors.allowHeaders, Cors::defaultHeaders(),
         "a list of header names (X-Api-Key, Content-Type)", "its default headers"},
        {"cors-expose-headers",
         isNameChar,
         true,
         &cors.exposeHeaders,
         {},
         "a list of header names or *",
         "no Access-Control-Expose-Headers"},
    };
    for (const List &list : lists) {
        const Annotation *a = find(list.name);
        if (!a)
            continue;
        if (isWordList(a->value, list.isWordChar, list.star)) {
            // The default written out (as the Kubernetes export does) stays the default, so that
            // export -> import gives back the topology.
            if (const QStringList given = words(a->value); given != list.defaults)
                *list.target = given;
            ++translated;
            continue;
        }
        session.warning(a->valueNode,
                        QStringLiteral("annotation '%1': '%2' is not %3; ingress-nginx then "
                                       "sends %4, and so does the import")
                            .arg(a->key, a->value, QLatin1StringView(list.what),
                                 QLatin1StringView(list.fallback)));
        left << a->key;
    }
}

// ingress-nginx allows credentials unless cors-allow-credentials says "false". With "*" it
// sends `Access-Control-Allow-Origin: *` next to `-Allow-Credentials: true`, which browsers
// refuse for a request with cookies or a password: only requests without credentials work. The
// topology echoes the origin when credentials are on, which would let every site read the
// routes as their signed-in users; leaving them off keeps what browsers did.
void IngressCorsAnnotations::credentials(ImportSession &session, Cors &cors, int &translated,
                                         QStringList &left) const {
    const Annotation *a = find("cors-allow-credentials");
    bool allow = true;
    if (a) {
        if (const auto flag = annotationBool(a->value)) {
            allow = *flag;
            ++translated;
        } else {
            session.warning(a->valueNode,
                            QStringLiteral("annotation '%1': '%2' is not true or false; "
                                           "ingress-nginx then allows credentials (its "
                                           "default), and so does the import")
                                .arg(a->key, a->value));
            left << a->key;
        }
    }
    if (!allow || !cors.allowOrigins.contains(QStringLiteral("*"))) {
        cors.allowCredentials = allow;
        return;
    }
    const QString message =
        QStringLiteral(
            "ingress-nginx answers any origin with 'Access-Control-Allow-Origin: *' and "
            "'Access-Control-Allow-Credentials: true'%1, which browsers refuse for requests with "
            "cookies or a password; the import leaves allowCredentials off, which keeps that "
            "(echoing every origin with credentials would let any web site read these routes "
            "as their signed-in users): to allow credentials, list the origins in "
            "cors-allow-origin")
            .arg(a ? QString() : QStringLiteral(" (cors-allow-credentials defaults to true)"));
    if (a)
        session.warning(a->keyNode, message);
    else
        session.note(find("enable-cors")->keyNode, message);
}

void IngressCorsAnnotations::maxAge(ImportSession &session, Cors &cors, int &translated,
                                    QStringList &left) const {
    const Annotation *a = find("cors-max-age");
    if (!a)
        return; // the topology's default is ingress-nginx's
    bool ok = false;
    const qint64 seconds = a->value.toLongLong(&ok);
    if (ok && seconds >= 0 && seconds <= std::numeric_limits<int>::max()) {
        if (seconds != Cors::defaultMaxAge)
            cors.maxAge = int(seconds);
        ++translated;
        return;
    }
    session.warning(a->valueNode,
                    QStringLiteral("annotation '%1': '%2' is not a number of seconds; "
                                   "ingress-nginx then sends %3 (20 days), and so does the "
                                   "import")
                        .arg(a->key, a->value)
                        .arg(Cors::defaultMaxAge));
    left << a->key;
}

} // namespace ingress::kubeimport
