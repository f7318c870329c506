#include "export/kuberneteslabelselector.h"

namespace ingress::kubeimport {

namespace {

QString text(const YAML::Node &node) {
    return node && node.IsScalar() ? QString::fromStdString(node.Scalar()) : QString();
}

} // namespace

std::optional<bool> selectorMatches(const YAML::Node &selector, const Labels &labels,
                                    QString *error) {
    if (!selector || selector.IsNull())
        return true;
    if (!selector.IsMap()) {
        *error = QStringLiteral("a label selector must be a mapping");
        return std::nullopt;
    }
    bool matches = true;
    if (const YAML::Node wanted = selector["matchLabels"]) {
        if (!wanted.IsMap()) {
            *error = QStringLiteral("matchLabels must be a mapping");
            return std::nullopt;
        }
        for (auto it = wanted.begin(); it != wanted.end(); ++it) {
            const QString key = text(it->first);
            matches = matches && labels.contains(key) && labels.value(key) == text(it->second);
        }
    }
    if (const YAML::Node expressions = selector["matchExpressions"]) {
        if (!expressions.IsSequence()) {
            *error = QStringLiteral("matchExpressions must be a list");
            return std::nullopt;
        }
        for (const YAML::Node &expression : expressions) {
            const QString key = text(expression["key"]);
            const QString op = text(expression["operator"]);
            QStringList values;
            for (const YAML::Node &value : expression["values"])
                values << text(value);
            const bool has = labels.contains(key);
            if (op == u"In")
                matches = matches && has && values.contains(labels.value(key));
            else if (op == u"NotIn")
                matches = matches && !(has && values.contains(labels.value(key)));
            else if (op == u"Exists")
                matches = matches && has;
            else if (op == u"DoesNotExist")
                matches = matches && !has;
            else {
                *error = QStringLiteral("matchExpressions operator '%1' is not In, NotIn, Exists "
                                        "or DoesNotExist")
                             .arg(op);
                return std::nullopt;
            }
        }
    }
    return matches;
}

} // namespace ingress::kubeimport
