#include "model/topology/topology.h"

#include <algorithm>
#include <QDir>
#include <QFileInfo>

namespace ingress {

namespace {
template <typename T> const T *findByName(const QList<T> &items, const QString &name) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T &t) { return t.name == name; });
    return it == items.end() ? nullptr : &*it;
}
} // namespace

const Service *Topology::findService(const QString &serviceName) const {
    return findByName(services, serviceName);
}

const Certificate *Topology::findCertificate(const QString &certificateName) const {
    return findByName(certificates, certificateName);
}

const Listener *Topology::findListener(const QString &listenerName) const {
    return findByName(listeners, listenerName);
}

QString Topology::resolvePath(const QString &path) const {
    if (path.isEmpty() || QDir::isAbsolutePath(path) || origin.filePath.isEmpty())
        return path;
    return QDir::cleanPath(QFileInfo(origin.filePath).absoluteDir().filePath(path));
}

QString Topology::rebasedPath(const QString &path, const QString &newFilePath) const {
    if (path.isEmpty() || QDir::isAbsolutePath(path) || origin.filePath.isEmpty())
        return path;
    return QFileInfo(newFilePath).absoluteDir().relativeFilePath(resolvePath(path));
}

} // namespace ingress
