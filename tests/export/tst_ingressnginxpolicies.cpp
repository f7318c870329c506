// ingress-nginx's access lists, basic auth and limits imported as the policies of the routes
// their Ingress contributes (the htpasswd file of basic auth written from its Secret), checked
// field by field and by routing requests through the imported topology; what does not
// translate is reported at its place with the reason, and counted.
#include "export/kubernetesimporter.h"
#include "model/certs/htpasswdfile.h"
#include "model/routing/ipblock.h"
#include "model/topology/enums.h"
#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"
#include "tests/export/ingressnginxtesthelpers.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::ingressnginxtest;

namespace {

// A route's policy on one line: "allow A,B; deny C; basic FILE realm 'R'; external SERVICE PATH;
// rate N/second burst B; connections N", or "none".
QString policyText(const Policy &policy) {
    QStringList parts;
    if (!policy.allow.isEmpty())
        parts << QStringLiteral("allow ") + policy.allow.join(u',');
    if (!policy.deny.isEmpty())
        parts << QStringLiteral("deny ") + policy.deny.join(u',');
    if (policy.basicAuth)
        parts << QStringLiteral("basic %1 realm '%2'")
                     .arg(policy.basicAuth->htpasswd, policy.basicAuth->realm);
    if (policy.externalAuth)
        parts << QStringLiteral("external %1 %2")
                     .arg(policy.externalAuth->service, policy.externalAuth->path);
    if (policy.rateLimit)
        parts << QStringLiteral("rate %1/%2 burst %3")
                     .arg(policy.rateLimit->requests)
                     .arg(toString(policy.rateLimit->per))
                     .arg(policy.rateLimit->burst);
    if (policy.connectionLimit)
        parts << QStringLiteral("connections %1").arg(*policy.connectionLimit);
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral("; "));
}

// An Opaque Secret named food-users (in `nameSpace`, when given) with `data`.
QByteArray userSecret(const QByteArray &data, const QByteArray &nameSpace = {}) {
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: food-users\n" +
           (nameSpace.isEmpty() ? QByteArray() : "  namespace: " + nameSpace + '\n') +
           "type: Opaque\n" + data;
}

const QByteArray alice = "alice:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/";
const QByteArray bob =
    "bob:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQ"
    "SpT0Y77vwPZN.Pq.H91p5hVO1";

// The service a request to `host` `path` from `client` reaches, its policy (describe()) and
// whether the access list lets the client in: "SERVICE: POLICY -> admitted|403".
QString checked(const RoutingTable &table, const char *host, const char *path,
                const QByteArray &header, const char *client) {
    HeaderList headers;
    if (const qsizetype colon = header.indexOf(':'); colon > 0)
        headers.add(header.left(colon).trimmed().toLower().toStdString(),
                    header.mid(colon + 1).trimmed().toStdString());
    RequestInfo request;
    request.host = host;
    request.path = path;
    request.headers = &headers;
    const RouteMatch match = table.match(request);
    if (!match.route || !match.service)
        return QStringLiteral("404");
    QStringList lines;
    bool admitted = true;
    if (match.route->policy >= 0) {
        const CompiledPolicy &policy = table.policies().at(std::size_t(match.route->policy));
        for (const std::string &line : policy.describe())
            lines << QString::fromStdString(line);
        admitted = policy.admits(*IpBlock::parseAddress(client));
    }
    return QStringLiteral("%1: %2 -> %3")
        .arg(QString::fromStdString(match.service->name),
             lines.isEmpty() ? QStringLiteral("-") : lines.join(QStringLiteral("; ")),
             admitted ? QStringLiteral("admitted") : QStringLiteral("403"));
}

} // namespace

class TestIngressNginxPolicies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void policies_data();
    void policies();
    void policiesPerIngress_data();
    void policiesPerIngress();
    void policyAndDefaultBackend();
    void basicAuthFromSecret_data();
    void basicAuthFromSecret();
    void basicAuthReported_data();
    void basicAuthReported();
};

