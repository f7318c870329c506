// ingress-nginx's configuration-snippet and server-snippet annotations: their common lines imported
// as the routes' header filters, redirect, respond and access lists, and every other line
// reported at the annotation with its line in the snippet and its text. Hostile snippets
// (unterminated quotes or blocks, a NUL character, a huge one) give one clear warning and
// translate nothing. How a snippet is read: tst_nginxsnippet.
#include "export/kubernetesimporter.h"
#include "model/validation/validator.h"
#include "tests/export/ingressnginxtesthelpers.h"

#include <QElapsedTimer>
#include <QTest>

using namespace ingress;
using namespace ingress::ingressnginxtest;

namespace {

// A block-scalar annotation nginx.ingress.kubernetes.io/NAME whose value is `snippet`.
QByteArray snippetAnnotation(const char *name, const QByteArray &snippet) {
    if (snippet.isNull())
        return {};
    QByteArray yaml = QByteArray("    nginx.ingress.kubernetes.io/") + name + ": |\n";
    for (const QByteArray &line : snippet.split('\n'))
        yaml += line.isEmpty() ? QByteArray("\n") : "      " + line + '\n';
    return yaml;
}

ImportResult import(const QByteArray &annotations) {
    KubernetesImporter importer;
    // manifests() wants the annotations without their last newline.
    importer.addData(manifests(annotations.chopped(annotations.endsWith('\n') ? 1 : 0), {}),
                     QStringLiteral("annotated.yaml"));
    return importer.finish({});
}

QString filterText(const char *what, const HeaderFilter &filter) {
    QStringList parts;
    for (const HeaderValue &h : filter.set)
        parts << QStringLiteral("%1 set %2=%3").arg(QLatin1StringView(what), h.name, h.value);
    for (const HeaderValue &h : filter.add)
        parts << QStringLiteral("%1 add %2=%3").arg(QLatin1StringView(what), h.name, h.value);
    for (const QString &name : filter.remove)
        parts << QStringLiteral("%1 remove %2").arg(QLatin1StringView(what), name);
    return parts.join(QStringLiteral("; "));
}

// What the route of food.bar.com/ does: "service food", "redirect CODE [scheme][ host][:port]
// [path]", "respond STATUS [body]", then its filters and access lists.
QString routeText(const Topology &topology) {
    const VirtualHost *host = nullptr;
    for (const VirtualHost &h : topology.hosts)
        if (h.host == u"food.bar.com")
            host = &h;
    if (!host || host->routes.size() != 1)
        return QStringLiteral("no single route");
    const Route &r = host->routes.first();
    QStringList parts;
    if (r.redirect)
        parts << QStringLiteral("redirect %1 %2 %3%4 %5")
                     .arg(r.redirect->code)
                     .arg(r.redirect->scheme.isEmpty() ? QStringLiteral("-") : r.redirect->scheme,
                          r.redirect->host.isEmpty() ? QStringLiteral("-") : r.redirect->host,
                          r.redirect->port ? QStringLiteral(":%1").arg(*r.redirect->port)
                                           : QString(),
                          r.redirect->path.isEmpty() ? QStringLiteral("-") : r.redirect->path);
    else if (r.respond)
        parts << QStringLiteral("respond %1 %2").arg(r.respond->status).arg(r.respond->body);
    else
        parts << QStringLiteral("service ") + r.service;
    for (const QString &text :
         {filterText("request", r.requestHeaders), filterText("response", r.responseHeaders)})
        if (!text.isEmpty())
            parts << text;
    if (!r.policy.allow.isEmpty())
        parts << QStringLiteral("allow ") + r.policy.allow.join(u',');
    if (!r.policy.deny.isEmpty())
        parts << QStringLiteral("deny ") + r.policy.deny.join(u',');
    return parts.join(QStringLiteral("; "));
}

// The import's messages about annotations, without the file name.
QStringList annotationReport(const Diagnostics &diagnostics) {
    QStringList lines;
    for (const Diagnostic &d : diagnostics)
        if (d.message.startsWith(QLatin1StringView("annotation")) ||
            d.message.contains(QLatin1StringView("annotations translated")))
            lines << d.toString().remove(QStringLiteral("annotated.yaml"));
    return lines;
}

} // namespace

