#include "model/certs/certificateauthority.h"
#include "model/certs/certificateissuer.h"
#include "model/routing/routingtable.h"
#include "model/yaml/topologyloader.h"
#include "proxy/tls/sniselector.h"
#include "proxy/tls/tlscontextstore.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::proxy;

// Loading a topology's certificates for HTTPS listeners: SNI names from hosts and SANs, keys
// from files or the keychain (an injected provider), and clear errors for bad pairs.
class TestTlsContextStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sniSelector_data();
    void sniSelector();
    void buildsListenerContexts();
    void reportsBadCertificates_data();
    void reportsBadCertificates();
    void clusterCertificatesGetStandIns_data();
    void clusterCertificatesGetStandIns();
    void clusterCertificateForEveryHost();

private:
    RoutingTablePtr compile(const QString &certificatesYaml, const QStringList &hostsYaml);
    QString cnFor(const TlsListenerContext &context, const QString &serverName) const;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    QString m_caFolder;
    QByteArray m_keychainKey; // what the fake keychain provider hands out
};

void TestTlsContextStore::initTestCase() {
    QString error;
    const auto ca = certs::CertificateAuthority::create("Store CA", {}, 30, &error);
    QVERIFY(ca);
    m_caFolder = path("ca");
    QVERIFY2(ca->save(m_caFolder, &error), qPrintable(error));
    for (const QString host : {"a.test", "b.test", "other.test"}) {
        const auto bundle = certs::CertificateIssuer::issue(*ca, {{host}, {}, 30}, &error);
        QVERIFY2(bundle && bundle->writeTo(m_dir.path(), host, true, &error), qPrintable(error));
    }
    QFile key(path("b.test.key"));
    QVERIFY(key.open(QIODevice::ReadOnly));
    m_keychainKey = key.readAll();
    // An encrypted copy of a.test's key: the engine cannot ask for its passphrase.
    QFile plain(path("a.test.key"));
    QVERIFY(plain.open(QIODevice::ReadOnly));
    const auto pk = certs::PrivateKey::fromPem(plain.readAll(), {}, &error);
    QVERIFY(pk);
    QFile encrypted(path("a-encrypted.key"));
    QVERIFY(encrypted.open(QIODevice::WriteOnly));
    encrypted.write(pk->toPem("secret"));
}

void TestTlsContextStore::sniSelector_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("expected");
    QTest::newRow("exact") << "a.test" << 1;
    QTest::newRow("exact beats wildcard") << "www.b.test" << 3;
    QTest::newRow("wildcard") << "x.b.test" << 2;
    QTest::newRow("wildcard is one label") << "x.y.b.test" << 0;
    QTest::newRow("wildcard does not cover base") << "b.test" << 0;
    QTest::newRow("case and trailing dot") << "X.B.TEST." << 2;
    QTest::newRow("empty") << "" << 0;
    QTest::newRow("unknown") << "nope.test" << 0;
    QTest::newRow("first mapping wins") << "dup.test" << 4;
    QTest::newRow("refused") << "down.test" << int(SniSelector::refused);
}

void TestTlsContextStore::sniSelector() {
    QFETCH(QString, name);
    QFETCH(int, expected);
    SniSelector selector;
    selector.setDefault(0);
    selector.addName("A.test", 1);
    selector.addName("*.b.test", 2);
    selector.addName("www.b.test", 3);
    selector.addName("dup.test", 4);
    selector.addName("dup.test", 5);
    selector.addName("down.test", SniSelector::refused);
    QCOMPARE(selector.select(name), expected);
}

RoutingTablePtr TestTlsContextStore::compile(const QString &certificatesYaml,
                                             const QStringList &hostsYaml) {
    QString yaml = QStringLiteral("apiVersion: ingress-studio/v1\nkind: Topology\n"
                                  "metadata:\n  name: tls\n"
                                  "listeners:\n"
                                  "  - name: web\n    bind: 127.0.0.1:18080\n    protocol: HTTP\n"
                                  "  - name: secure\n    bind: 127.0.0.1:18443\n"
                                  "    protocol: HTTPS\n"
                                  "services:\n  - name: app\n    endpoints:\n"
                                  "      - 127.0.0.1:9\n"
                                  "certificates:\n") +
                   certificatesYaml + QStringLiteral("hosts:\n");
    for (const QString &host : hostsYaml)
        yaml += host;
    const LoadResult loaded =
        TopologyLoader::loadData(yaml.toUtf8(), path(QStringLiteral("topology.yaml")));
    if (!loaded.ok()) {
        for (const Diagnostic &d : loaded.diagnostics)
            qWarning() << d.message;
        return nullptr;
    }
    return RoutingTable::compile(*loaded.topology);
}