// Access lists, basic auth and limits become the policy of the Ingress's route; what does not
// translate is reported at its place with the reason, and counted.
void TestIngressNginxPolicies::policies_data() {
    QTest::addColumn<QByteArray>("annotations"); // of the Ingress food.bar.com/ -> food
    QTest::addColumn<QString>("policy");         // of its first route (policyText)
    QTest::addColumn<QStringList>("report");     // lines of the import report

    const QString all = QStringLiteral(":6:5: note: %1 of %1 annotations translated [import]");
    QTest::newRow("whitelist") << nginx({"whitelist-source-range: 10.0.0.0/8, 192.168.1.7"})
                               << "allow 10.0.0.0/8,192.168.1.7" << QStringList{all.arg(1)};
    QTest::newRow("allowlist") << nginx({"allowlist-source-range: \"2001:db8::/32\""})
                               << "allow 2001:db8::/32" << QStringList{all.arg(1)};
    QTest::newRow("allowlist over whitelist")
        << nginx({"whitelist-source-range: 10.0.0.0/8", "allowlist-source-range: 192.168.0.0/16"})
        << "allow 192.168.0.0/16"
        << QStringList{":6:5: warning: annotation "
                       "'nginx.ingress.kubernetes.io/whitelist-source-range' is not translated: "
                       "allowlist-source-range is set too, and ingress-nginx reads this older "
                       "name only without it [import]",
                       ":6:5: note: 1 of 2 annotations translated; not translated: "
                       "nginx.ingress.kubernetes.io/whitelist-source-range [import]"};
    QTest::newRow("denylist") << nginx({"denylist-source-range: 10.0.0.66, 10.0.9.0/24"})
                              << "deny 10.0.0.66,10.0.9.0/24" << QStringList{all.arg(1)};
    QTest::newRow("allow and deny")
        << nginx({"whitelist-source-range: 10.0.0.0/8", "denylist-source-range: 10.0.0.66"})
        << "allow 10.0.0.0/8; deny 10.0.0.66" << QStringList{all.arg(2)};
    QTest::newRow("bad block left out")
        << nginx({"whitelist-source-range: 10.0.0.0/8, 10.0.0.300/24"}) << "allow 10.0.0.0/8"
        << QStringList{":6:57: warning: annotation "
                       "'nginx.ingress.kubernetes.io/whitelist-source-range': '10.0.0.300/24' is "
                       "not an IP address or CIDR block (10.0.0.0/8, 2001:db8::/32, 192.0.2.7); "
                       "left out (ingress-nginx refuses the whole list and answers 503) [import]",
                       ":6:5: note: 0 of 1 annotations translated; not translated: "
                       "nginx.ingress.kubernetes.io/whitelist-source-range [import]"};
    QTest::newRow("no block left: closed")
        << nginx({"whitelist-source-range: everyone"}) << "deny 0.0.0.0/0,::/0"
        << QStringList{":6:57: warning: annotation "
                       "'nginx.ingress.kubernetes.io/whitelist-source-range': 'everyone' is not "
                       "an IP address",
                       ":6:57: warning: annotation "
                       "'nginx.ingress.kubernetes.io/whitelist-source-range' has no address or "
                       "block left: the routes deny every client (deny 0.0.0.0/0, ::/0) until it "
                       "is fixed, as ingress-nginx does [import]"};
    QTest::newRow("deny prefix too long")
        << nginx({"denylist-source-range: 10.0.0.0/33"}) << "deny 0.0.0.0/0,::/0"
        << QStringList{":6:56: warning: annotation "
                       "'nginx.ingress.kubernetes.io/denylist-source-range': '10.0.0.0/33' is "
                       "not an IP address or CIDR block"};
    QTest::newRow("digest auth")
        << nginx({"auth-type: digest", "auth-secret: food-users"}) << "none"
        << QStringList{":6:5: warning: annotation 'nginx.ingress.kubernetes.io/auth-type' is not "
                       "translated: digest authentication is not supported; the topology has "
                       "basic authentication (auth-type: basic) [import]",
                       ":7:5: warning: annotation 'nginx.ingress.kubernetes.io/auth-secret' is "
                       "not translated: digest authentication is not supported",
                       ":6:5: note: 0 of 2 annotations translated"};
    QTest::newRow("basic auth without a Secret")
        << nginx({"auth-type: basic", "auth-realm: Food"}) << "none"
        << QStringList{":6:5: warning: annotation 'nginx.ingress.kubernetes.io/auth-type' is not "
                       "translated: auth-type basic needs auth-secret, the Secret with the users "
                       "(ingress-nginx answers 503 without it) [import]",
                       ":7:5: warning: annotation 'nginx.ingress.kubernetes.io/auth-realm' is not "
                       "translated: auth-type basic needs auth-secret"};
    QTest::newRow("auth-secret without auth-type")
        << nginx({"auth-secret: food-users"}) << "none"
        << QStringList{":6:5: warning: annotation 'nginx.ingress.kubernetes.io/auth-secret' is "
                       "not translated: there is no auth-type, without which ingress-nginx asks "
                       "for no credentials [import]"};
    QTest::newRow("auth-secret not a name")
        << nginx({"auth-type: basic", "auth-secret: ../../etc/passwd"}) << "none"
        << QStringList{":7:5: warning: annotation 'nginx.ingress.kubernetes.io/auth-secret' is "
                       "not translated: auth-secret '../../etc/passwd' is not NAME or "
                       "NAMESPACE/NAME of a Secret [import]"};
    // The rest of external auth: tst_ingressnginxexternalauth.
    QTest::newRow("external auth")
        << nginx({"auth-url: http://auth.example/check"}) << "external auth-example /check"
        << QStringList{":6:43: note: auth-url 'http://auth.example/check': service "
                       "'auth-example' is made for auth.example:80, outside the cluster [import]",
                       all.arg(1)};
    const QString over503 = QStringLiteral(
        ":6:5: note: ingress-nginx answers 503 to a client over limit-rps, limit-rpm or "
        "limit-connections (unless its ConfigMap sets limit-req-status-code, "
        "limit-conn-status-code); the topology answers 429, with Retry-After for the rate "
        "[import]");
    QTest::newRow("limit-rps") << nginx({"limit-rps: \"10\""}) << "rate 10/second burst 50"
                               << QStringList{over503, all.arg(1)};
    QTest::newRow("limit-rpm") << nginx({"limit-rpm: \"300\""}) << "rate 300/minute burst 1500"
                               << QStringList{all.arg(1)};
    QTest::newRow("burst multiplier")
        << nginx({"limit-rps: \"10\"", "limit-burst-multiplier: \"2\""})
        << "rate 10/second burst 20" << QStringList{all.arg(2)};
    QTest::newRow("burst multiplier 0")
        << nginx({"limit-burst-multiplier: \"0\"", "limit-rpm: \"60\""}) << "rate 60/minute burst 0"
        << QStringList{all.arg(2)};
    QTest::newRow("rps and rpm: rps kept")
        << nginx({"limit-rps: \"10\"", "limit-rpm: \"300\""}) << "rate 10/second burst 50"
        << QStringList{":7:5: warning: annotation 'nginx.ingress.kubernetes.io/limit-rpm' is not "
                       "translated: limit-rps is set too: ingress-nginx applies both, the "
                       "topology has one rate limit per route and keeps limit-rps, which lets "
                       "fewer requests through at once [import]",
                       ":6:5: note: 1 of 2 annotations translated; not translated: "
                       "nginx.ingress.kubernetes.io/limit-rpm [import]"};
    QTest::newRow("rps and rpm: rpm kept")
        << nginx({"limit-rps: \"100\"", "limit-rpm: \"60\""}) << "rate 60/minute burst 300"
        << QStringList{":6:5: warning: annotation 'nginx.ingress.kubernetes.io/limit-rps' is not "
                       "translated: limit-rpm is set too"};
    QTest::newRow("multiplier without a rate")
        << nginx({"limit-burst-multiplier: \"3\""}) << "none"
        << QStringList{":6:5: warning: annotation "
                       "'nginx.ingress.kubernetes.io/limit-burst-multiplier' is not translated: "
                       "there is no limit-rps or limit-rpm for it to multiply [import]"};
    QTest::newRow("limit-connections") << nginx({"limit-connections: \"5\""}) << "connections 5"
                                       << QStringList{over503, all.arg(1)};
    QTest::newRow("limit off") << nginx({"limit-rps: \"0\""}) << "none" << QStringList{all.arg(1)};
    QTest::newRow("limit not a number")
        << nginx({"limit-rps: ten"}) << "none"
        << QStringList{":6:44: warning: annotation 'nginx.ingress.kubernetes.io/limit-rps': "
                       "'ten' is not a valid value (a whole number from 0 to 1000000); not "
                       "translated [import]"};
    QTest::newRow("limit-whitelist")
        << nginx({"limit-rps: \"10\"", "limit-whitelist: 10.0.0.0/8"}) << "rate 10/second burst 50"
        << QStringList{":7:5: warning: annotation 'nginx.ingress.kubernetes.io/limit-whitelist' "
                       "is not translated: the topology's limits exempt no addresses [import]"};
    QTest::newRow("all of them")
        << nginx({"whitelist-source-range: 10.0.0.0/8", "auth-type: basic",
                  "auth-secret: food-users", "auth-realm: Food staff", "limit-rps: \"5\"",
                  "limit-connections: \"2\""})
        << "allow 10.0.0.0/8; basic certs/food-users.htpasswd realm 'Food staff'; rate "
           "5/second burst 25; connections 2"
        << QStringList{all.arg(6)};
    // nginx answers `return` before its access checks and limits.
    QTest::newRow("redirect answers first")
        << nginx({"permanent-redirect: https://example.org", "whitelist-source-range: 10.0.0.0/8"})
        << "none" << QStringList{all.arg(2)};
}

