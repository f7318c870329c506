// External auth in the nginx export (NginxWriter's fourth part): ngx_http_auth_request_module,
// which Debian's nginx has built in. auth_request runs in the access phase after allow/deny and
// auth_basic, the engine's order; a 2xx lets the request through, 401 and 403 refuse it with
// nginx's own page, anything else gives 500 (reported where it differs from the engine).
#include "export/nginxwriter.h"

namespace ingress {

using namespace exportsupport;
using exportpolicy::AuthRequest;
using exportpolicy::Part;
using exportpolicy::RoutePolicy;

namespace {

QString durationText(Duration duration) {
    return QStringLiteral("%1ms").arg(duration.count());
}

// "X-Auth-Request-User" -> "$upstream_http_x_auth_request_user".
QString upstreamVariable(const QString &header) {
    return QStringLiteral("$upstream_http_") + header.toLower().replace(u'-', u'_');
}

} // namespace

QString NginxWriter::authLocation(const AuthRequest &auth, int id) const {
    const QString indent = QStringLiteral("            ");
    QString out = QStringLiteral("        location = /_auth_%1 {\n").arg(id) + indent +
                  QStringLiteral("internal;\n");
    if (!auth.service || auth.service->endpoints.isEmpty()) {
        // The engine cannot ask it either: 500, which nginx gives for any answer but 2xx,
        // 401 and 403.
        return out + indent + QStringLiteral("return 500;\n        }\n");
    }
    if (auth.service->timeouts.connect)
        out += indent + QStringLiteral("proxy_connect_timeout %1;\n")
                            .arg(durationText(*auth.service->timeouts.connect));
    if (auth.service->timeouts.response)
        out += indent + QStringLiteral("proxy_read_timeout %1;\n")
                            .arg(durationText(*auth.service->timeouts.response));
    // The URI given here replaces the internal location's name; a subrequest has no arguments,
    // so the query is the path's own.
    out +=
        indent +
        QStringLiteral("proxy_pass %1;\n")
            .arg(quote(QStringLiteral("http://%1%2").arg(upstreamName(*auth.service), auth.path)));
    out += indent + QStringLiteral("proxy_method GET;\n");
    out += indent + QStringLiteral("proxy_pass_request_body off;\n");
    // The subrequest carries the client's header fields; these replace the http level's
    // proxy_set_header lines (a level that sets one inherits none). $request_method and
    // $request_uri are the client request's, not the subrequest's.
    const QList<std::pair<QString, QString>> fields{
        {QStringLiteral("Content-Length"), QStringLiteral("\"\"")},
        {QStringLiteral("Host"), QStringLiteral("$http_host")},
        {QStringLiteral("Upgrade"), QStringLiteral("\"\"")},
        {QStringLiteral("Connection"), QStringLiteral("\"\"")},
        {QStringLiteral("X-Forwarded-For"), QStringLiteral("$proxy_add_x_forwarded_for")},
        {QStringLiteral("X-Forwarded-Proto"), QStringLiteral("$scheme")},
        {QStringLiteral("X-Forwarded-Host"), QStringLiteral("$http_host")},
        {QStringLiteral("X-Forwarded-Method"), QStringLiteral("$request_method")},
        {QStringLiteral("X-Forwarded-Uri"), QStringLiteral("$request_uri")},
        {QStringLiteral("X-Original-URL"), QStringLiteral("$scheme://$http_host$request_uri")},
        {QStringLiteral("X-Original-Method"), QStringLiteral("$request_method")}};
    for (const auto &[name, value] : fields)
        out += indent + QStringLiteral("proxy_set_header %1 %2;\n").arg(name, value);
    return out + QStringLiteral("        }\n");
}

QString NginxWriter::externalAuthDirectives(const RoutePolicy &policy, const QString &indent) {
    if (!policy.externalAuth)
        return {};
    const AuthRequest &auth = *policy.externalAuth;
    // One internal location per server and service/path: routes asking alike share it.
    const QString key = authLocation(auth, 0);
    int id = m_authLocations.value(key, 0);
    if (id == 0) {
        id = ++m_auths;
        m_authLocations.insert(key, id);
        m_namedLocations += authLocation(auth, id);
    }
    exportpolicy::reportPart(
        m_warnings, policy, Part::ExternalAuth,
        QStringLiteral("nginx answers a 401 or 403 of the auth service with its own page (only "
                       "WWW-Authenticate is passed on) and any other answer but 2xx with 500; "
                       "the engine returns the auth service's answer as it came"));
    QString out = indent + QStringLiteral("auth_request /_auth_%1;\n").arg(id);
    for (qsizetype i = 0; i < auth.responseHeaders.size(); ++i) {
        const QString variable = QStringLiteral("$auth_%1_%2").arg(id).arg(i);
        out += indent + QStringLiteral("auth_request_set %1 %2;\n")
                            .arg(variable, upstreamVariable(auth.responseHeaders[i]));
        // Set from the answer on every request: nginx sends no header whose value is empty,
        // so a client's own X-Auth-Request-User never reaches the backend either.
        m_authHeaders.append({auth.responseHeaders[i], variable});
    }
    if (!auth.signIn.isEmpty()) {
        if (policy.has(Part::BasicAuth))
            exportpolicy::reportPart(m_warnings, policy, Part::ExternalAuth,
                                     QStringLiteral("nginx sends basic auth's 401 to the sign-in "
                                                    "page too (error_page holds for the "
                                                    "location)"));
        exportpolicy::reportPart(m_warnings, policy, Part::ExternalAuth,
                                 QStringLiteral("nginx cannot percent-encode the URL given to the "
                                                "sign-in page: rd carries $request_uri as sent, "
                                                "so a query's '&' ends it early"));
        // A named location inherits nothing from the one it serves: the browser fields again.
        const QString body =
            m_browserHeaders + QStringLiteral("            return 302 %1;\n")
                                   .arg(quote(auth.signInRedirect() +
                                              QStringLiteral("$scheme://$http_host$request_uri")));
        const QString signInKey = QStringLiteral("@signin\n") + body;
        int signInId = m_authLocations.value(signInKey, 0);
        if (signInId == 0) {
            // Numbered as its auth location unless that number is taken by another page.
            signInId = m_authLocations.values().contains(-id) ? ++m_auths : id;
            m_authLocations.insert(signInKey, -signInId);
            m_namedLocations += QStringLiteral("        location @signin_%1 {\n%2        }\n")
                                    .arg(signInId)
                                    .arg(body);
        } else {
            signInId = -signInId;
        }
        out += indent + QStringLiteral("error_page 401 = @signin_%1;\n").arg(signInId);
    }
    return out;
}

QString NginxWriter::authHeaderLines(const QString &indent) const {
    if (m_authHeaders.isEmpty())
        return {};
    QString out;
    for (const auto &[name, value] : proxyHeaders())
        out += indent + QStringLiteral("proxy_set_header %1 %2;\n").arg(name, value);
    for (const auto &[name, value] : m_authHeaders)
        out += indent + QStringLiteral("proxy_set_header %1 %2;\n").arg(name, value);
    return out;
}

} // namespace ingress
