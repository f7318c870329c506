#include "model/yaml/yamlsections.h"

#include "model/yaml/yamlmap.h"
#include "model/yaml/yamlsupport.h"

namespace ingress::yaml {

namespace {

const QString portNumber = QStringLiteral("a port number 1-65535");

Endpoint readEndpoint(YamlContext &context, const Node *node) {
    Endpoint endpoint;
    // Short form: "- 127.0.0.1:9001" (weight 1).
    if (node && node->isScalar()) {
        endpoint.address = node->toQString();
        endpoint.src.node = YamlContext::location(node);
        endpoint.src.fields.insert(QStringLiteral("address"), endpoint.src.node);
        return endpoint;
    }
    YamlMap map(context, node, QStringLiteral("endpoint: \"host:port\" or a mapping"), endpoint.src,
                {"address", "weight"}, {"address"});
    if (!map.isValid())
        return endpoint;
    map.readString("address", endpoint.address);
    map.readInt("weight", endpoint.weight, 0, 1000000, QStringLiteral("a weight 0-1000000"));
    return endpoint;
}

HealthCheck readHealthCheck(YamlContext &context, const Node *node) {
    HealthCheck check;
    YamlMap map(context, node, QStringLiteral("health check"), check.src,
                {"path", "interval", "timeout", "unhealthyThreshold", "healthyThreshold"});
    if (!map.isValid())
        return check;
    map.readString("path", check.path);
    map.readDuration("interval", check.interval);
    map.readDuration("timeout", check.timeout);
    const QString threshold = QStringLiteral("a count 1-100");
    map.readInt("unhealthyThreshold", check.unhealthyThreshold, 1, 100, threshold);
    map.readInt("healthyThreshold", check.healthyThreshold, 1, 100, threshold);
    return check;
}

ServiceTimeouts readTimeouts(YamlContext &context, const Node *node) {
    ServiceTimeouts timeouts;
    YamlMap map(context, node, QStringLiteral("timeouts mapping"), timeouts.src,
                {"connect", "response", "idle"});
    if (!map.isValid())
        return timeouts;
    map.readDuration("connect", timeouts.connect);
    map.readDuration("response", timeouts.response);
    map.readDuration("idle", timeouts.idle);
    return timeouts;
}

StickySession readStickySession(YamlContext &context, const Node *node) {
    StickySession sticky;
    YamlMap map(context, node, QStringLiteral("stickySession"), sticky.src, {"cookie", "ttl"});
    if (!map.isValid())
        return sticky;
    map.readString("cookie", sticky.cookie);
    map.readDuration("ttl", sticky.ttl);
    return sticky;
}

} // namespace

Listener readListener(YamlContext &context, const Node *node) {
    Listener listener;
    YamlMap map(context, node, QStringLiteral("listener"), listener.src,
                {"name", "bind", "protocol", "trustedProxies", "proxyProtocol"}, {"name", "bind"});
    if (!map.isValid())
        return listener;
    map.readString("name", listener.name);
    map.readString("bind", listener.bind);
    map.readEnum("protocol", listener.protocol, QStringLiteral("protocol"));
    map.readStringList("trustedProxies", listener.trustedProxies);
    std::optional<bool> proxyProtocol;
    map.readBool("proxyProtocol", proxyProtocol);
    listener.proxyProtocol = proxyProtocol.value_or(false);
    return listener;
}

Certificate readCertificate(YamlContext &context, const Node *node) {
    Certificate certificate;
    // `certificate` is required unless the cluster holds it (`secret`).
    const auto hasKey = [node](const char *key) {
        if (!node || !node->isMap())
            return false;
        for (std::size_t i = 0; i < node->pairCount(); ++i)
            if (node->key(i).textEquals(key))
                return true;
        return false;
    };
    const bool inCluster = hasKey("secret") && !hasKey("certificate");
    YamlMap map(context, node, QStringLiteral("certificate"), certificate.src,
                {"name", "certificate", "privateKey", "secret"},
                inCluster ? std::initializer_list<const char *>{"name"}
                          : std::initializer_list<const char *>{"name", "certificate"});
    if (!map.isValid())
        return certificate;
    map.readString("name", certificate.name);
    map.readString("certificate", certificate.certificate);
    map.readString("privateKey", certificate.privateKey);
    map.readString("secret", certificate.secret);
    return certificate;
}

Service readService(YamlContext &context, const Node *node) {
    Service service;
    YamlMap map(context, node, QStringLiteral("service"), service.src,
                {"name", "namespace", "type", "port", "nodePort", "loadBalancing", "stickySession",
                 "endpoints", "healthCheck", "timeouts", "selector"},
                {"name"});
    if (!map.isValid())
        return service;
    map.readString("name", service.name);
    map.readString("namespace", service.nameSpace);
    map.readEnum("type", service.type, QStringLiteral("service type"));
    map.readInt("port", service.port, 1, 65535, portNumber);
    map.readInt("nodePort", service.nodePort, 1, 65535, portNumber);
    map.readEnum("loadBalancing", service.loadBalancing, QStringLiteral("load balancing policy"));
    if (map.has("stickySession"))
        service.stickySession = readStickySession(context, map.value("stickySession"));
    const std::span<const Node *const> endpoints =
        map.sequence("endpoints", QStringLiteral("endpoint"));
    if (!endpoints.empty())
        service.endpoints.reserve(qsizetype(endpoints.size()));
    for (const Node *endpoint : endpoints)
        service.endpoints << readEndpoint(context, endpoint);
    if (map.has("healthCheck"))
        service.healthCheck = readHealthCheck(context, map.value("healthCheck"));
    if (map.has("timeouts"))
        service.timeouts = readTimeouts(context, map.value("timeouts"));
    QList<std::pair<QString, QString>> selector;
    map.readStringPairs("selector", selector);
    for (const auto &[label, value] : selector)
        service.selector.insert(label, value);
    return service;
}

} // namespace ingress::yaml
