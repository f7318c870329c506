#pragma once

#include "model/topology/itemref.h"
#include "ui/properties/propertyfield.h"

#include <functional>
#include <QList>

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

// The fields the property editor shows for the kind of `current()` (ItemKind::None: the
// topology's own). The closures ask `current` at call time, so they keep editing the same item
// when rows shift around it. Keys are the fields' paths in docs/topology-format.md.
QList<PropertyField> propertyFields(TopologyDocument *document, ItemKind kind,
                                    std::function<ItemRef()> current);

// Checkers shared with other editors (and tested on their own).
namespace checks {
QString hostName(const QString &text);
QString path(const QString &text, const QString &pathType);
QString hostPort(const QString &text);
QString optionalDuration(const QString &text);
QString port(const QString &text);
QString endpoints(const QString &text);
QString optionalByteSize(const QString &text);
QString requiredName(const QString &text);
QString optionalPort(const QString &text);
QString threshold(const QString &text);
QString methods(const QString &text);
QString headerMatches(const QString &text);
QString scheme(const QString &text);
QString selector(const QString &text);
QString listenerNames(const QString &text, const QStringList &known);
QString secretName(const QString &text);
// Addresses and CIDR blocks separated by commas (IpBlock::parse); empty is fine.
QString cidrList(const QString &text);
// A whole number from `min` to `max`; empty is not.
QString numberIn(const QString &text, int min, int max);
// A request header's name, or empty.
QString optionalHeaderName(const QString &text);
// Header names separated by commas; empty is fine.
QString headerNames(const QString &text);
// CORS origins separated by commas: *, https://app.example.com or https://*.example.com (what
// browsers send in Origin: no path, no trailing slash); empty is fine (no origin).
QString corsOrigins(const QString &text);
// The name of one of the `known` services; empty is not.
QString serviceName(const QString &text, const QStringList &known);
// A request target: '/' then printable ASCII without spaces; a query is fine.
QString requestPath(const QString &text);
// An http(s) URL or a path (externalAuth's signIn); empty is fine.
QString signInUrl(const QString &text);
// An htpasswd file at `path` (already resolved against the topology file): it can be read and
// each user line is user:hash with a hash the engine accepts. Names the first bad line.
QString htpasswdFile(const QString &path);
} // namespace checks

} // namespace ingress::ui