void TestIngressNginxPolicies::policies() {
    QFETCH(QByteArray, annotations);
    QFETCH(QString, policy);
    QFETCH(QStringList, report);
    KubernetesImporter importer;
    importer.addData(manifests(annotations, {}), QStringLiteral("annotated.yaml"));
    const ImportResult result = importer.finish({});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const VirtualHost host = result.topology.hosts.value(0);
    QCOMPARE(policyText(host.routes.value(0).policy), policy);
    QVERIFY(host.policy.isEmpty());
    expectReportAndValid(result.diagnostics, report, result.topology);
}

// Two Ingresses share a host, each with its own annotations: each route keeps its Ingress's
// policy. A canary's requests pass the main Ingress's checks; a host-less catch-all with a
// policy stays a route (of '*') rather than the default service, which has none.
void TestIngressNginxPolicies::policiesPerIngress_data() {
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("client");
    QTest::addColumn<QString>("expected");

    const QString admin =
        QStringLiteral("admin: allow 10.0.0.0/8, deny the rest; rate limit 5 per second, burst "
                       "25, by client address -> %1");
    QTest::newRow("open route") << QByteArray("food.bar.com") << QByteArray("/") << QByteArray()
                                << QByteArray("192.0.2.1") << "food: - -> admitted";
    QTest::newRow("listed client")
        << QByteArray("food.bar.com") << QByteArray("/admin/x") << QByteArray()
        << QByteArray("10.1.2.3") << admin.arg(QStringLiteral("admitted"));
    QTest::newRow("other client") << QByteArray("food.bar.com") << QByteArray("/admin")
                                  << QByteArray() << QByteArray("192.0.2.1")
                                  << admin.arg(QStringLiteral("403"));
    QTest::newRow("canary, main's policy")
        << QByteArray("food.bar.com") << QByteArray("/admin") << QByteArray("X-Canary: always")
        << QByteArray("192.0.2.1")
        << QStringLiteral("admin-canary: allow 10.0.0.0/8, deny the rest; rate limit 5 per "
                          "second, burst 25, by client address -> 403");
    QTest::newRow("catch-all") << QByteArray("other.example") << QByteArray("/") << QByteArray()
                               << QByteArray("192.0.2.1") << "fallback: deny 192.0.2.0/24 -> 403";
}

