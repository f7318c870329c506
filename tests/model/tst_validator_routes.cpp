#include "tests/model/validatortest.h"

using namespace ingress;
using namespace std::chrono_literals;

void TestValidator::routeRules_data() {
    addColumns();
    using enum Severity;
    // Gateway API's conditions and filters (docs/topology-format.md, Routes).
    fires(
        "invalid-regex header pattern",
        [](Topology &t, auto &) {
            t.hosts[0].routes[3].firstMatch().headers = {
                {"X-Canary", "(", ValueMatch::RegularExpression}};
        },
        "invalid-regex", Error, r4 + 5);
    quiet(
        "regex header valid",
        [](Topology &t, auto &) {
            t.hosts[0].routes[3].firstMatch().headers = {
                {"X-Canary", "true|yes", ValueMatch::RegularExpression}};
        },
        "invalid-regex");
    fires(
        "invalid-query-param no name",
        [](Topology &t, auto &) {
            t.hosts[0].routes[0].firstMatch().queryParams = {{"", "1", ValueMatch::Exact}};
        },
        "invalid-query-param", Error, r1 + 8);
    fires(
        "invalid-regex query pattern",
        [](Topology &t, auto &) {
            t.hosts[0].routes[0].firstMatch().queryParams = {
                {"v", "[", ValueMatch::RegularExpression}};
        },
        "invalid-regex", Error, r1 + 8);
    fires(
        "invalid-path second match",
        [](Topology &t, auto &) {
            RouteMatchRule other;
            other.path = "shop";
            other.src = validatortest::at(400, {{"path", 401}});
            t.hosts[0].routes[0].matches << other;
        },
        "invalid-path", Error, 401);
    fires(
        "invalid-header-filter edited twice",
        [](Topology &t, auto &) {
            HeaderFilter &f = t.hosts[0].routes[0].requestHeaders;
            f.set = {{"X-Env", "prod"}};
            f.remove = {"x-env"};
            f.src = validatortest::at(r1 + 18, {{"set", r1 + 18}, {"remove", r1 + 19}});
        },
        "invalid-header-filter", Error, r1 + 19);
    fires(
        "invalid-header-filter name",
        [](Topology &t, auto &) {
            HeaderFilter &f = t.hosts[0].routes[0].responseHeaders;
            f.add = {{"X Bad", "1"}};
            f.src = validatortest::at(r1 + 18, {{"add", r1 + 18}});
        },
        "invalid-header-filter", Error, r1 + 18);
    quiet(
        "header filters fine",
        [](Topology &t, auto &) {
            HeaderFilter &f = t.hosts[0].routes[0].requestHeaders;
            f.set = {{"X-Env", "prod"}};
            f.add = {{"X-Trace", "a"}};
            f.remove = {"X-Debug"};
        },
        "invalid-header-filter");
    fires(
        "unknown-service mirror",
        [](Topology &t, auto &) {
            t.hosts[0].routes[1].mirrors = {
                RouteMirror{"nope", 100, validatortest::at(r2 + 19, {{"service", r2 + 19}})}};
        },
        "unknown-service", Error, r2 + 19);
    fires(
        "invalid-mirror percent",
        [](Topology &t, auto &) {
            t.hosts[0].routes[1].mirrors = {RouteMirror{
                "food", 101,
                validatortest::at(r2 + 19, {{"service", r2 + 19}, {"percent", r2 + 19}})}};
        },
        "invalid-mirror", Error, r2 + 19);
    fires(
        "invalid-rewrite rewritePath",
        [](Topology &t, auto &) { t.hosts[0].routes[0].rewritePath = "new"; }, "invalid-rewrite",
        Error, r1 + 9);
    fires(
        "invalid-rewrite prefix and path",
        [](Topology &t, auto &) { t.hosts[0].routes[1].rewritePath = "/x"; }, "invalid-rewrite",
        Error, r2 + 9);
    fires(
        "invalid-rewrite host",
        [](Topology &t, auto &) { t.hosts[0].routes[0].rewriteHost = "bad host"; },
        "invalid-rewrite", Error, r1 + 17);
    quiet(
        "rewriteHost address",
        [](Topology &t, auto &) { t.hosts[0].routes[0].rewriteHost = "10.0.0.1"; },
        "invalid-rewrite");
    fires(
        "invalid-respond status",
        [](Topology &t, auto &) {
            t.hosts[0].routes[0].service.clear();
            t.hosts[0].routes[0].respond =
                DirectResponse{99, {}, validatortest::at(r1 + 6, {{"status", r1 + 6}})};
        },
        "invalid-respond", Error, r1 + 6);
    fires(
        "invalid-respond with service",
        [](Topology &t, auto &) {
            t.hosts[0].routes[0].respond = DirectResponse{503, {}, {}};
        },
        "invalid-respond", Warning, r1 + 20);
    quiet(
        "respond alone",
        [](Topology &t, auto &) {
            t.hosts[0].routes[0].service.clear();
            t.hosts[0].routes[0].respond = DirectResponse{503, QStringLiteral("later"), {}};
        },
        "route-without-target");
    quiet(
        "host for every name",
        [](Topology &t, auto &) {
            VirtualHost every;
            every.host = "*";
            every.routes = {t.hosts[0].routes[0]};
            t.hosts << every;
        },
        "invalid-host");
    fires(
        "invalid-path relative",
        [](Topology &t, auto &) { t.hosts[0].routes[0].firstMatch().path = "shop"; },
        "invalid-path", Error, r1 + 1);
    fires(
        "invalid-path space",
        [](Topology &t, auto &) { t.hosts[0].routes[0].firstMatch().path = "/a b"; },
        "invalid-path", Error, r1 + 1);
    fires(
        "invalid-path query",
        [](Topology &t, auto &) { t.hosts[0].routes[2].firstMatch().path = "/login?x=1"; },
        "invalid-path", Error, r3 + 1);
    fires(
        "invalid-path empty",
        [](Topology &t, auto &) { t.hosts[0].routes[0].firstMatch().path.clear(); }, "invalid-path",
        Error, r1 + 1);
    quiet(
        "invalid-path encoded",
        [](Topology &t, auto &) { t.hosts[0].routes[0].firstMatch().path = "/a%20b"; },
        "invalid-path");
    fires(
        "invalid-regex",
        [](Topology &t, auto &) { t.hosts[0].routes[3].firstMatch().path = "^/v[0-9+/items$"; },
        "invalid-regex", Error, r4 + 1);
    fires(
        "invalid-regex group",
        [](Topology &t, auto &) { t.hosts[0].routes[3].firstMatch().path = "^/(a"; },
        "invalid-regex", Error, r4 + 1);
    quiet(
        "invalid-regex valid",
        [](Topology &t, auto &) { t.hosts[0].routes[3].firstMatch().path = "^/v(1|2)"; },
        "invalid-regex");
    fires(
        "unknown-service", [](Topology &t, auto &) { t.hosts[0].routes[0].service = "nope"; },
        "unknown-service", Error, r1 + 2);
    quiet(
        "unknown-service known", [](Topology &t, auto &) { t.hosts[0].routes[0].service = "abc"; },
        "unknown-service");
    fires(
        "route-without-target", [](Topology &t, auto &) { t.hosts[0].routes[0].service.clear(); },
        "route-without-target", Error, r1, nodeColumn);
    quiet(
        "route-without-target redirect",
        [](Topology &t, auto &) {
            t.hosts[0].routes[0].service.clear();
            t.hosts[0].routes[0].redirect = redirect(r1);
        },
        "route-without-target");
    // Splits: route #1 sends to `backends` (line r1 + 8); backend i sits on r1 + 30 + 2i with
    // its weight on the line after.
    auto split = [](Route &r, QList<std::pair<QString, int>> backends) {
        r.service.clear();
        r.src.fields.insert(QStringLiteral("backends"), {r1 + 8, fieldColumn});
        int line = r1 + 30;
        for (const auto &[service, weight] : backends) {
            r.backends << RouteBackend{service, weight,
                                       at(line, {{"service", line}, {"weight", line + 1}})};
            line += 2;
        }
    };
    quiet(
        "split known services",
        [split](Topology &t, auto &) {
            split(t.hosts[0].routes[0], {{"food", 90}, {"abc", 10}});
        },
        "unknown-service");
    quiet(
        "split has a target",
        [split](Topology &t, auto &) {
            split(t.hosts[0].routes[0], {{"food", 90}, {"abc", 10}});
        },
        "route-without-target");
    fires(
        "unknown-service in backends",
        [split](Topology &t, auto &) {
            split(t.hosts[0].routes[0], {{"food", 90}, {"nope", 10}});
        },
        "unknown-service", Error, r1 + 32);
    fires(
        "duplicate-backend",
        [split](Topology &t, auto &) {
            split(t.hosts[0].routes[0], {{"food", 9}, {"food", 1}});
        },
        "duplicate-backend", Warning, r1 + 32);
    fires(
        "route-sends-nowhere",
        [split](Topology &t, auto &) {
            split(t.hosts[0].routes[0], {{"food", 0}, {"abc", 0}});
        },
        "route-sends-nowhere", Warning, r1 + 8);
    quiet(
        "route-sends-nowhere one drained",
        [split](Topology &t, auto &) {
            split(t.hosts[0].routes[0], {{"food", 0}, {"abc", 1}});
        },
        "route-sends-nowhere");
    fires(
        "invalid-backends service and backends",
        [split](Topology &t, auto &) {
            split(t.hosts[0].routes[0], {{"food", 1}});
            t.hosts[0].routes[0].service = QStringLiteral("abc");
        },
        "invalid-backends", Error, r1 + 8);
    fires(
        "invalid-backends weight",
        [split](Topology &t, auto &) {
            split(t.hosts[0].routes[0], {{"food", 2000000}});
        },
        "invalid-backends", Error, r1 + 31);
    fires(
        "invalid-backends no service",
        [split](Topology &t, auto &) {
            split(t.hosts[0].routes[0], {{"", 1}});
        },
        "invalid-backends", Error, r1 + 30, nodeColumn);
    fires(
        "invalid-method",
        [](Topology &t, auto &) { t.hosts[0].routes[3].firstMatch().methods << "BAD METHOD"; },
        "invalid-method", Error, r4 + 4);
    fires(
        "invalid-method empty",
        [](Topology &t, auto &) { t.hosts[0].routes[3].firstMatch().methods << ""; },
        "invalid-method", Error, r4 + 4);
    quiet(
        "invalid-method custom",
        [](Topology &t, auto &) { t.hosts[0].routes[3].firstMatch().methods << "PURGE"; },
        "invalid-method");
    fires(
        "invalid-header name",
        [](Topology &t, auto &) { t.hosts[0].routes[3].firstMatch().headers[0].name = "X Canary"; },
        "invalid-header", Error, r4 + 5);
    fires(
        "invalid-header value",
        [](Topology &t, auto &) { t.hosts[0].routes[3].firstMatch().headers[0].value = "a\r\nb"; },
        "invalid-header", Error, r4 + 5);
    quiet(
        "invalid-header token",
        [](Topology &t, auto &) {
            t.hosts[0].routes[3].firstMatch().headers[0] = {"X-Canary_2", "a b\tc"};
        },
        "invalid-header");

    auto redirectRow = [](const char *name, std::function<void(Redirect &)> edit, int line,
                          Severity severity = Error) {
        fires(
            name,
            [edit](Topology &t, auto &) {
                Route &r = t.hosts[0].routes[2];
                r.service.clear();
                r.redirect = redirect(r3);
                edit(*r.redirect);
            },
            "invalid-redirect", severity, line);
    };
    const int rd = r3 + 10; // the redirect's node line
    redirectRow(
        "invalid-redirect code", [](Redirect &r) { r.code = 305; }, rd + 1);
    redirectRow(
        "invalid-redirect scheme", [](Redirect &r) { r.scheme = "ftp"; }, rd + 2);
    redirectRow(
        "invalid-redirect host", [](Redirect &r) { r.host = "bad_host"; }, rd + 3);
    redirectRow(
        "invalid-redirect port", [](Redirect &r) { r.port = 0; }, rd + 4);
    redirectRow(
        "invalid-redirect path", [](Redirect &r) { r.path = "login"; }, rd + 5);
    redirectRow(
        "invalid-redirect both paths",
        [](Redirect &r) {
            r.path = "/a";
            r.prefixPath = "/b";
        },
        rd + 6);
    fires(
        "invalid-redirect prefixPath on regex",
        [](Topology &t, auto &) {
            Route &r = t.hosts[0].routes[3];
            r.service.clear();
            r.redirect = redirect(r4);
            r.redirect->prefixPath = "/new";
        },
        "invalid-redirect", Error, r4 + 16);
    fires(
        "invalid-redirect with service",
        [](Topology &t, auto &) { t.hosts[0].routes[2].redirect = redirect(r3); },
        "invalid-redirect", Warning, r3 + 6);
    quiet(
        "invalid-redirect good",
        [](Topology &t, auto &) {
            Route &r = t.hosts[0].routes[2];
            r.service.clear();
            r.redirect = redirect(r3);
            r.redirect->code = 308;
            r.redirect->scheme = "https";
            r.redirect->host = "www.bar.com";
            r.redirect->port = 8443;
            r.redirect->prefixPath = "/new";
        },
        "invalid-redirect");
    quiet(
        "invalid-redirect ip host",
        [](Topology &t, auto &) {
            Route &r = t.hosts[0].routes[2];
            r.service.clear();
            r.redirect = redirect(r3);
            r.redirect->host = "10.0.0.1";
        },
        "invalid-redirect");
    fires(
        "invalid-rewrite relative",
        [](Topology &t, auto &) { t.hosts[0].routes[1].rewritePrefix = "v2"; }, "invalid-rewrite",
        Error, r2 + 3);
    fires(
        "invalid-rewrite regex",
        [](Topology &t, auto &) { t.hosts[0].routes[3].rewritePrefix = "/"; }, "invalid-rewrite",
        Error, r4 + 3);
    quiet(
        "invalid-rewrite exact",
        [](Topology &t, auto &) { t.hosts[0].routes[2].rewritePrefix = "/x"; }, "invalid-rewrite");
}

