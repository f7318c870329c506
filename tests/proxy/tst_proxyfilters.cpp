// Route filters end to end: request and response header filters, rewriteHost, rewritePath and
// rewritePrefix, and the matches that choose a route (several matches ORed, query parameters,
// regular-expression headers, the '*' host), through the engine (two workers) to real
// backends on loopback. The backend echoes the head it received, so assertions read what went
// over the wire.
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <memory>
#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

// Every value of a field in a raw head, case-insensitive, in order.
QList<QByteArray> fieldValues(const QByteArray &head, const QByteArray &name) {
    QList<QByteArray> values;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0 && lines[i].left(colon).trimmed().toLower() == name.toLower())
            values << lines[i].mid(colon + 1).trimmed();
    }
    return values;
}

QList<QByteArray> responseValues(const HttpResponse &response, const QByteArray &name) {
    QList<QByteArray> values;
    for (const auto &[field, value] : response.headers)
        if (field.toLower() == name.toLower())
            values << value;
    return values;
}

HeaderValue field(const char *name, const char *value) {
    return HeaderValue{QString::fromLatin1(name), QString::fromLatin1(value)};
}

} // namespace

class TestProxyFilters : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_alpha = std::make_unique<TestBackend>(QStringLiteral("alpha"));
        m_beta = std::make_unique<TestBackend>(QStringLiteral("beta"));
        m_every = std::make_unique<TestBackend>(QStringLiteral("every"));
        Topology t;
        t.listeners << listener(QStringLiteral("web"));
        t.services << service(QStringLiteral("alpha"), {m_alpha->address()})
                   << service(QStringLiteral("beta"), {m_beta->address()})
                   << service(QStringLiteral("every"), {m_every->address()});

        Route requestFilter = prefix(QStringLiteral("/request"), QStringLiteral("alpha"));
        requestFilter.requestHeaders.set = {
            field("X-Set", "new"), field("x-forwarded-proto", "gopher"),
            // Framing and Host: refused by the engine.
            field("Content-Length", "5"), field("Host", "evil.test")};
        requestFilter.requestHeaders.add = {field("X-Add", "two"),
                                            field("Transfer-Encoding", "chunked")};
        requestFilter.requestHeaders.remove = {QStringLiteral("x-remove"),
                                               QStringLiteral("Connection")};
        Route responseFilter = prefix(QStringLiteral("/response"), QStringLiteral("alpha"));
        responseFilter.responseHeaders.set = {field("X-Backend", "hidden"),
                                              field("Content-Length", "1")};
        responseFilter.responseHeaders.add = {field("X-Extra", "yes")};
        responseFilter.responseHeaders.remove = {QStringLiteral("x-body-bytes")};
        responseFilter.maxBodySize = 100;
        Route host = prefix(QStringLiteral("/host"), QStringLiteral("alpha"));
        host.rewriteHost = QStringLiteral("inner.test");
        Route path = prefix(QStringLiteral("/path"), QStringLiteral("alpha"));
        path.rewritePath = QStringLiteral("/fixed/target");
        Route pathPrefix = prefix(QStringLiteral("/prefix"), QStringLiteral("alpha"));
        pathPrefix.rewritePrefix = QStringLiteral("/v2");
        Route either = exact(QStringLiteral("/one"), QStringLiteral("beta"));
        RouteMatchRule second;
        second.path = QStringLiteral("/two");
        second.pathType = PathType::Prefix;
        second.methods = {QStringLiteral("POST")};
        either.matches << second;
        Route versioned = prefix(QStringLiteral("/query"), QStringLiteral("beta"));
        versioned.firstMatch().queryParams = {
            HeaderMatch{QStringLiteral("version"), QStringLiteral("2"), ValueMatch::Exact}};
        Route tiered = prefix(QStringLiteral("/tier"), QStringLiteral("beta"));
        tiered.firstMatch().headers = {HeaderMatch{QStringLiteral("X-Tier"),
                                                   QStringLiteral("gold|silver"),
                                                   ValueMatch::RegularExpression}};
        t.hosts << ingress::testing::host(QStringLiteral("filters.test"),
                                          {prefix(QStringLiteral("/"), QStringLiteral("alpha")),
                                           requestFilter, responseFilter, host, path, pathPrefix,
                                           either, versioned, tiered});
        t.hosts << ingress::testing::host(
            QStringLiteral("known.test"),
            {prefix(QStringLiteral("/only"), QStringLiteral("alpha"))});
        t.hosts << ingress::testing::host(QStringLiteral("*"),
                                          {prefix(QStringLiteral("/"), QStringLiteral("every"))});
        proxy::ProxySettings settings;
        settings.workers = 2;
        m_engine = std::make_unique<proxy::ProxyEngine>(settings);
        QVERIFY(m_engine->start(RoutingTable::compile(t)));
        m_port = m_engine->port(QStringLiteral("web"));
        QVERIFY(m_port != 0);
    }
    void cleanupTestCase() {
        m_engine->stop(Duration(1000));
        m_engine.reset();
    }

    void requestHeaders_data() {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QList<QByteArray>>("expected");
        using L = QList<QByteArray>;
        QTest::newRow("set replaces every value") << QByteArray("x-set") << L{"new"};
        QTest::newRow("add appends a line") << QByteArray("x-add") << L{"one", "two"};
        QTest::newRow("remove deletes every value") << QByteArray("x-remove") << L{};
        QTest::newRow("untouched field kept") << QByteArray("x-other") << L{"kept"};
        QTest::newRow("set replaces the proxy's own")
            << QByteArray("x-forwarded-proto") << L{"gopher"};
        QTest::newRow("proxy's own kept") << QByteArray("x-forwarded-host") << L{"filters.test"};
        QTest::newRow("Host not settable") << QByteArray("host") << L{"filters.test"};
        QTest::newRow("Content-Length not settable") << QByteArray("content-length") << L{"4"};
        QTest::newRow("Transfer-Encoding not addable") << QByteArray("transfer-encoding") << L{};
    }
    void requestHeaders() {
        QFETCH(QByteArray, name);
        QFETCH(QList<QByteArray>, expected);
        m_alpha->reset();
        const auto response =
            request(m_port, "POST /request/x HTTP/1.1\r\nHost: filters.test\r\nX-Set: old-1\r\n"
                            "X-SET: old-2\r\nX-Add: one\r\nx-remove: a\r\nX-Remove: b\r\n"
                            "X-Other: kept\r\nContent-Length: 4\r\n\r\nbody");
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("X-Body-Bytes"), QByteArray("4")); // framing intact
        QCOMPARE(fieldValues(m_alpha->lastHead(), name), expected);
    }

    void responseHeaders_data() {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QList<QByteArray>>("expected");
        using L = QList<QByteArray>;
        QTest::newRow("set replaces") << QByteArray("x-backend") << L{"hidden"};
        QTest::newRow("add") << QByteArray("x-extra") << L{"yes"};
        QTest::newRow("remove") << QByteArray("x-body-bytes") << L{};
        QTest::newRow("Content-Length not settable")
            << QByteArray("content-length") << L{"unchanged"};
    }
    void responseHeaders() {
        QFETCH(QByteArray, name);
        QFETCH(QList<QByteArray>, expected);
        const auto response = request(m_port, get("filters.test", "/response/x"));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        if (expected == QList<QByteArray>{"unchanged"})
            expected = {QByteArray::number(response->body.size())};
        QCOMPARE(responseValues(*response, name), expected);
    }

    void responseFilterNotOnLocalAnswers() {
        // The route's filter applies to what its backend answered, not to the proxy's own
        // pages: here the route's body limit answers 413 itself.
        const auto response = request(m_port, "POST /response/x HTTP/1.1\r\nHost: filters.test\r\n"
                                              "Content-Length: 1000\r\n\r\n" +
                                                  QByteArray(1000, 'x'));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 413);
        QCOMPARE(response->header("X-Extra"), QByteArray());
        QCOMPARE(response->headerCount("X-Request-Id"), 1);
    }

    void rewrites_data() {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("upstreamTarget");
        QTest::addColumn<QByteArray>("upstreamHost");
        QTest::newRow("rewriteHost")
            << QByteArray("/host/a?b=1") << QByteArray("/host/a?b=1") << QByteArray("inner.test");
        QTest::newRow("rewritePath keeps the query")
            << QByteArray("/path/deep/er?x=1&y=2") << QByteArray("/fixed/target?x=1&y=2")
            << QByteArray("filters.test");
        QTest::newRow("rewritePath without query")
            << QByteArray("/path") << QByteArray("/fixed/target") << QByteArray("filters.test");
        QTest::newRow("rewritePrefix") << QByteArray("/prefix/rest?q") << QByteArray("/v2/rest?q")
                                       << QByteArray("filters.test");
    }
    void rewrites() {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, upstreamTarget);
        QFETCH(QByteArray, upstreamHost);
        m_alpha->reset();
        const auto response = request(m_port, get("filters.test", target));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        const QByteArray head = m_alpha->lastHead();
        QCOMPARE(head.left(head.indexOf("\r\n")), "GET " + upstreamTarget + " HTTP/1.1");
        QCOMPARE(fieldValues(head, "host"), QList<QByteArray>{upstreamHost});
        // The client's Host, whatever went upstream.
        QCOMPARE(fieldValues(head, "x-forwarded-host"), QList<QByteArray>{"filters.test"});
    }

    void routing_data() {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("backend");
        auto row = [](const char *name, const QByteArray &raw, const char *backend) {
            QTest::newRow(name) << raw << QByteArray(backend);
        };
        row("first match", get("filters.test", "/one"), "beta");
        row("second match",
            "POST /two/x HTTP/1.1\r\nHost: filters.test\r\nContent-Length: 0\r\n\r\n", "beta");
        row("second match's method only", get("filters.test", "/two/x"), "alpha");
        row("query parameter matches", get("filters.test", "/query?a=1&version=2"), "beta");
        row("query parameter differs", get("filters.test", "/query?version=3"), "alpha");
        row("regex header matches", get("filters.test", "/tier", "X-Tier: silver\r\n"), "beta");
        row("regex header anchored", get("filters.test", "/tier", "X-Tier: silvery\r\n"), "alpha");
        row("unknown host to '*'", get("nobody.test", "/anything"), "every");
        row("known host's route", get("known.test", "/only/x"), "alpha");
        row("known host falls through to '*'", get("known.test", "/other"), "every");
    }
    void routing() {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, backend);
        const auto response = request(m_port, raw);
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("X-Backend"), backend);
    }

private:
    std::unique_ptr<TestBackend> m_alpha, m_beta, m_every;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(TestProxyFilters)
#include "tst_proxyfilters.moc"