class TestIngressNginxSnippets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void translated_data();
    void translated();
    void hostile_data();
    void hostile();
    void manyDirectives();
    void compiled();
    void validates();
};

void TestIngressNginxSnippets::translated_data() {
    QTest::addColumn<QByteArray>("location"); // configuration-snippet; null: none
    QTest::addColumn<QByteArray>("server");   // server-snippet; null: none
    QTest::addColumn<QByteArray>("others");   // other annotations
    QTest::addColumn<QString>("route");       // routeText of food.bar.com/
    QTest::addColumn<QStringList>("report");  // every annotation message, in order

    const QByteArray none;
    const QString config = QStringLiteral(
        "annotation 'nginx.ingress.kubernetes.io/configuration-snippet', line %1: '%2'");
    const QString server =
        QStringLiteral("annotation 'nginx.ingress.kubernetes.io/server-snippet', line %1: '%2'");
    const QString at = QStringLiteral(":6:56: ");
    const QString atServer = QStringLiteral(":6:49: ");
    auto all = [](int n) {
        return QStringLiteral(":6:5: note: %1 of %1 annotations translated [import]").arg(n);
    };
    auto some = [](int n, int of, const char *left) {
        return QStringLiteral(":6:5: note: %1 of %2 annotations translated; not translated: "
                              "nginx.ingress.kubernetes.io/%3 [import]")
            .arg(n)
            .arg(of)
            .arg(QLatin1StringView(left));
    };
    const QString notTranslated = QStringLiteral(" is not translated: ");

    QTest::newRow("response headers")
        << QByteArray("more_set_headers \"X-Frame: DENY\" \"X-Team: shop\";\n"
                      "more_clear_headers Server \"X-Powered-By\";\n"
                      "add_header X-Cache hit always;\nproxy_hide_header X-Debug;")
        << none << none
        << QStringLiteral("service food; response set X-Frame=DENY; response set X-Team=shop; "
                          "response add X-Cache=hit; response remove X-Debug; response remove "
                          "Server; response remove X-Powered-By")
        << QStringList{all(1)};
    QTest::newRow("add_header without always")
        << QByteArray("add_header X-A a;") << none << none
        << QStringLiteral("service food; response add X-A=a")
        << QStringList{at + "note: " + config.arg(1).arg("add_header X-A a;") +
                           ": without 'always' nginx adds it to 200, 201, 204, 206, 301, 302, "
                           "303, 304, 307 and 308 responses only; responseHeaders.add adds it to "
                           "every response of the service [import]",
                       all(1)};
    QTest::newRow("request headers")
        << QByteArray("proxy_set_header X-Env prod;\nmore_set_input_headers 'X-Team: a b';\n"
                      "proxy_set_header Accept-Encoding \"\";\nmore_clear_input_headers X-Debug;")
        << none << none
        << QStringLiteral("service food; request set X-Env=prod; request set X-Team=a b; "
                          "request remove Accept-Encoding; request remove X-Debug")
        << QStringList{all(1)};
    QTest::newRow("redundant proxy_set_header")
        << QByteArray("proxy_set_header Host $host;\n"
                      "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                      "proxy_set_header X-Custom $http_x_custom;")
        << none << none << QStringLiteral("service food")
        << QStringList{
               at + "note: " + config.arg(1).arg("proxy_set_header Host $host;") +
                   ": redundant: the engine forwards the client's Host [import]",
               at + "note: " +
                   config.arg(2).arg(
                       "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;") +
                   ": redundant: the engine appends the client's address to "
                   "X-Forwarded-For [import]",
               at + "note: " + config.arg(3).arg("proxy_set_header X-Custom $http_x_custom;") +
                   ": redundant: it sends the client's own value, which the proxy "
                   "forwards anyway [import]",
               all(1)};
    QTest::newRow("variables reported")
        << QByteArray("proxy_set_header X-Real-IP $remote_addr;\n"
                      "more_set_headers \"X-Host: $host\";\nadd_header X-Id $request_id;\n"
                      "more_set_headers -s 404 \"X-A: 1\";\nmore_clear_headers 'X-Hidden-*';")
        << none << none << QStringLiteral("service food")
        << QStringList{
               at + "warning: " + config.arg(1).arg("proxy_set_header X-Real-IP $remote_addr;") +
                   notTranslated +
                   "the engine sends no X-Real-IP; it sends the client's address in "
                   "X-Forwarded-For [import]",
               at + "warning: " + config.arg(2).arg("more_set_headers \"X-Host: $host\";") +
                   notTranslated +
                   "the value of X-Host holds nginx variables ($host); the topology's "
                   "header values are literal [import]",
               at + "warning: " + config.arg(3).arg("add_header X-Id $request_id;") +
                   notTranslated +
                   "the value of X-Id holds nginx variables ($request_id); the topology's "
                   "header values are literal [import]",
               at + "warning: " + config.arg(4).arg("more_set_headers -s 404 \"X-A: 1\";") +
                   notTranslated +
                   "its option -s limits it to some response statuses; the topology's "
                   "header filters change every response [import]",
               at + "warning: " + config.arg(5).arg("more_clear_headers 'X-Hidden-*';") +
                   notTranslated +
                   "'X-Hidden-*' is a name pattern; the topology removes headers by exact "
                   "name [import]",
               some(0, 1, "configuration-snippet")};
    QTest::newRow("header twice, control characters")
        << QByteArray("add_header Set-Cookie a=1 always;\nadd_header Set-Cookie b=2 always;\n"
                      "more_set_headers \"X-A: 1\\n2\";")
        << none << none << QStringLiteral("service food; response add Set-Cookie=a=1")
        << QStringList{at + "warning: " + config.arg(2).arg("add_header Set-Cookie b=2 always;") +
                           notTranslated +
                           "Set-Cookie is added already; nginx sends both values, the topology's "
                           "filter edits a header once [import]",
                       at + "warning: " + config.arg(3).arg("more_set_headers \"X-A: 1\\n2\";") +
                           notTranslated + "the value of X-A holds control characters [import]",
                       some(0, 1, "configuration-snippet")};
    QTest::newRow("return redirect")
        << QByteArray("return 301 https://shop.example.com$request_uri;") << none << none
        << QStringLiteral("redirect 301 https shop.example.com -") << QStringList{all(1)};
    QTest::newRow("return to a literal path")
        << QByteArray("return 308 https://$host/new;") << none << none
        << QStringLiteral("redirect 308 https - /new")
        << QStringList{at + "note: " + config.arg(1).arg("return 308 https://$host/new;") +
                           ": nginx drops the request's query from this redirect; the "
                           "topology's redirect keeps it [import]",
                       all(1)};
    QTest::newRow("return a status")
        << QByteArray("# closed for maintenance\nreturn 503 \"back soon\";\nadd_header X-A 1;")
        << none << none << QStringLiteral("respond 503 back soon")
        << QStringList{at + "note: " + config.arg(3).arg("add_header X-A 1;") +
                           ": without 'always' nginx adds it to 200, 201, 204, 206, 301, 302, "
                           "303, 304, 307 and 308 responses only; responseHeaders.add adds it to "
                           "every response of the service [import]",
                       at + "note: annotation 'nginx.ingress.kubernetes.io/configuration-snippet'"
                            ": nginx adds the response headers (and CORS and security headers) "
                            "to the answer at line 2; the topology's routes that answer "
                            "themselves send none of them [import]",
                       all(1)};
    QTest::newRow("rewrite redirect")
        << QByteArray("rewrite ^(.*)$ https://new.example.com$1 permanent;") << none << none
        << QStringLiteral("redirect 301 https new.example.com -") << QStringList{all(1)};
    QTest::newRow("return after if is conditional")
        << QByteArray("if ($http_x_block) {\n  return 403;\n}\nreturn 403;") << none << none
        << QStringLiteral("service food")
        << QStringList{at + "warning: " + config.arg(1).arg("if ($http_x_block) { ... }") +
                           notTranslated +
                           "a condition ('if'): the topology's routes match by path, method, "
                           "headers and query parameters; write a route with such matches by "
                           "hand [import]",
                       at + "warning: " + config.arg(4).arg("return 403;") + notTranslated +
                           "it follows the condition or rewrite at line 1, so it does not "
                           "answer every request [import]",
                       some(0, 1, "configuration-snippet")};
    QTest::newRow("second return never reached")
        << QByteArray("return 403;\nreturn 404;") << none << none << QStringLiteral("respond 403 ")
        << QStringList{at + "note: " + config.arg(2).arg("return 404;") +
                           ": never reached: the answer at line 1 comes first, in nginx too "
                           "[import]",
                       all(1)};
    QTest::newRow("return 444")
        << QByteArray("return 444;") << none << none << QStringLiteral("service food")
        << QStringList{at + "warning: " + config.arg(1).arg("return 444;") + notTranslated +
                           "444 closes the connection without an answer; the topology always "
                           "answers [import]",
                       some(0, 1, "configuration-snippet")};
    QTest::newRow("allow list") << QByteArray("allow 10.0.0.0/8;\nallow 2001:db8::/32;\ndeny all;")
                                << none << none
                                << QStringLiteral("service food; allow 10.0.0.0/8,2001:db8::/32")
                                << QStringList{all(1)};
    QTest::newRow("deny list") << QByteArray("deny 192.0.2.7;\ndeny 198.51.100.0/24;") << none
                               << none
                               << QStringLiteral("service food; deny 192.0.2.7,198.51.100.0/24")
                               << QStringList{all(1)};
    QTest::newRow("deny all") << QByteArray("deny all;") << none << none
                              << QStringLiteral("service food; deny 0.0.0.0/0,::/0")
                              << QStringList{all(1)};
    QTest::newRow("deny after allow")
        << QByteArray("allow 10.0.0.0/8;\ndeny 10.1.0.0/16;\nallow 192.0.2.0/24;\ndeny all;")
        << none << none << QStringLiteral("service food; allow 10.0.0.0/8,192.0.2.0/24")
        << QStringList{at + "warning: " + config.arg(2).arg("deny 10.1.0.0/16;") + notTranslated +
                           "a deny after an allow: nginx lets through the addresses the allow "
                           "lines before it take, which the topology's deny would refuse; write "
                           "the lists by hand [import]",
                       some(0, 1, "configuration-snippet")};
    QTest::newRow("allow without deny all")
        << QByteArray("allow 10.0.0.0/8;") << none << none << QStringLiteral("service food")
        << QStringList{at + "note: " + config.arg(1).arg("allow 10.0.0.0/8;") +
                           ": changes nothing: without a 'deny all' after it nginx lets every "
                           "address through that no deny line takes [import]",
                       all(1)};
    QTest::newRow("allowlist annotation first")
        << QByteArray("allow 192.0.2.0/24;\ndeny all;") << none
        << QByteArray("    nginx.ingress.kubernetes.io/whitelist-source-range: 10.0.0.0/8\n")
        << QStringLiteral("service food; allow 10.0.0.0/8")
        << QStringList{at + "note: annotation 'nginx.ingress.kubernetes.io/configuration-snippet'"
                            ": its allow and deny lines (line 1, 2) are never reached: "
                            "ingress-nginx writes allowlist-source-range's lines before them, "
                            "ending with 'deny all' [import]",
                       all(2)};
    QTest::newRow("denylist annotation first")
        << QByteArray("deny 192.0.2.7;\nallow 10.0.0.0/8;\ndeny all;") << none
        << QByteArray("    nginx.ingress.kubernetes.io/denylist-source-range: 198.51.100.0/24\n")
        << QStringLiteral("service food; allow 10.0.0.0/8; deny 198.51.100.0/24,192.0.2.7")
        << QStringList{all(2)};
    QTest::newRow("server access lines under an allowlist")
        << none << QByteArray("deny 192.0.2.7;")
        << QByteArray("    nginx.ingress.kubernetes.io/whitelist-source-range: 10.0.0.0/8\n")
        << QStringLiteral("service food; allow 10.0.0.0/8")
        << QStringList{atServer +
                           "note: annotation 'nginx.ingress.kubernetes.io/server-snippet': its "
                           "allow and deny lines (line 1) do not apply: the Ingress's locations "
                           "have their own (allowlist-source-range, denylist-source-range), and "
                           "nginx uses the server's only where a location has none [import]",
                       all(2)};
    QTest::newRow("unknown directives, one warning each")
        << QByteArray("set $x 1;\nlocation /a { return 200; }\naccess_by_lua_block {\n"
                      "  ngx.exit(403)\n}\nsub_filter a b;")
        << none << none << QStringLiteral("service food")
        << QStringList{at + "warning: " + config.arg(1).arg("set $x 1;") + notTranslated +
                           "the topology has no nginx variables [import]",
                       at + "warning: " + config.arg(2).arg("location /a { ... }") + notTranslated +
                           "a nested location: write a route for its path by hand [import]",
                       at + "warning: " + config.arg(3).arg("access_by_lua_block { ... }") +
                           notTranslated + "the topology runs no Lua code [import]",
                       at + "warning: " + config.arg(6).arg("sub_filter a b;") + notTranslated +
                           "'sub_filter' has no equivalent in the topology [import]",
                       some(0, 1, "configuration-snippet")};
    QTest::newRow("server-snippet")
        << none
        << QByteArray("more_set_headers \"X-Server: s\";\nproxy_set_header X-Env prod;\n"
                      "deny 192.0.2.7;")
        << none << QStringLiteral("service food; response set X-Server=s; deny 192.0.2.7")
        << QStringList{atServer + "warning: " + server.arg(2).arg("proxy_set_header X-Env prod;") +
                           notTranslated +
                           "it changes nothing in ingress-nginx: its locations set "
                           "proxy_set_header lines of their own, and nginx then ignores the "
                           "server's; set it in configuration-snippet if it is needed [import]",
                       some(0, 1, "server-snippet")};
    QTest::newRow("both snippets")
        << QByteArray("more_set_headers \"X-A: location\";\nadd_header X-L l always;")
        << QByteArray("more_set_headers \"X-A: server\" \"X-S: s\";\nadd_header X-B b always;\n"
                      "deny 192.0.2.7;")
        << none
        << QStringLiteral("service food; response set X-S=s; response set X-A=location; "
                          "response add X-L=l; deny 192.0.2.7")
        << QStringList{":9:49: note: annotation 'nginx.ingress.kubernetes.io/server-snippet': "
                       "its add_header lines (line 2) do not apply: configuration-snippet has "
                       "its own, and nginx uses the server's only where a location has none "
                       "[import]",
                       all(2)};
    QTest::newRow("server return wins")
        << QByteArray("return 403;") << QByteArray("return 301 https://$host$request_uri;") << none
        << QStringLiteral("redirect 301 https - -")
        << QStringList{at + "note: annotation 'nginx.ingress.kubernetes.io/configuration-snippet'"
                            ": its answer at line 1 is never reached: server-snippet's (line 1) "
                            "comes first [import]",
                       all(2)};
    QTest::newRow("canary")
        << QByteArray("more_set_headers \"X-A: 1\";") << none
        << QByteArray("    nginx.ingress.kubernetes.io/canary: \"true\"\n")
        << QStringLiteral("no single route") // a canary without its main Ingress
        << QStringList{":6:5: warning: annotation "
                       "'nginx.ingress.kubernetes.io/configuration-snippet' is not translated: "
                       "ingress-nginx ignores a canary Ingress's snippets (its requests go "
                       "through the main Ingress's locations) [import]",
                       some(1, 2, "configuration-snippet")};
}

void TestIngressNginxSnippets::translated() {
    QFETCH(QByteArray, location);
    QFETCH(QByteArray, server);
    QFETCH(QByteArray, others);
    QFETCH(QString, route);
    QFETCH(QStringList, report);
    const ImportResult result = import(snippetAnnotation("configuration-snippet", location) +
                                       snippetAnnotation("server-snippet", server) + others);
    QCOMPARE(routeText(result.topology), route);
    const QStringList got = annotationReport(result.diagnostics);
    for (const QString &line : report)
        QVERIFY2(
            got.contains(line),
            qPrintable(QStringLiteral("expected: %1\nreport:\n%2").arg(line, got.join(u'\n'))));
    QCOMPARE(got.size(), report.size());
}

void TestIngressNginxSnippets::hostile_data() {
    QTest::addColumn<QByteArray>("annotation"); // the whole annotation line(s)
    QTest::addColumn<QString>("warning");

    const QString refuses = QStringLiteral(
        "; nginx refuses the snippet (ingress-nginx then refuses the Ingress): nothing of it is "
        "translated [import]");
    QTest::newRow("unterminated quote")
        << snippetAnnotation("configuration-snippet",
                             "more_set_headers \"X-A: 1\";\nmore_set_headers \"X-B: 2;")
        << QStringLiteral(":6:56: warning: annotation "
                          "'nginx.ingress.kubernetes.io/configuration-snippet', line 2: the quote "
                          "(\") opened here is not closed") +
               refuses;
    QTest::newRow("unbalanced braces")
        << snippetAnnotation("server-snippet", "if ($a) {\n  if ($b) {\n    return 403;\n}")
        << QStringLiteral(":6:49: warning: annotation 'nginx.ingress.kubernetes.io/server-snippet'"
                          ", line 1: the '{' of 'if' is not closed") +
               refuses;
    QTest::newRow("closing brace only")
        << snippetAnnotation("server-snippet", "}}}}")
        << QStringLiteral(":6:49: warning: annotation 'nginx.ingress.kubernetes.io/server-snippet'"
                          ", line 1: unexpected '}'") +
               refuses;
    QTest::newRow("NUL byte")
        << QByteArray("    nginx.ingress.kubernetes.io/configuration-snippet: \"more_set_headers "
                      "'X-A: 1';\\nadd_header X-B b\\0c;\"\n")
        << QStringLiteral(":6:56: warning: annotation "
                          "'nginx.ingress.kubernetes.io/configuration-snippet', line 2: it holds "
                          "a NUL character, which nginx refuses in its configuration") +
               refuses;
    QTest::newRow("huge")
        << QByteArray("    nginx.ingress.kubernetes.io/configuration-snippet: \"" +
                      QByteArray(300 * 1024, 'a') + "\"\n")
        << QStringLiteral(":6:56: warning: annotation "
                          "'nginx.ingress.kubernetes.io/configuration-snippet', line 1: it is "
                          "longer than 256 KiB (307200 characters), more than Kubernetes allows "
                          "an object's annotations together") +
               refuses;
    QTest::newRow("deep nesting")
        << QByteArray("    nginx.ingress.kubernetes.io/server-snippet: \"if ($a) " +
                      QByteArray(200 * 1024, '{') + "\"\n")
        << QStringLiteral(":6:49: warning: annotation 'nginx.ingress.kubernetes.io/server-snippet'"
                          ", line 1: the '{' of 'if' is not closed") +
               refuses;
    QTest::newRow("not text")
        << QByteArray("    nginx.ingress.kubernetes.io/configuration-snippet: [a, b]\n")
        << QStringLiteral(":6:56: warning: annotation "
                          "'nginx.ingress.kubernetes.io/configuration-snippet' is not translated: "
                          "its value is not text [import]");
}

void TestIngressNginxSnippets::hostile() {
    QFETCH(QByteArray, annotation);
    QFETCH(QString, warning);
    const ImportResult result = import(annotation);
    QCOMPARE(routeText(result.topology), QStringLiteral("service food"));
    const QStringList got = annotationReport(result.diagnostics);
    QVERIFY2(got.contains(warning), qPrintable(got.join(u'\n')));
    QCOMPARE(got.size(), 2); // the warning and the count
}

// A long snippet of lines the topology cannot take: the first warnings name their lines, one
// last message counts the rest.
void TestIngressNginxSnippets::manyDirectives() {
    QByteArray snippet;
    for (int i = 0; i < 5000; ++i)
        snippet += "gzip on;\n";
    QElapsedTimer timer;
    timer.start();
    const ImportResult result = import(snippetAnnotation("configuration-snippet", snippet));
    QVERIFY(timer.elapsed() < 5000);
    const QStringList got = annotationReport(result.diagnostics);
    QCOMPARE(got.size(), 50 + 2);
    QVERIFY2(got.contains(QStringLiteral(
                 ":6:56: warning: annotation 'nginx.ingress.kubernetes.io/configuration-snippet': "
                 "4950 more directives not translated (not listed) [import]")),
             qPrintable(got.join(u'\n')));
}

// The route answers as nginx would: the redirect keeps the request's path, the respond its
// status.
void TestIngressNginxSnippets::compiled() {
    const ImportResult redirect = import(snippetAnnotation(
        "configuration-snippet", "return 301 https://shop.example.com$request_uri;"));
    QCOMPARE(answer(*RoutingTable::compile(redirect.topology), QStringLiteral("/cart"), {}),
             QStringLiteral("301 https://shop.example.com/cart"));
    const ImportResult respond =
        import(snippetAnnotation("server-snippet", "return 503 'back soon';"));
    const Route &route = respond.topology.hosts.value(0).routes.value(0);
    QVERIFY(route.respond);
    QCOMPARE(route.respond->status, 503);
    QVERIFY(route.service.isEmpty());
    QVERIFY2(!hasErrors(Validator::validate(respond.topology)),
             qPrintable(dump(Validator::validate(respond.topology))));
}

// What the snippets become is a topology the validator takes.
void TestIngressNginxSnippets::validates() {
    const ImportResult result = import(snippetAnnotation(
        "configuration-snippet", "more_set_headers \"X-A: 1\";\nmore_clear_headers X-A;\n"
                                 "add_header X-A 2 always;\nproxy_set_header X-B b;\n"
                                 "more_clear_input_headers x-b;\nallow 10.0.0.0/8;\ndeny all;"));
    QCOMPARE(routeText(result.topology),
             QStringLiteral("service food; request remove x-b; response add X-A=2; allow "
                            "10.0.0.0/8"));
    const Diagnostics found = Validator::validate(result.topology);
    QVERIFY2(!hasErrors(found), qPrintable(dump(found)));
    for (const Diagnostic &d : found)
        QVERIFY2(d.ruleId != u"invalid-header-filter", qPrintable(d.toString()));
}

QTEST_GUILESS_MAIN(TestIngressNginxSnippets)
#include "tst_ingressnginxsnippets.moc"
