#include "tests/model/validatortest.h"

using namespace ingress;
using namespace std::chrono_literals;

void TestValidator::listenerRules_data() {
    addColumns();
    using enum Severity;
    fires(
        "duplicate-listener", [](Topology &t, auto &) { t.listeners[1].name = "web"; },
        "duplicate-listener", Error, 13);
    quiet(
        "duplicate-listener near miss", [](Topology &t, auto &) { t.listeners[1].name = "web2"; },
        "duplicate-listener");
    fires(
        "invalid-bind name", [](Topology &t, auto &) { t.listeners[0].bind = "localhost:8080"; },
        "invalid-bind", Error, 11);
    fires(
        "invalid-bind no port", [](Topology &t, auto &) { t.listeners[0].bind = "127.0.0.1"; },
        "invalid-bind", Error, 11);
    fires(
        "invalid-bind port 0", [](Topology &t, auto &) { t.listeners[0].bind = "127.0.0.1:0"; },
        "invalid-bind", Error, 11);
    quiet(
        "invalid-bind ipv6", [](Topology &t, auto &) { t.listeners[0].bind = "[::1]:8080"; },
        "invalid-bind");
    quiet(
        "invalid-bind any", [](Topology &t, auto &) { t.listeners[0].bind = ":8080"; },
        "invalid-bind");
    fires(
        "listener-conflict same",
        [](Topology &t, auto &) { t.listeners[1].bind = "127.0.0.1:8080"; }, "listener-conflict",
        Error, 14);
    fires(
        "listener-conflict any v4",
        [](Topology &t, auto &) { t.listeners[1].bind = "0.0.0.0:8080"; }, "listener-conflict",
        Error, 14);
    fires(
        "listener-conflict any", [](Topology &t, auto &) { t.listeners[1].bind = ":8080"; },
        "listener-conflict", Error, 14);
    fires(
        "listener-conflict any v6", [](Topology &t, auto &) { t.listeners[1].bind = "[::]:8080"; },
        "listener-conflict", Error, 14);
    fires(
        "listener-conflict v6 spelling",
        [](Topology &t, auto &) {
            t.listeners[0].bind = "[::1]:8080";
            t.listeners[1].bind = "[0:0::1]:8080";
        },
        "listener-conflict", Error, 14);
    quiet(
        "listener-conflict other address",
        [](Topology &t, auto &) { t.listeners[1].bind = "127.0.0.2:8080"; }, "listener-conflict");
    quiet(
        "listener-conflict v4 any vs v6",
        [](Topology &t, auto &) {
            t.listeners[0].bind = "0.0.0.0:8080";
            t.listeners[1].bind = "[::1]:8080";
        },
        "listener-conflict");
    quiet(
        "listener-conflict other port", [](Topology &t, auto &) { t.listeners[1].bind = ":8081"; },
        "listener-conflict");
    fires(
        "https-without-certificate",
        [](Topology &t, auto &) {
            t.hosts[0].tls.clear();
            t.hosts[1].tls.clear();
        },
        "https-without-certificate", Warning, 15);
    fires(
        "https-without-certificate other listener",
        [](Topology &t, auto &) {
            t.hosts[0].listeners = {"web"};
            t.hosts[1].listeners = {"web"};
        },
        "https-without-certificate", Warning, 15);
    quiet(
        "https-without-certificate one tls host",
        [](Topology &t, auto &) { t.hosts[0].tls.clear(); }, "https-without-certificate");
    fires(
        "invalid-name service", [](Topology &t, auto &) { t.services[1].name = "Abc_1"; },
        "invalid-name", Warning, 40);
    fires(
        "invalid-name service starts with digit",
        [](Topology &t, auto &) { t.services[1].name = "1abc"; }, "invalid-name", Warning, 40);
    fires(
        "invalid-name empty", [](Topology &t, auto &) { t.listeners[0].name.clear(); },
        "invalid-name", Error, 10);
    fires(
        "invalid-name certificate",
        [](Topology &t, auto &) { t.certificates[0].name = "bar..com"; }, "invalid-name", Warning,
        50);
    quiet(
        "invalid-name near miss",
        [](Topology &t, auto &) {
            t.services[1].name = "abc-2";
            t.certificates[0].name = "bar.com-tls";
        },
        "invalid-name");
}

