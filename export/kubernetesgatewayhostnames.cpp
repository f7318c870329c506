#include "export/kubernetesgatewayhostnames.h"

namespace ingress::kubeimport {

namespace {

bool isWildcard(const QString &name) {
    return name.startsWith(u"*.");
}

// `name` (exact or wildcard) lies under the wildcard `wildcard`: its suffix ".example.com"
// follows at least one label of `name`.
bool under(const QString &name, const QString &wildcard) {
    const QString suffix = wildcard.mid(1); // ".example.com"
    return name.size() > suffix.size() && name.endsWith(suffix) &&
           name.left(name.size() - suffix.size()) != u"*";
}

} // namespace

std::optional<QString> intersectHostnames(const QString &listener, const QString &route) {
    const QString l = listener.toLower();
    const QString r = route.toLower();
    if (l.isEmpty() || l == r)
        return r;
    if (isWildcard(l) && (under(r, l)))
        return r;
    if (isWildcard(r) && under(l, r))
        return l;
    return std::nullopt;
}

} // namespace ingress::kubeimport
