// Clients that are not plain HTTP/1.1 keep-alive clients: HTTP/1.0 clients, which cannot read a
// chunked body (the proxy decodes it and closes to end it), and clients that half-close their
// connection right after a complete request (they still read the response, however soon the
// backend answers: the client stream reports the EOF apart from a reset and keeps writing).
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/originfixture.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <memory>
#include <QTest>
#include <sys/socket.h>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

class TestClientCompat : public QObject, protected OriginFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void http10GetsChunkedBodyDecoded_data();
    void http10GetsChunkedBodyDecoded();
    void http10KeepAliveAnnounced();
    void halfClosedClientGetsResponse_data();
    void halfClosedClientGetsResponse();

private:
};

void TestClientCompat::initTestCase() {
    proxy::ProxySettings settings;
    settings.workers = 1;
    startOrigin(settings);
}

void TestClientCompat::cleanupTestCase() {
    stopOrigin();
}

void TestClientCompat::http10GetsChunkedBodyDecoded_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("plain") << QByteArray("GET /chunked HTTP/1.0\r\nHost: a.test\r\n\r\n");
    // Keep-alive cannot be honoured: without a length the close ends the body.
    QTest::newRow("keep-alive-asked")
        << QByteArray("GET /chunked HTTP/1.0\r\nHost: a.test\r\nConnection: keep-alive\r\n\r\n");
}

void TestClientCompat::http10GetsChunkedBodyDecoded() {
    QFETCH(QByteArray, raw);
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send(raw);
    // Read to the close: an HTTP/1.0 reader knows no other end of this body.
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->headerCount("transfer-encoding"), 0);
    QCOMPARE(response->header("connection").toLower(), QByteArray("close"));
    QCOMPARE(response->body, QByteArray("hello world")); // chunks "hello", " ", "world"
    QVERIFY(client.waitClosed());
    // Upstream the request went as HTTP/1.1 (whose chunked answer we decoded).
    QVERIFY2(m_backend->lastHead().startsWith("GET /chunked HTTP/1.1\r\n"),
             m_backend->lastHead().constData());
}

void TestClientCompat::http10KeepAliveAnnounced() {
    // HTTP/1.0 persistence needs the server to say so; a length-delimited body allows it.
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    for (int i = 0; i < 2; ++i) {
        client.send("GET /echo HTTP/1.0\r\nHost: a.test\r\nConnection: keep-alive\r\n"
                    "Content-Length: 2\r\n\r\nhi");
        const auto response = client.read();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("connection").toLower(), QByteArray("keep-alive"));
        QCOMPARE(response->body, QByteArray("hi"));
    }
}

void TestClientCompat::halfClosedClientGetsResponse_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("body");
    // The backend answers at once: the response may be on its way out while the proxy
    // learns of the EOF, or before; either way it arrives whole.
    QTest::newRow("immediate") << QByteArray("/status/200") << QByteArray("status");
    QTest::newRow("immediate-large") << QByteArray("/slow/0?3000000") << QByteArray(3000000, 'x');
    // The response starts after the proxy saw the EOF.
    QTest::newRow("after-eof-seen") << QByteArray("/slow/300") << QByteArray("slow");
    // More than the socket takes at once: the rest waits for the client to read.
    QTest::newRow("large") << QByteArray("/slow/300?3000000") << QByteArray(3000000, 'x');
}

void TestClientCompat::halfClosedClientGetsResponse() {
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send(get("a.test", target));
    // Done sending: FIN after the request, as `curl` over a pipe or `nc -N` do.
    QCOMPARE(::shutdown(int(client.socket().socketDescriptor()), SHUT_WR), 0);
    const auto response = client.read(10000);
    QVERIFY2(response, "no response after the client's half-close");
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body.size(), body.size());
    QCOMPARE(response->body, body);
    // Then the proxy closes: the client cannot send another request anyway.
    QVERIFY(client.waitClosed());
}

QTEST_GUILESS_MAIN(TestClientCompat)
#include "tst_clientcompat.moc"