void TestIngressNginxPolicies::policiesPerIngress() {
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, client);
    QFETCH(QString, expected);
    auto ingress = [](const char *name, const char *hostName, const char *prefix,
                      const char *service, const QByteArray &annotations) {
        return QByteArray("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ") +
               name + "\n  annotations:\n" + annotations + "spec:\n  rules:\n  - " +
               (*hostName ? QByteArray("host: ") + hostName + "\n    " : QByteArray()) +
               "http:\n      paths:\n      - path: " + prefix +
               "\n        pathType: Prefix\n        backend:\n          service: {name: " +
               service + ", port: {number: 80}}\n";
    };
    const QByteArray yaml =
        ingress("food", "food.bar.com", "/", "food", nginx({"proxy-body-size: 8m"})) + "---\n" +
        ingress("admin", "food.bar.com", "/admin", "admin",
                nginx({"whitelist-source-range: 10.0.0.0/8", "limit-rps: \"5\""})) +
        "---\n" +
        ingress("admin-canary", "food.bar.com", "/admin", "admin-canary",
                nginx({"canary: \"true\"", "canary-by-header: X-Canary",
                       "whitelist-source-range: 192.0.2.0/24"})) +
        "---\n" +
        ingress("fallback", "", "/", "fallback", nginx({"denylist-source-range: 192.0.2.0/24"}));
    KubernetesImporter importer;
    importer.addData(yaml, QStringLiteral("annotated.yaml"));
    const ImportResult result = importer.finish({});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QVERIFY(result.topology.defaultService.isEmpty());
    expectReport(result.diagnostics,
                 {"warning: annotation 'nginx.ingress.kubernetes.io/whitelist-source-range' is "
                  "not translated: a canary Ingress takes the main Ingress's access lists, "
                  "authentication and limits (ingress-nginx ignores its own) [import]"});
    const auto table = RoutingTable::compile(result.topology);
    QCOMPARE(checked(*table, host.constData(), path.constData(), header, client.constData()),
             expected);
}

