#include "export/kuberneteshttprouterule.h"

#include <algorithm>
#include <cmath>
#include <QMap>

namespace ingress::kubeimport {

std::optional<Route> HttpRouteRuleReader::read(const YAML::Node &rule, int index) {
    m_what = QStringLiteral("HTTPRoute '%1' rule #%2").arg(m_routeName).arg(index + 1);
    Route route;
    route.src.node = at(rule);
    if (!rule.IsMap()) {
        m_session.error(rule, QStringLiteral("%1 must be a mapping").arg(m_what));
        return std::nullopt;
    }
    matches(route, rule["matches"]);
    filters(route, rule["filters"]);
    const qsizetype firstRef = m_session.refs.size();
    backends(route, rule["backendRefs"]);
    timeouts(route, rule["timeouts"]);
    if (rule["sessionPersistence"])
        sessionPersistence(rule, firstRef);
    if (rule["retry"])
        m_session.warning(ImportSession::keyNode(rule, "retry"),
                          QStringLiteral("%1: 'retry' is not imported (the topology has no "
                                         "equivalent)")
                              .arg(m_what));
    if (!route.hasBackend() && !route.redirect) {
        // What Gateway API answers for a rule that forwards nowhere, whether its backendRefs do
        // not resolve or it has none (the conformance test HTTPRouteNoBackendRefs): 500. The
        // route answers that itself.
        const bool named = rule["backendRefs"] && rule["backendRefs"].size() > 0;
        route.respond = DirectResponse{500, {}, {}};
        route.respond->src.node = at(rule);
        route.src.fields.insert(QStringLiteral("respond"), at(rule));
        m_session.warning(rule,
                          QStringLiteral("%1 %2: imported as a route that answers %3 "
                                         "itself (respond)")
                              .arg(m_what, named ? QStringLiteral("has no backend that Gateway "
                                                                  "API resolves")
                                                 : QStringLiteral("sends nowhere"))
                              .arg(route.respond->status));
    }
    return route;
}

void HttpRouteRuleReader::matches(Route &route, const YAML::Node &list) {
    if (!list || !list.IsSequence() || list.size() == 0)
        return; // Gateway API's default: PathPrefix "/", the route's default match
    route.matches.clear();
    for (const YAML::Node &node : list) {
        RouteMatchRule match;
        match.src.node = at(node);
        const YAML::Node path = node["path"];
        if (path) {
            match.src.fields.insert(QStringLiteral("path"), at(path));
            const QString value = m_session.scalar(path, "value");
            if (!value.isEmpty())
                match.path = value;
            const QString type = m_session.scalar(path, "type");
            if (type == u"Exact")
                match.pathType = PathType::Exact;
            else if (type == u"RegularExpression")
                match.pathType = PathType::Regex;
            else if (!type.isEmpty() && type != u"PathPrefix")
                m_session.error(path["type"], QStringLiteral("%1: path type must be Exact, "
                                                             "PathPrefix or RegularExpression, "
                                                             "not '%2'")
                                                  .arg(m_what, type));
        }
        match.headers = valueMatches(node["headers"], "header");
        match.queryParams = valueMatches(node["queryParams"], "query parameter");
        if (node["headers"])
            match.src.fields.insert(QStringLiteral("headers"), at(node["headers"]));
        if (node["queryParams"])
            match.src.fields.insert(QStringLiteral("queryParams"), at(node["queryParams"]));
        const QString method = m_session.scalar(node, "method");
        if (!method.isEmpty()) {
            match.methods << method;
            match.src.fields.insert(QStringLiteral("methods"), at(node["method"]));
        }
        route.matches << match;
    }
}

QList<HeaderMatch> HttpRouteRuleReader::valueMatches(const YAML::Node &list, const char *what) {
    QList<HeaderMatch> result;
    if (!list)
        return result;
    for (const YAML::Node &node : list) {
        HeaderMatch match{m_session.scalar(node, "name", true), m_session.scalar(node, "value"),
                          ValueMatch::Exact};
        const QString type = m_session.scalar(node, "type");
        if (type == u"RegularExpression")
            match.type = ValueMatch::RegularExpression;
        else if (!type.isEmpty() && type != u"Exact")
            m_session.error(node["type"], QStringLiteral("%1: %2 match type must be Exact or "
                                                         "RegularExpression, not '%3'")
                                              .arg(m_what, QLatin1StringView(what), type));
        result << match;
    }
    return result;
}

void HttpRouteRuleReader::backends(Route &route, const YAML::Node &list) {
    if (!list || !list.IsSequence())
        return;
    int total = 0;
    for (const YAML::Node &ref : list)
        total += m_session.integer(ref, "weight").value_or(1);
    QList<RouteBackend> kept;
    for (const YAML::Node &ref : list) {
        const int weight = m_session.integer(ref, "weight").value_or(1);
        if (!ref.IsMap()) {
            m_session.error(ref, QStringLiteral("%1: a backendRef must be a mapping").arg(m_what));
            continue;
        }
        if (ref["filters"])
            m_session.warning(ImportSession::keyNode(ref, "filters"),
                              QStringLiteral("%1: filters on a backendRef (per backend) are not "
                                             "representable in the topology; not imported")
                                  .arg(m_what));
        const auto name =
            service(ref, list.size() > 1 ? QStringLiteral("answers 500 for its share of the "
                                                          "requests (%1 of %2); left out here (a "
                                                          "split cannot answer 500 for a share), "
                                                          "the other backends keep their "
                                                          "weights")
                                               .arg(weight)
                                               .arg(total)
                                         : QStringLiteral("answers 500 for the requests of "
                                                          "the rule"));
        if (!name)
            continue;
        RouteBackend backend{*name, weight, {}};
        backend.src.node = at(ref);
        kept << backend;
    }
    if (kept.size() == 1 && kept[0].weight > 0)
        route.service = kept[0].service;
    else
        route.backends = kept;
    if (!kept.isEmpty())
        route.src.fields.insert(
            QString::fromLatin1(route.backends.isEmpty() ? "service" : "backends"), at(list));
}

std::optional<QString> HttpRouteRuleReader::service(const YAML::Node &ref,
                                                    const QString &consequence) {
    if (!ref.IsMap()) {
        m_session.error(ref, QStringLiteral("%1: a backendRef must be a mapping").arg(m_what));
        return std::nullopt;
    }
    const QString group = m_session.scalar(ref, "group");
    const QString kind = m_session.scalar(ref, "kind");
    const QString name = m_session.scalar(ref, "name", true);
    QString nameSpace = m_session.scalar(ref, "namespace");
    if (nameSpace.isEmpty())
        nameSpace = m_nameSpace;
    if (name.isEmpty())
        return std::nullopt;
    const auto invalid = [&](const QString &why) {
        m_session.warning(ref, QStringLiteral("%1: backendRef '%2' %3: Gateway API %4")
                                   .arg(m_what, name, why, consequence));
    };
    if (!group.isEmpty() || (!kind.isEmpty() && kind != u"Service")) {
        invalid(QStringLiteral("is a %1, not a Service (InvalidKind)")
                    .arg(group.isEmpty() ? kind : QStringLiteral("%1.%2").arg(kind, group)));
        return std::nullopt;
    }
    if (nameSpace != m_nameSpace && !m_grants.allows(QStringLiteral("HTTPRoute"), m_nameSpace,
                                                     QStringLiteral("Service"), nameSpace, name)) {
        invalid(QStringLiteral("is in namespace '%1' and no ReferenceGrant there allows "
                               "HTTPRoutes of '%2' to refer to it (RefNotPermitted)")
                    .arg(nameSpace, m_nameSpace));
        return std::nullopt;
    }
    const QString topologyNamespace = ImportSession::namespaceOf(nameSpace);
    const bool inInput = std::any_of(
        m_session.topology.services.begin(), m_session.topology.services.end(),
        [&](const Service &s) { return s.name == name && s.nameSpace == topologyNamespace; });
    if (!inInput && !m_boundServices.contains(QStringLiteral("%1/%2").arg(nameSpace, name)) &&
        !m_boundServices.contains(name)) {
        invalid(QStringLiteral("names Service %1/%2, which is not in the input (BackendNotFound "
                               "unless the cluster has it; bind it with --endpoint %1/%2=HOST:PORT "
                               "to import it)")
                    .arg(nameSpace, name));
        return std::nullopt;
    }
    const auto port = m_session.integer(ref, "port");
    if (!port) {
        invalid(QStringLiteral("has no 'port', which a Service reference needs"));
        return std::nullopt;
    }
    m_session.refs << BackendRef{name, topologyNamespace, {}, *port, at(ref), m_session.file};
    return name;
}

void HttpRouteRuleReader::filters(Route &route, const YAML::Node &list) {
    if (!list)
        return;
    for (const YAML::Node &filter : list) {
        const QString type = m_session.scalar(filter, "type", true);
        // Each filter type has its settings under its own key (requestRedirect, ...).
        static const QMap<QString, const char *> settings{
            {QStringLiteral("RequestHeaderModifier"), "requestHeaderModifier"},
            {QStringLiteral("ResponseHeaderModifier"), "responseHeaderModifier"},
            {QStringLiteral("URLRewrite"), "urlRewrite"},
            {QStringLiteral("RequestRedirect"), "requestRedirect"},
            {QStringLiteral("RequestMirror"), "requestMirror"}};
        if (const char *key = settings.value(type); key && (!filter[key] || !filter[key].IsMap())) {
            m_session.error(filter, QStringLiteral("%1: filter %2 needs a '%3' mapping")
                                        .arg(m_what, type, QLatin1StringView(key)));
            continue;
        }
        if (type == u"RequestHeaderModifier") {
            route.requestHeaders = headerFilter(filter["requestHeaderModifier"]);
            route.src.fields.insert(QStringLiteral("requestHeaders"), at(filter));
        } else if (type == u"ResponseHeaderModifier") {
            route.responseHeaders = headerFilter(filter["responseHeaderModifier"]);
            route.src.fields.insert(QStringLiteral("responseHeaders"), at(filter));
        } else if (type == u"URLRewrite") {
            urlRewrite(route, filter["urlRewrite"]);
        } else if (type == u"RequestRedirect") {
            redirect(route, filter["requestRedirect"]);
        } else if (type == u"RequestMirror") {
            mirror(route, filter["requestMirror"]);
        } else if (!type.isEmpty()) {
            m_session.warning(filter, QStringLiteral("%1: filter %2 is not representable in the "
                                                     "topology; not imported")
                                          .arg(m_what, type));
        }
    }
}

HeaderFilter HttpRouteRuleReader::headerFilter(const YAML::Node &node) {
    HeaderFilter result;
    result.src.node = at(node);
    for (const auto &[key, list] : {std::pair{"set", &result.set}, std::pair{"add", &result.add}})
        for (const YAML::Node &header : node[key])
            *list << HeaderValue{m_session.scalar(header, "name", true),
                                 m_session.scalar(header, "value")};
    for (const YAML::Node &name : node["remove"])
        if (name.IsScalar())
            result.remove << q(name.Scalar());
    return result;
}

void HttpRouteRuleReader::urlRewrite(Route &route, const YAML::Node &node) {
    const QString host = m_session.scalar(node, "hostname");
    if (!host.isEmpty()) {
        route.rewriteHost = host;
        route.src.fields.insert(QStringLiteral("rewriteHost"), at(node["hostname"]));
    }
    const YAML::Node path = node["path"];
    if (!path)
        return;
    const QString type = m_session.scalar(path, "type", true);
    if (type == u"ReplaceFullPath") {
        route.rewritePath = m_session.scalar(path, "replaceFullPath");
        route.src.fields.insert(QStringLiteral("rewritePath"), at(path));
    } else if (type == u"ReplacePrefixMatch") {
        route.rewritePrefix = m_session.scalar(path, "replacePrefixMatch");
        if (route.rewritePrefix->isEmpty())
            route.rewritePrefix = QStringLiteral("/");
        route.src.fields.insert(QStringLiteral("rewritePrefix"), at(path));
    } else if (!type.isEmpty()) {
        m_session.warning(path["type"], QStringLiteral("%1: URLRewrite path type %2 is not "
                                                       "imported")
                                            .arg(m_what, type));
    }
}

void HttpRouteRuleReader::redirect(Route &route, const YAML::Node &node) {
    Redirect result;
    result.src.node = at(node);
    result.scheme = m_session.scalar(node, "scheme");
    result.host = m_session.scalar(node, "hostname");
    result.port = m_session.integer(node, "port");
    result.code = m_session.integer(node, "statusCode").value_or(302);
    const YAML::Node path = node["path"];
    if (path) {
        const QString type = m_session.scalar(path, "type", true);
        if (type == u"ReplaceFullPath")
            result.path = m_session.scalar(path, "replaceFullPath");
        else if (type == u"ReplacePrefixMatch")
            result.prefixPath = m_session.scalar(path, "replacePrefixMatch");
        else if (!type.isEmpty())
            m_session.warning(path["type"], QStringLiteral("%1: RequestRedirect path type %2 is "
                                                           "not imported")
                                                .arg(m_what, type));
        if (type == u"ReplacePrefixMatch" && result.prefixPath.isEmpty())
            result.prefixPath = QStringLiteral("/");
    }
    route.redirect = result;
    route.src.fields.insert(QStringLiteral("redirect"), at(node));
}

void HttpRouteRuleReader::mirror(Route &route, const YAML::Node &node) {
    int percent = 100;
    if (node["percent"]) {
        percent = m_session.integer(node, "percent").value_or(100);
    } else if (const YAML::Node fraction = node["fraction"]) {
        const int numerator = m_session.integer(fraction, "numerator").value_or(0);
        const int denominator = m_session.integer(fraction, "denominator").value_or(100);
        if (denominator > 0) {
            const double exact = 100.0 * numerator / denominator;
            percent = int(std::lround(exact));
            if (double(percent) != exact)
                m_session.warning(fraction, QStringLiteral("%1: mirror fraction %2/%3 is "
                                                           "imported as %4 %")
                                                .arg(m_what)
                                                .arg(numerator)
                                                .arg(denominator)
                                                .arg(percent));
        }
    }
    if (!node["backendRef"]) {
        m_session.error(node, QStringLiteral("%1: RequestMirror needs 'backendRef'").arg(m_what));
        return;
    }
    const auto name =
        service(node["backendRef"], QStringLiteral("does not mirror the requests (the filter is "
                                                   "invalid); the mirror is left out"));
    if (!name)
        return;
    RouteMirror result{*name, percent, {}};
    result.src.node = at(node);
    route.mirrors << result;
}

void HttpRouteRuleReader::timeouts(Route &route, const YAML::Node &node) {
    if (!node)
        return;
    std::optional<Duration> tightest;
    const char *tightestField = nullptr;
    for (const char *field : {"request", "backendRequest"}) {
        const QString text = m_session.scalar(node, field);
        if (text.isEmpty())
            continue;
        const auto duration = parseDuration(text);
        if (!duration) {
            m_session.error(node[field], QStringLiteral("%1: timeouts.%2 '%3' is not a duration")
                                             .arg(m_what, QLatin1StringView(field), text));
            continue;
        }
        if (duration->count() == 0)
            continue; // Gateway API: no timeout
        if (tightest && *tightest <= *duration) {
            m_session.warning(
                node[field],
                QStringLiteral("%1: timeouts.%2 (%3) is not kept; the tighter "
                               "timeouts.%4 is the route's timeout")
                    .arg(m_what, QLatin1StringView(field), text, QLatin1StringView(tightestField)));
            continue;
        }
        if (tightest)
            m_session.warning(
                node[tightestField],
                QStringLiteral("%1: timeouts.%2 is not kept; the tighter "
                               "timeouts.%3 (%4) is the route's timeout")
                    .arg(m_what, QLatin1StringView(tightestField), QLatin1StringView(field), text));
        tightest = duration;
        tightestField = field;
    }
    if (tightest) {
        route.timeout = tightest;
        route.src.fields.insert(QStringLiteral("timeout"), at(node));
    }
}

} // namespace ingress::kubeimport
