#pragma once

#include "model/routing/routingtable.h"
#include "tests/model/routingfixtures.h"

#include <QString>
#include <QStringList>
#include <string>

namespace ingress::testing {

// A request as strings that outlive the RequestInfo views into them.
struct Request {
    std::string method, host, path, query;
    MapHeaders headers;
    RequestInfo info;

    Request(int listener, const QString &m, const QString &h, const QString &target,
            const QStringList &headerLines)
        : method(m.toStdString()), host(h.toStdString()), headers(headerLines) {
        const qsizetype q = target.indexOf(u'?');
        path = target.left(q).toStdString();
        query = q < 0 ? std::string() : target.mid(q + 1).toStdString();
        info.listener = listener;
        info.method = method;
        info.host = host;
        info.path = path;
        info.query = query;
        info.headers = &headers;
    }
};

} // namespace ingress::testing