// The topology's default service has no policy: an Ingress's defaultBackend keeps the service,
// and the report says the Ingress's policy does not reach it.
void TestIngressNginxPolicies::policyAndDefaultBackend() {
    KubernetesImporter importer;
    importer.addData("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: all\n"
                     "  annotations:\n" +
                         nginx({"whitelist-source-range: 10.0.0.0/8"}) +
                         "spec:\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n",
                     QStringLiteral("annotated.yaml"));
    const ImportResult result = importer.finish({});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(result.topology.defaultService, QStringLiteral("web"));
    expectReport(result.diagnostics,
                 {":9:5: warning: the Ingress's access lists, authentication, limits, CORS and "
                  "security headers do not reach its default backend: the topology's default "
                  "service has no policy [import]"});
}

// auth-type: basic with its Secret: the users become an htpasswd file next to the topology,
// which basic auth names; saved, loaded and validated with the file checked, it is whole.
void TestIngressNginxPolicies::basicAuthFromSecret_data() {
    QTest::addColumn<QByteArray>("annotations");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<bool>("secretFirst");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("htpasswd");

    const QByteArray users = alice + '\n' + bob + '\n';
    const QByteArray basic =
        nginx({"auth-type: basic", "auth-secret: food-users", "auth-realm: Food staff"});
    const QByteArray file = "data:\n  auth: " + users.toBase64() + '\n';
    QTest::newRow("auth-file") << basic << userSecret(file) << false << "certs/food-users.htpasswd"
                               << users;
    QTest::newRow("Secret first") << basic << userSecret(file) << true
                                  << "certs/food-users.htpasswd" << users;
    QTest::newRow("stringData") << basic
                                << userSecret("stringData:\n  auth: |\n    " + alice + "\n    " +
                                              bob + '\n')
                                << false << "certs/food-users.htpasswd" << users;
    QTest::newRow("default namespace named")
        << basic << userSecret(file, "default") << false << "certs/food-users.htpasswd" << users;
    QTest::newRow("NAMESPACE/NAME")
        << nginx({"auth-type: basic", "auth-secret: staff/food-users"}) << userSecret(file, "staff")
        << false << "certs/food-users.htpasswd" << users;
    QTest::newRow("auth-map") << nginx({"auth-type: basic", "auth-secret: food-users",
                                        "auth-secret-type: auth-map"})
                              << userSecret("data:\n  bob: " + bob.mid(4).toBase64() +
                                            "\n  alice: " + alice.mid(6).toBase64() + '\n')
                              << false << "certs/food-users.htpasswd" << users;
}

void TestIngressNginxPolicies::basicAuthFromSecret() {
    QFETCH(QByteArray, annotations);
    QFETCH(QByteArray, secret);
    QFETCH(bool, secretFirst);
    QFETCH(QString, path);
    QFETCH(QByteArray, htpasswd);
    const QByteArray ingress = manifests(annotations, {});
    KubernetesImporter importer;
    importer.addData(secretFirst ? secret + "---\n" + ingress : ingress + "---\n" + secret,
                     QStringLiteral("annotated.yaml"));
    const ImportResult result = importer.finish({});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const QString report = dump(result.diagnostics);
    QVERIFY2(!report.contains(u"not translated") && !report.contains(u"import-auth") &&
                 !report.contains(u"skipped"),
             qPrintable(report));
    const Route &route = result.topology.hosts.value(0).routes.value(0);
    QVERIFY(route.policy.basicAuth);
    QCOMPARE(route.policy.basicAuth->htpasswd, path);
    QCOMPARE(result.files.keys(), QStringList{path});
    QCOMPARE(result.files.value(path), htpasswd);

    // Saved as `import -o` does, the topology loads and validates with its file.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString project = dir.filePath(QStringLiteral("food.yaml"));
    QString error;
    QVERIFY2(TopologyWriter::saveFile(result.topology, project, &error), qPrintable(error));
    for (auto it = result.files.cbegin(); it != result.files.cend(); ++it) {
        const QString written = dir.filePath(it.key());
        QVERIFY(QDir().mkpath(QFileInfo(written).absolutePath()));
        QFile out(written);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QCOMPARE(out.write(it.value()), it.value().size());
    }
    const LoadResult loaded = TopologyLoader::loadFile(project);
    QVERIFY2(loaded.ok(), qPrintable(dump(loaded.diagnostics)));
    const Route &saved = loaded.topology->hosts.value(0).routes.value(0);
    QCOMPARE(saved.policy.basicAuth->htpasswd, path);
    QCOMPARE(saved.policy.basicAuth->realm, route.policy.basicAuth->realm);
    ValidationContext context;
    context.checkHtpasswdFile = [](const QString &file) { return HtpasswdFile::read(file).error; };
    const Diagnostics problems = Validator::validate(*loaded.topology, context);
    QVERIFY2(!hasErrors(problems), qPrintable(dump(problems)));
    const HtpasswdFile users = HtpasswdFile::read(loaded.topology->resolvePath(path));
    QVERIFY2(users.ok(), qPrintable(users.error));
    QCOMPARE(users.users.size(), std::size_t(2));
}

