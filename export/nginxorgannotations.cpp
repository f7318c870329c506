#include "export/nginxorgannotations.h"

#include "export/annotationbool.h"

#include <limits>

namespace ingress::kubeimport {

namespace {

void leave(ImportSession &session, const YAML::Node &at, const QString &key, const QString &why,
           QStringList &left) {
    session.warning(at, QStringLiteral("annotation '%1' is not translated: %2").arg(key, why));
    left << key;
}

} // namespace

bool NginxOrgAnnotations::take(const QString &key, const QString &name, const QString &value,
                               const YAML::Node &keyNode, const YAML::Node &valueNode) {
    static const QStringList names{QStringLiteral("hsts"), QStringLiteral("hsts-max-age"),
                                   QStringLiteral("hsts-include-subdomains"),
                                   QStringLiteral("hsts-behind-proxy")};
    if (!names.contains(name))
        return false;
    m_taken.insert(name, Annotation{key, value, keyNode, valueNode});
    return true;
}

const NginxOrgAnnotations::Annotation *NginxOrgAnnotations::find(const char *name) const {
    const auto it = m_taken.constFind(QLatin1StringView(name));
    return it == m_taken.cend() ? nullptr : &it.value();
}

// F5 (internal/configs/annotations.go) reads hsts-max-age, hsts-include-subdomains and
// hsts-behind-proxy only when nginx.org/hsts is a boolean, and skips all of them, HSTS
// included, when one of them is not valid. Its header always carries `preload`
// (internal/configs/version1/nginx.ingress.tmpl), and replaces the backend's.
std::optional<SecurityHeaders> NginxOrgAnnotations::translate(ImportSession &session, bool canary,
                                                              int &translated,
                                                              QStringList &left) const {
    if (m_taken.isEmpty())
        return std::nullopt;
    const Annotation *hsts = find("hsts");
    const auto leaveOthers = [&](const QString &why) {
        for (const Annotation &a : m_taken)
            if (&a != hsts)
                leave(session, a.keyNode, a.key, why, left);
    };
    if (canary) {
        hsts = nullptr;
        leaveOthers(QStringLiteral("a canary Ingress's routes take the main Ingress's policy"));
        return std::nullopt;
    }
    if (!hsts) {
        leaveOthers(QStringLiteral("there is no nginx.org/hsts: \"true\", without which F5 NGINX "
                                   "Ingress Controller ignores it"));
        return std::nullopt;
    }
    const std::optional<bool> on = annotationBool(hsts->value);
    if (!on) {
        session.warning(hsts->valueNode,
                        QStringLiteral("annotation '%1': '%2' is not true or false; F5 NGINX "
                                       "Ingress Controller then sends no HSTS, and neither does "
                                       "the import")
                            .arg(hsts->key, hsts->value));
        left << hsts->key;
        leaveOthers(QStringLiteral("nginx.org/hsts is not valid, and F5 NGINX Ingress Controller "
                                   "ignores it then"));
        return std::nullopt;
    }
    ++translated;
    if (!*on) {
        leaveOthers(QStringLiteral("nginx.org/hsts is \"false\", and F5 NGINX Ingress Controller "
                                   "ignores it then"));
        return std::nullopt;
    }

    Hsts value;
    value.maxAge = defaultHstsMaxAge;
    value.preload = true;
    bool behindProxy = false;
    QList<const Annotation *> invalid;
    const auto flag = [&](const char *name, bool &target) {
        const Annotation *a = find(name);
        if (!a)
            return;
        if (const auto parsed = annotationBool(a->value))
            target = *parsed;
        else
            invalid << a;
    };
    if (const Annotation *a = find("hsts-max-age")) {
        bool ok = false;
        const qint64 seconds = a->value.toLongLong(&ok);
        if (ok && seconds >= 0 && seconds <= std::numeric_limits<int>::max())
            value.maxAge = int(seconds);
        else
            invalid << a;
    }
    flag("hsts-include-subdomains", value.includeSubdomains);
    flag("hsts-behind-proxy", behindProxy);
    if (!invalid.isEmpty()) {
        --translated;
        for (const Annotation *a : invalid) {
            session.warning(a->valueNode,
                            QStringLiteral("annotation '%1': '%2' is not valid; F5 NGINX Ingress "
                                           "Controller then skips every HSTS annotation of the "
                                           "Ingress, and so does the import")
                                .arg(a->key, a->value));
            left << a->key;
        }
        for (const Annotation &a : m_taken)
            if (!invalid.contains(&a))
                leave(session, a.keyNode, a.key,
                      QStringLiteral("another HSTS annotation is not valid, and F5 NGINX Ingress "
                                     "Controller then skips them all"),
                      left);
        return std::nullopt;
    }
    translated +=
        int(find("hsts-max-age") != nullptr) + int(find("hsts-include-subdomains") != nullptr);
    if (const Annotation *a = find("hsts-behind-proxy")) {
        if (behindProxy)
            leave(session, a->keyNode, a->key,
                  QStringLiteral("the proxy sends Strict-Transport-Security on its own TLS "
                                 "connections only, never because of X-Forwarded-Proto: behind a "
                                 "proxy that terminates TLS it sees plain HTTP and sends no HSTS; "
                                 "have that proxy send the header, or give the host a "
                                 "certificate so that clients reach this proxy over TLS"),
                  left);
        else
            ++translated;
    }
    session.note(hsts->keyNode,
                 QStringLiteral("F5 NGINX Ingress Controller always adds 'preload' to "
                                "Strict-Transport-Security, and so does the import (hsts "
                                "preload: true)"));
    SecurityHeaders headers;
    headers.hsts = value;
    return headers;
}

} // namespace ingress::kubeimport