QString TestTlsContextStore::cnFor(const TlsListenerContext &context,
                                   const QString &serverName) const {
    SSL_CTX *ctx = context.contextFor(serverName);
    X509 *leaf = ctx ? SSL_CTX_get0_certificate(ctx) : nullptr;
    if (!leaf)
        return QStringLiteral("<none>");
    char cn[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(leaf), NID_commonName, cn, sizeof cn);
    return QString::fromUtf8(cn);
}

static QString host(const QString &name, const QString &tls) {
    return QStringLiteral("  - host: %1\n    tls: %2\n    routes:\n      - path: /\n"
                          "        service: app\n")
        .arg(name, tls);
}

void TestTlsContextStore::buildsListenerContexts() {
    const RoutingTablePtr table =
        compile(QStringLiteral("  - name: cert-a\n    certificate: %1\n    privateKey: %2\n"
                               "  - name: cert-b\n    certificate: %3\n    privateKey: keychain\n")
                    .arg(path("a.test.crt"), path("a.test.key"), path("b.test.crt")),
                {host("a.test", "cert-a"), host("alias.test", "cert-b"), host("b.test", "cert-b")});
    QVERIFY(table);
    QStringList asked;
    const auto keys = [this, &asked](const CompiledCertificate &cert,
                                     QString *) -> std::optional<QByteArray> {
        asked << QString::fromStdString(cert.name);
        return m_keychainKey;
    };
    QStringList errors;
    const auto store = TlsContextStore::build(*table, keys, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    QCOMPARE(asked, QStringList{"cert-b"}); // only keychain keys come from the provider
    int secure = -1;
    for (const CompiledListener &l : table->listeners())
        if (l.protocol == Protocol::Https)
            secure = l.index;
    QVERIFY(secure >= 0);
    QVERIFY(!store->listener(1 - secure)); // the HTTP listener has no TLS context
    const TlsListenerContextPtr context = store->listener(secure);
    QVERIFY(context);
    QCOMPARE(context->size(), 2);
    QCOMPARE(cnFor(*context, "a.test"), QStringLiteral("a.test"));
    QCOMPARE(cnFor(*context, "b.test"), QStringLiteral("b.test"));
    // A host name the topology assigns to a certificate selects it, SAN or not.
    QCOMPARE(cnFor(*context, "alias.test"), QStringLiteral("b.test"));
    QCOMPARE(cnFor(*context, "unknown.test"), QStringLiteral("a.test"));
    SSL_CTX *ctx = context->contextFor("a.test");
    QCOMPARE(SSL_CTX_get_min_proto_version(ctx), TLS1_2_VERSION);
    STACK_OF(X509) *chain = nullptr;
    QVERIFY(SSL_CTX_get0_chain_certs(ctx, &chain) == 1);
    QCOMPARE(sk_X509_num(chain), 1); // the CA after the leaf
    QVERIFY(SSL_CTX_get0_privatekey(ctx));

    const ConnectionWrapperFactory factory = TlsContextStore::wrapperFactory(store);
    const auto wrapper = factory(*table, table->listeners()[std::size_t(secure)]);
    QVERIFY(wrapper);
    QCOMPARE(QByteArray(wrapper->scheme()), QByteArray("https"));
}

void TestTlsContextStore::reportsBadCertificates_data() {
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key"); // "keychain": no provider given
    QTest::addColumn<QString>("expected");
    QTest::newRow("mismatched key") << "a.test.crt"
                                    << "other.test.key"
                                    << "does not match";
    QTest::newRow("missing certificate") << "missing.crt"
                                         << "a.test.key"
                                         << "no such file";
    QTest::newRow("missing key") << "a.test.crt"
                                 << "missing.key"
                                 << "no such file";
    QTest::newRow("key as certificate") << "a.test.key"
                                        << "a.test.key"
                                        << "certificate";
    QTest::newRow("encrypted key") << "a.test.crt"
                                   << "a-encrypted.key"
                                   << "passphrase";
    QTest::newRow("keychain unavailable") << "a.test.crt"
                                          << "keychain"
                                          << "keychain";
}

void TestTlsContextStore::reportsBadCertificates() {
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const RoutingTablePtr table =
        compile(QStringLiteral("  - name: bad\n    certificate: %1\n    privateKey: %2\n"
                               "  - name: good\n    certificate: %3\n    privateKey: %4\n")
                    .arg(path(certificate), key == u"keychain" ? key : path(key),
                         path("b.test.crt"), path("b.test.key")),
                {host("a.test", "bad"), host("b.test", "good")});
    QVERIFY(table);
    QStringList errors;
    const auto store = TlsContextStore::build(*table, nullptr, &errors);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.constFirst().startsWith(u"certificate 'bad': "),
             qPrintable(errors.constFirst()));
    QVERIFY2(errors.constFirst().contains(expected), qPrintable(errors.constFirst()));
    // The listener still serves the good certificate, but never in place of the bad one: the
    // bad one's host is refused (a client sees an alert, not another host's certificate).
    int secure = table->listeners()[0].protocol == Protocol::Https ? 0 : 1;
    const TlsListenerContextPtr context = store->listener(secure);
    QVERIFY(context);
    QCOMPARE(context->size(), 1);
    QCOMPARE(cnFor(*context, "b.test"), QStringLiteral("b.test"));
    QCOMPARE(cnFor(*context, "a.test"), QStringLiteral("<none>"));
    QCOMPARE(cnFor(*context, "unknown.test"), QStringLiteral("b.test"));
}