// A Secret that is not there, or holds no users the engine can check, is reported; basic auth
// stays on (naming the file the user must supply) rather than the route opening up.
void TestIngressNginxPolicies::basicAuthReported_data() {
    QTest::addColumn<QByteArray>("annotations");
    QTest::addColumn<QByteArray>("secret"); // first in the file, then the Ingress; or none
    QTest::addColumn<bool>("written");      // the htpasswd file
    QTest::addColumn<QStringList>("report");

    const QByteArray basic = nginx({"auth-type: basic", "auth-secret: food-users"});
    QTest::newRow("no Secret")
        << basic << QByteArray() << false
        << QStringList{":7:46: warning: auth-secret: Secret 'food-users' is not in the input; "
                       "basic auth reads certs/food-users.htpasswd, which the import cannot "
                       "write: put the Secret's 'auth' key (kubectl get secret food-users -o "
                       "jsonpath='{.data.auth}' | base64 -d) there [import-auth]"};
    QTest::newRow("Secret in another namespace")
        << nginx(
               {"auth-type: basic", "auth-secret: staff/food-users", "auth-secret-type: auth-map"})
        << userSecret("data: {}\n") << false
        << QStringList{":14:46: warning: auth-secret: Secret 'staff/food-users' is not in the "
                       "input; basic auth reads certs/food-users.htpasswd, which the import "
                       "cannot write: put a 'user:hash' line for each key of the Secret there "
                       "[import-auth]",
                       ":1:1: note: Secret 'food-users' of type 'Opaque' is not a TLS secret, and "
                       "no auth-secret annotation names it; skipped [import]"};
    QTest::newRow("no auth key")
        << basic << userSecret("data:\n  users: " + alice.toBase64() + '\n') << false
        << QStringList{":1:1: warning: Secret 'food-users' holds no users for basic auth "
                       "(auth-secret-type auth-file: the htpasswd lines in its 'auth' key); "
                       "certs/food-users.htpasswd is not written [import-auth]"};
    QTest::newRow("plain-text password")
        << basic << userSecret("stringData:\n  auth: alice:secret\n") << true
        << QStringList{":1:1: warning: Secret 'food-users' written to certs/food-users.htpasswd, "
                       "which basic auth cannot use: line 1: user 'alice' has a hash this proxy "
                       "does not accept"};
}

void TestIngressNginxPolicies::basicAuthReported() {
    QFETCH(QByteArray, annotations);
    QFETCH(QByteArray, secret);
    QFETCH(bool, written);
    QFETCH(QStringList, report);
    const QByteArray ingress = manifests(annotations, {});
    KubernetesImporter importer;
    importer.addData(secret.isEmpty() ? ingress : secret + "---\n" + ingress,
                     QStringLiteral("annotated.yaml"));
    const ImportResult result = importer.finish({});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const Route &route = result.topology.hosts.value(0).routes.value(0);
    QVERIFY(route.policy.basicAuth);
    QCOMPARE(result.files.contains(route.policy.basicAuth->htpasswd), written);
    expectReport(result.diagnostics, report);
}

QTEST_GUILESS_MAIN(TestIngressNginxPolicies)
#include "tst_ingressnginxpolicies.moc"
