// The answers the nginx export gives itself instead of proxying: redirects and direct responses
// (NginxWriter's other half; nginxwriter.cpp writes servers, locations and proxying).
#include "export/nginxwriter.h"

namespace ingress {

using namespace exportsupport;

// A redirect or a direct response. `return` runs in nginx's rewrite phase, before the access
// checks of a policy: behind one, the answer waits in a named location (answerAfterPolicy).
QString NginxWriter::answerAction(const CompiledRoute &route, const Listener &listener,
                                  const QString &subject, const SourceLocation &where, bool inIf,
                                  const QString &indent) {
    const bool behindPolicy = m_locationPolicy && !inIf;
    const QString answerIndent = behindPolicy ? QStringLiteral("            ") : indent;
    const QString answer = route.redirect
                               ? redirectAction(route, listener, answerIndent)
                               : respondAction(*route.respond, subject, inIf, answerIndent);
    if (inIf && m_locationPolicy)
        exportpolicy::report(m_warnings,
                             warnAt(subject, where,
                                    QStringLiteral("nginx answers a redirect or direct response "
                                                   "inside `if` before it checks access; the "
                                                   "policy is not applied to this route's "
                                                   "answer")));
    return behindPolicy ? answerAfterPolicy(answer, indent) : answer;
}

// `return CODE "TEXT"`. nginx reads the text of a 301-308 as a Location and expands '$' in it as a
// variable (there is no escape), so such a body is left out and reported.
QString NginxWriter::respondAction(const DirectResponse &respond, const QString &subject, bool inIf,
                                   const QString &indent) {
    const int code = respond.status;
    const bool locationCode =
        code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    if (respond.body.isEmpty() || locationCode || respond.body.contains(u'$')) {
        if (!respond.body.isEmpty())
            m_warnings << warnAt(subject, respond.src.at(QStringLiteral("body")),
                                 locationCode
                                     ? QStringLiteral("nginx reads the text of a %1 as a "
                                                      "Location; the body is not exported")
                                           .arg(code)
                                     : QStringLiteral("nginx expands '$' in a body as a "
                                                      "variable; the body is not exported"));
        return indent + QStringLiteral("return %1;\n").arg(code);
    }
    // `default_type` is not allowed in `if`; there the type is the location's.
    const QString type =
        inIf ? QString() : indent + QStringLiteral("default_type \"text/plain; charset=utf-8\";\n");
    return type + indent + QStringLiteral("return %1 %2;\n").arg(code).arg(quote(respond.body));
}

QString NginxWriter::redirectAction(const CompiledRoute &route, const Listener &listener,
                                    const QString &indent) {
    const RedirectPlan plan = planRedirect(route, listener);
    const QString target =
        QStringLiteral("%1://%2%3")
            .arg(plan.scheme, plan.host.isEmpty() ? QStringLiteral("$host") : plan.host,
                 plan.portFromHost ? hostPortVariable() : plan.portSuffix);
    QString path;
    switch (plan.mode) {
    case RedirectPlan::PathMode::Request:
        path = QStringLiteral("$request_uri");
        break;
    case RedirectPlan::PathMode::Fixed:
        path = plan.path + QStringLiteral("$is_args$args");
        break;
    case RedirectPlan::PathMode::ReplaceMatch: {
        const QString rest = newVariable(QStringLiteral("rest"));
        const QString capture = rest.mid(1) + QStringLiteral("c");
        if (route.type == PathType::Regex) {
            // regexAroundMatch with named groups, which map values can refer to.
            const QString head = rest.mid(1) + QStringLiteral("h");
            const QString pattern = QStringLiteral("^(?<%1>.*?)(?:%2)(?<%3>.*)$")
                                        .arg(head, QString::fromStdString(route.path), capture);
            m_maps << QStringLiteral("    map $uri %1 {\n        %2 %3;\n        default $uri;\n"
                                     "    }\n")
                          .arg(rest, quote(u'~' + pattern),
                               quote(u'$' + head + plan.path + u'$' + capture));
        } else {
            const QString key = escapeRegex(prefixKey(route));
            m_maps << QStringLiteral("    map $uri %1 {\n        %2 %3;\n        %4 %5;\n    }\n")
                          .arg(rest, quote(QStringLiteral("~^%1$").arg(key)),
                               quote(plan.replacement.whole),
                               quote(QStringLiteral("~^%1(?<%2>/.*)$").arg(key, capture)),
                               quote(plan.replacement.base + u'$' + capture));
        }
        path = rest + QStringLiteral("$is_args$args");
        break;
    }
    }
    return indent + QStringLiteral("return %1 %2;\n").arg(plan.code).arg(quote(target + path));
}

} // namespace ingress
