#pragma once

#include "model/topology/topology.h"

// A small document like examples/shop.yaml, built in code so these tests do not depend on the
// loader.
inline ingress::Topology sampleTopology() {
    using namespace ingress;
    Topology t;
    t.name = QStringLiteral("shop");
    t.listeners = {
        Listener{QStringLiteral("web"), QStringLiteral("127.0.0.1:8080"), Protocol::Http, {}},
        Listener{
            QStringLiteral("websecure"), QStringLiteral("127.0.0.1:8443"), Protocol::Https, {}}};
    Service food;
    food.name = QStringLiteral("food");
    food.endpoints = {Endpoint{QStringLiteral("127.0.0.1:9001"), 1, {}},
                      Endpoint{QStringLiteral("127.0.0.1:9002"), 3, {}}};
    Service abc;
    abc.name = QStringLiteral("abc");
    abc.type = ServiceType::NodePort;
    abc.nodePort = 30080;
    abc.endpoints = {Endpoint{QStringLiteral("127.0.0.1:9003"), 1, {}}};
    t.services = {food, abc};
    t.certificates = {Certificate{QStringLiteral("bar-com"),
                                  QStringLiteral("certs/bar-com.crt"),
                                  Certificate::keychain,
                                  {},
                                  {}}};
    VirtualHost foodHost;
    foodHost.host = QStringLiteral("food.bar.com");
    foodHost.tls = QStringLiteral("bar-com");
    Route root;
    root.service = QStringLiteral("food");
    foodHost.routes = {root};
    VirtualHost abcHost;
    abcHost.host = QStringLiteral("abc.bar.com");
    Route api;
    api.firstMatch().path = QStringLiteral("/api");
    api.service = QStringLiteral("abc");
    Route login;
    login.firstMatch().path = QStringLiteral("/login");
    login.firstMatch().pathType = PathType::Exact;
    login.service = QStringLiteral("abc");
    abcHost.routes = {api, login};
    t.hosts = {foodHost, abcHost};
    t.defaultService = QStringLiteral("food");
    return t;
}
