#pragma once

#include <QMap>
#include <QPoint>
#include <QString>

namespace ingress {

// Where the user placed nodes of the canvas, keyed by canvas key ("host:food.bar.com",
// "route:food.bar.com /api"). Saved in the topology file's `canvas:` section
// (docs/topology-format.md) so that an arranged canvas survives a reopen; layout only, so
// exporters, the validator and routing never read it. Whole numbers: what is on screen is what
// the file says, and load -> save -> load stays an identity.
using CanvasPositions = QMap<QString, QPoint>;

// Canvas keys name items, not positions in lists, so they survive reorderings; the prefixes
// are also how the file's `canvas:` groups map onto keys.
namespace canvaskey {
inline const QString listenerPrefix = QStringLiteral("listener:");
inline const QString hostPrefix = QStringLiteral("host:");
inline const QString routePrefix = QStringLiteral("route:");
inline const QString servicePrefix = QStringLiteral("service:");

// A route is named by its host and path: "food.bar.com /api" (host names have no spaces).
inline QString routeName(const QString &host, const QString &path) {
    return host + u' ' + path;
}
} // namespace canvaskey

} // namespace ingress
