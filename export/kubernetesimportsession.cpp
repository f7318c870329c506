#include "export/kubernetesimportsession.h"

#include <QRegularExpression>

namespace ingress::kubeimport {

bool isObjectName(const QString &text) {
    static const QRegularExpression name(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    return text.size() <= 253 && name.match(text).hasMatch();
}

QString q(const std::string &text) {
    return QString::fromStdString(text);
}

SourceLocation at(const YAML::Node &node) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null())
        return {};
    return {mark.line + 1, mark.column + 1};
}

void ImportSession::report(Severity severity, const YAML::Node &node, const QString &message,
                           const QString &rule) {
    diagnostics << Diagnostic{severity, rule, message, file, at(node)};
}

bool ImportSession::expectVersion(const YAML::Node &doc, const QString &apiVersion,
                                  const QString &want) {
    if (apiVersion == want)
        return true;
    error(doc["apiVersion"], QStringLiteral("unsupported apiVersion '%1' for %2 (expected %3)")
                                 .arg(apiVersion, scalar(doc, "kind"), want));
    return false;
}

YAML::Node ImportSession::keyNode(const YAML::Node &map, const char *key) {
    for (auto it = map.begin(); it != map.end(); ++it)
        if (it->first.IsScalar() && it->first.Scalar() == key)
            return it->first;
    return map;
}

QString ImportSession::scalar(const YAML::Node &map, const char *key, bool required) {
    if (!map.IsMap()) {
        if (required)
            error(map, QStringLiteral("expected a mapping with '%1'").arg(QLatin1StringView(key)));
        return {};
    }
    const YAML::Node value = map[key];
    if (!value) {
        if (required)
            error(map, QStringLiteral("missing required field '%1'").arg(QLatin1StringView(key)));
        return {};
    }
    if (!value.IsScalar()) {
        error(value, QStringLiteral("'%1' must be a single value").arg(QLatin1StringView(key)));
        return {};
    }
    return q(value.Scalar());
}

std::optional<int> ImportSession::integer(const YAML::Node &map, const char *key) {
    const QString text = scalar(map, key);
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok) {
        error(map[key],
              QStringLiteral("'%1' must be a number, not '%2'").arg(QLatin1StringView(key), text));
        return std::nullopt;
    }
    return value;
}

QString ImportSession::namespaceOf(const QString &nameSpace) {
    return nameSpace == u"default" ? QString() : nameSpace;
}

VirtualHost &ImportSession::hostNamed(const QString &name, const YAML::Node &where) {
    for (VirtualHost &host : topology.hosts)
        if (host.host == name)
            return host;
    VirtualHost host;
    host.host = name;
    host.src.node = at(where);
    topology.hosts << host;
    return topology.hosts.last();
}

Service &ImportSession::serviceNamed(const QString &name, const QString &nameSpace) {
    for (Service &s : topology.services)
        if (s.name == name && s.nameSpace == nameSpace)
            return s;
    Service s;
    s.name = name;
    s.nameSpace = nameSpace;
    topology.services << s;
    return topology.services.last();
}

} // namespace ingress::kubeimport
