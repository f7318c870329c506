#pragma once

#include "export/exporter.h"
#include "export/exportpolicy.h"

#include <QMap>
#include <QString>

namespace ingress::haproxy {

// The policies of one HAProxy export: `http-request` rules per route, in the engine's order
// (connection limit, rate limit, deny/allow, basic auth), and the sections they need: a stick
// table per limit scope (a `backend` of its own) and a `userlist` per htpasswd file.
class PolicyWriter {
public:
    PolicyWriter(const ExportOptions &options, ExportResult &result)
        : m_options(options), m_result(result) {}

    // The rules that check `policy` for requests `when` selects (the route's condition): a
    // CORS preflight answered first, then the checks, and `http-after-response` rules for the
    // fields every answer gets (HSTS on a `tls` frontend only).
    QString rules(const exportpolicy::RoutePolicy &policy, const QString &when, bool tls);
    // The stick-table backends and userlists the rules refer to.
    QString sections() const;
    // `http-request set-src` rules that take the client from X-Forwarded-For when a trusted
    // proxy connects; first in the frontend, so that every check sees the client.
    static QString trustedProxyRules(const Listener &listener);

private:
    QString browserRequestRules(const exportpolicy::RoutePolicy &policy, const QString &when);
    QString browserResponseRules(const exportpolicy::RoutePolicy &policy, const QString &when,
                                 bool tls);
    QString userlist(const exportpolicy::RoutePolicy &policy);
    QString table(const QString &name, const QString &definition);

    const ExportOptions &m_options;
    ExportResult &m_result;
    QMap<QString, QString> m_tables;    // backend name -> stick-table line
    QMap<QString, QString> m_userlists; // htpasswd path -> userlist name
    QString m_userlistText;
};

} // namespace ingress::haproxy
