#include "model/yaml/yamlmap.h"
#include "model/yaml/yamlsections.h"
#include "model/yaml/yamlsupport.h"

#include <algorithm>

namespace ingress::yaml {

namespace {

// Far beyond any canvas (10,000 hosts are about 500,000 units tall) yet safely inside int.
constexpr int maxCoordinate = 100000000;

std::optional<int> coordinate(const Node *node) {
    if (!node || !node->isScalar())
        return std::nullopt;
    const QString text = node->toQString();
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    // Plain decimal only: "+5", "0x10" or "1e3" would read differently elsewhere.
    const bool plain = !text.isEmpty() && !text.startsWith(u'+') &&
                       std::all_of(text.cbegin() + (text.startsWith(u'-') ? 1 : 0), text.cend(),
                                   [](QChar c) { return c.isDigit(); });
    if (!ok || !plain || value < -maxCoordinate || value > maxCoordinate)
        return std::nullopt;
    return int(value);
}

void readGroup(YamlContext &context, const Node *group, const char *name, const QString &prefix,
               CanvasPositions &out) {
    if (!group || group->isNull())
        return;
    if (!group->isMap()) {
        context.error(rule::wrongType, group,
                      QStringLiteral("'canvas.%1': expected a mapping of names to [x, y] "
                                     "positions, got %2")
                          .arg(QLatin1StringView(name), YamlContext::describe(group)));
        return;
    }
    for (std::size_t i = 0; i < group->pairCount(); ++i) {
        const Node &key = group->key(i);
        const Node &value = group->value(i);
        if (!key.isScalar()) {
            context.error(rule::wrongType, &key,
                          QStringLiteral("'canvas.%1': expected a name, got %2")
                              .arg(QLatin1StringView(name), YamlContext::describe(&key)));
            continue;
        }
        const std::span<const Node *const> xy =
            value.isSequence() ? value.children() : std::span<const Node *const>();
        const std::optional<int> x = xy.size() == 2 ? coordinate(xy[0]) : std::nullopt;
        const std::optional<int> y = xy.size() == 2 ? coordinate(xy[1]) : std::nullopt;
        if (!x || !y) {
            // Point at the bad number when the shape is right, else at the whole value.
            const Node *at = xy.size() == 2 ? (x ? xy[1] : xy[0]) : &value;
            context.error(rule::invalidValue, at,
                          QStringLiteral("canvas position of '%1': expected [x, y] with whole "
                                         "numbers from -%2 to %2, got %3")
                              .arg(key.toQString().left(60))
                              .arg(maxCoordinate)
                              .arg(YamlContext::describe(at)));
            continue;
        }
        out.insert(prefix + key.toQString(), QPoint(*x, *y));
    }
}

} // namespace

void readCanvas(YamlContext &context, const Node *node, CanvasPositions &out) {
    SourceMap src;
    YamlMap map(context, node, QStringLiteral("canvas section"), src,
                {"listeners", "hosts", "routes", "services"});
    if (!map.isValid())
        return;
    readGroup(context, map.value("listeners"), "listeners", canvaskey::listenerPrefix, out);
    readGroup(context, map.value("hosts"), "hosts", canvaskey::hostPrefix, out);
    readGroup(context, map.value("routes"), "routes", canvaskey::routePrefix, out);
    readGroup(context, map.value("services"), "services", canvaskey::servicePrefix, out);
}

} // namespace ingress::yaml