void TestTlsContextStore::clusterCertificatesGetStandIns_data() {
    QTest::addColumn<bool>("haveCa");
    QTest::newRow("development CA") << true;
    QTest::newRow("no CA") << false;
}

// A certificate the cluster holds has no files: serving issues a stand-in for its hosts from the
// development CA, or says how to make one; its host never gets another host's certificate.
void TestTlsContextStore::clusterCertificatesGetStandIns() {
    QFETCH(bool, haveCa);
    const RoutingTablePtr table = compile(
        QStringLiteral("  - name: cluster\n    secret: shop/cluster-tls\n"
                       "  - name: good\n    certificate: %1\n    privateKey: %2\n")
            .arg(path("b.test.crt"), path("b.test.key")),
        {host("c.test", "cluster"), host("\"*.c.test\"", "cluster"), host("b.test", "good")});
    QVERIFY(table);
    QVERIFY(table->certificates()[0].inCluster);
    QStringList errors;
    const auto store = TlsContextStore::build(
        *table, nullptr, &errors,
        TlsContextStore::developmentIssuer(haveCa ? m_caFolder : path("no-ca-here")));
    const int secure = table->listeners()[0].protocol == Protocol::Https ? 0 : 1;
    const TlsListenerContextPtr context = store->listener(secure);
    QVERIFY(context);
    QCOMPARE(cnFor(*context, "b.test"), QStringLiteral("b.test"));
    if (haveCa) {
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(cnFor(*context, "c.test"), QStringLiteral("c.test"));
        QCOMPARE(cnFor(*context, "www.c.test"), QStringLiteral("c.test")); // the wildcard SAN
    } else {
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.constFirst().contains(u"cert new-ca"), qPrintable(errors.constFirst()));
        QCOMPARE(cnFor(*context, "c.test"), QStringLiteral("<none>"));
    }
}

// The "*" host (a Gateway API listener without hostname) presents a cluster certificate too: no
// certificate can name "*", so the stand-in names localhost and is the listener's default.
void TestTlsContextStore::clusterCertificateForEveryHost() {
    const RoutingTablePtr table =
        compile(QStringLiteral("  - name: cluster\n    secret: shop/cluster-tls\n"),
                {host("\"*\"", "cluster")});
    QVERIFY(table);
    QStringList errors;
    const auto store = TlsContextStore::build(*table, nullptr, &errors,
                                              TlsContextStore::developmentIssuer(m_caFolder));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    const int secure = table->listeners()[0].protocol == Protocol::Https ? 0 : 1;
    const TlsListenerContextPtr context = store->listener(secure);
    QVERIFY(context);
    QCOMPARE(cnFor(*context, "example.org"), QStringLiteral("localhost"));
}

QTEST_GUILESS_MAIN(TestTlsContextStore)
#include "tst_tlscontextstore.moc"