void TestValidator::serviceRules_data() {
    addColumns();
    using enum Severity;
    fires(
        "duplicate-service", [](Topology &t, auto &) { t.services[1].name = "food"; },
        "duplicate-service", Error, 40);
    quiet(
        "duplicate-service near miss", [](Topology &t, auto &) { t.services[1].name = "food2"; },
        "duplicate-service");
    fires(
        "invalid-port 0", [](Topology &t, auto &) { t.services[0].port = 0; }, "invalid-port",
        Error, 21);
    fires(
        "invalid-port 65536", [](Topology &t, auto &) { t.services[0].port = 65536; },
        "invalid-port", Error, 21);
    quiet(
        "invalid-port 65535", [](Topology &t, auto &) { t.services[0].port = 65535; },
        "invalid-port");
    fires(
        "nodeport-range low", [](Topology &t, auto &) { t.services[1].nodePort = 29999; },
        "nodeport-range", Error, 42);
    fires(
        "nodeport-range high", [](Topology &t, auto &) { t.services[1].nodePort = 32768; },
        "nodeport-range", Error, 42);
    quiet(
        "nodeport-range edge", [](Topology &t, auto &) { t.services[1].nodePort = 32767; },
        "nodeport-range");
    fires(
        "nodeport-not-allowed", [](Topology &t, auto &) { t.services[0].nodePort = 30001; },
        "nodeport-not-allowed", Warning, 22);
    quiet(
        "nodeport-not-allowed LoadBalancer",
        [](Topology &t, auto &) {
            t.services[0].type = ServiceType::LoadBalancer;
            t.services[0].nodePort = 30001;
        },
        "nodeport-not-allowed");
    fires(
        "service-without-endpoints", [](Topology &t, auto &) { t.services[1].endpoints.clear(); },
        "service-without-endpoints", Warning, 43);
    quiet(
        "service-without-endpoints one",
        [](Topology &t, auto &) { t.services[0].endpoints.removeLast(); },
        "service-without-endpoints");
    fires(
        "invalid-endpoint no port",
        [](Topology &t, auto &) { t.services[0].endpoints[0].address = "127.0.0.1"; },
        "invalid-endpoint", Error, 24);
    fires(
        "invalid-endpoint no host",
        [](Topology &t, auto &) { t.services[0].endpoints[0].address = ":9001"; },
        "invalid-endpoint", Error, 24);
    fires(
        "invalid-endpoint bad name",
        [](Topology &t, auto &) { t.services[0].endpoints[0].address = "back_end:9001"; },
        "invalid-endpoint", Error, 24);
    quiet(
        "invalid-endpoint ipv6",
        [](Topology &t, auto &) { t.services[0].endpoints[0].address = "[::1]:9001"; },
        "invalid-endpoint");
    fires(
        "duplicate-endpoint",
        [](Topology &t, auto &) { t.services[0].endpoints[1].address = "127.0.0.1:9001"; },
        "duplicate-endpoint", Warning, 25);
    quiet(
        "duplicate-endpoint near miss",
        [](Topology &t, auto &) { t.services[0].endpoints[1].address = "127.0.0.1:9011"; },
        "duplicate-endpoint");
    fires(
        "invalid-weight negative",
        [](Topology &t, auto &) { t.services[0].endpoints[1].weight = -1; }, "invalid-weight",
        Error, 26);
    fires(
        "invalid-weight too big",
        [](Topology &t, auto &) { t.services[0].endpoints[1].weight = 257; }, "invalid-weight",
        Error, 26);
    quiet(
        "invalid-weight 0", [](Topology &t, auto &) { t.services[0].endpoints[1].weight = 0; },
        "invalid-weight");
    quiet(
        "invalid-weight 256", [](Topology &t, auto &) { t.services[0].endpoints[1].weight = 256; },
        "invalid-weight");
    fires(
        "invalid-health-check path",
        [](Topology &t, auto &) { t.services[0].healthCheck->path = "healthz"; },
        "invalid-health-check", Error, 28);
    fires(
        "invalid-health-check interval",
        [](Topology &t, auto &) { t.services[0].healthCheck->interval = 0ms; },
        "invalid-health-check", Error, 29);
    fires(
        "invalid-health-check threshold",
        [](Topology &t, auto &) { t.services[0].healthCheck->healthyThreshold = 0; },
        "invalid-health-check", Error, 31);
    fires(
        "invalid-health-check unhealthy threshold",
        [](Topology &t, auto &) { t.services[0].healthCheck->unhealthyThreshold = -2; },
        "invalid-health-check", Error, 32);
    fires(
        "invalid-health-check timeout",
        [](Topology &t, auto &) { t.services[0].healthCheck->timeout = 5s; },
        "invalid-health-check", Warning, 30);
    quiet(
        "invalid-health-check timeout below interval",
        [](Topology &t, auto &) { t.services[0].healthCheck->timeout = 4999ms; },
        "invalid-health-check");
    fires(
        "invalid-timeout service",
        [](Topology &t, auto &) { t.services[0].timeouts.connect = 0ms; }, "invalid-timeout", Error,
        34);
    fires(
        "invalid-timeout route", [](Topology &t, auto &) { t.hosts[0].routes[1].timeout = 0ms; },
        "invalid-timeout", Error, r2 + 7);
    quiet(
        "invalid-timeout 1ms",
        [](Topology &t, auto &) {
            t.services[0].timeouts.idle = 1ms;
            t.hosts[0].routes[1].timeout = 1ms;
        },
        "invalid-timeout");
    fires(
        "unknown-default-service", [](Topology &t, auto &) { t.defaultService = "nope"; },
        "unknown-default-service", Error, 100);
    quiet(
        "unknown-default-service unset", [](Topology &t, auto &) { t.defaultService.clear(); },
        "unknown-default-service");
}

QTEST_GUILESS_MAIN(TestValidator)