void TestValidator::precedenceRules_data() {
    addColumns();
    using enum Severity;
    auto add = [](Topology &t, const QString &path, PathType type) -> Route & {
        t.hosts[0].routes << route(added, path, type, QStringLiteral("food"));
        return t.hosts[0].routes.last();
    };
    fires(
        "duplicate-route prefix", [add](Topology &t, auto &) { add(t, "/api", PathType::Prefix); },
        "duplicate-route", Error, added + 1);
    fires(
        "duplicate-route exact", [add](Topology &t, auto &) { add(t, "/login", PathType::Exact); },
        "duplicate-route", Error, added + 1);
    fires(
        "duplicate-route same conditions",
        [add](Topology &t, auto &) {
            Route &r = add(t, "^/v[0-9]+/items$", PathType::Regex);
            r.firstMatch().methods = {"head", "GET"};
            r.firstMatch().headers = {{"x-canary", "true"}};
        },
        "duplicate-route", Error, added + 1);
    quiet(
        "duplicate-route other methods",
        [add](Topology &t, auto &) {
            add(t, "/api", PathType::Prefix).firstMatch().methods = {"POST"};
        },
        "duplicate-route");
    quiet(
        "duplicate-route other type",
        [add](Topology &t, auto &) { add(t, "/api", PathType::Exact); }, "duplicate-route");

    fires(
        "shadowed-route trailing slash",
        [add](Topology &t, auto &) { add(t, "/api/", PathType::Prefix); }, "shadowed-route",
        Warning, added + 1);
    // A later route with a method or a header condition is tried before an earlier one
    // without (Gateway API's tie-breaks), so it is not shadowed.
    quiet(
        "shadowed-route later has methods",
        [add](Topology &t, auto &) {
            add(t, "/api", PathType::Prefix).firstMatch().methods = {"POST"};
        },
        "shadowed-route");
    quiet(
        "shadowed-route later has headers",
        [add](Topology &t, auto &) {
            add(t, "/login", PathType::Exact).firstMatch().headers = {{"X-Debug", "1"}};
        },
        "shadowed-route");
    quiet(
        "shadowed-route earlier has header",
        [add](Topology &t, auto &) {
            t.hosts[0].routes[2].firstMatch().headers = {{"X-Debug", "1"}};
            add(t, "/login", PathType::Exact);
        },
        "shadowed-route");
    quiet(
        "shadowed-route earlier has methods",
        [add](Topology &t, auto &) {
            t.hosts[0].routes[2].firstMatch().methods = {"GET"};
            add(t, "/login", PathType::Exact).firstMatch().methods = {"POST"};
        },
        "shadowed-route");
    fires(
        "shadowed-route methods subset",
        [add](Topology &t, auto &) {
            Route &r = add(t, "^/v[0-9]+/items$", PathType::Regex);
            r.firstMatch().methods = {"GET"};
            r.firstMatch().headers = {{"X-Canary", "true"}, {"X-Other", "1"}};
        },
        "shadowed-route", Warning, added + 1);
    quiet(
        "shadowed-route regex other method",
        [add](Topology &t, auto &) {
            Route &r = add(t, "^/v[0-9]+/items$", PathType::Regex);
            r.firstMatch().methods = {"POST"};
            r.firstMatch().headers = {{"X-Canary", "true"}};
        },
        "shadowed-route");
    // Prefix routes are tried before Regex routes whatever the file order.
    fires(
        "shadowed-route regex behind root prefix",
        [add](Topology &t, auto &) { add(t, "/", PathType::Prefix); }, "shadowed-route", Warning,
        r4 + 1);
    fires(
        "shadowed-route regex on wildcard host",
        [](Topology &t, auto &) {
            t.hosts[1].routes << route(320, "^/x", PathType::Regex, "food");
        },
        "shadowed-route", Warning, 321);
    quiet(
        "shadowed-route root prefix with methods",
        [](Topology &t, auto &) {
            t.hosts[1].routes[0].firstMatch().methods = {"GET"};
            t.hosts[1].routes << route(320, "^/x", PathType::Regex, "food");
        },
        "shadowed-route");
    quiet(
        "shadowed-route longer prefix later in file",
        [add](Topology &t, auto &) { add(t, "/api/v1", PathType::Prefix); }, "shadowed-route");
    quiet(
        "shadowed-route prefix with exact of same path",
        [add](Topology &t, auto &) { add(t, "/login", PathType::Prefix); }, "shadowed-route");
    quiet(
        "shadowed-route other host",
        [](Topology &t, auto &) {
            t.hosts[1].routes << route(320, "/", PathType::Prefix, "abc");
            t.hosts[1].routes.last().firstMatch().methods = {"POST"};
            t.hosts[1].routes[0].firstMatch().methods = {"GET"};
        },
        "shadowed-route");
}
