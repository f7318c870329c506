// The strict HTTP/1.1 parsers on their own: request heads, body framing, response heads.
#include "proxy/http/bodyframing.h"
#include "proxy/http/requestparser.h"
#include "proxy/http/responseparser.h"
#include "tests/proxy/malformedrequests.h"

#include <QTest>

using namespace ingress::proxy::http;
using ingress::test::malformedRequests;

class TestRequestParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validHeads_data();
    void validHeads();
    void malformed_data();
    void malformed();
    void incompleteHeads_data();
    void incompleteHeads();
    void chunkedByteByByte();
    void chunkedLeavesPipelinedBytes();
    void responseHeads_data();
    void responseHeads();
};

void TestRequestParser::validHeads_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("body");
    QTest::addColumn<qulonglong>("length");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("simple") << QByteArray("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n")
                            << QByteArray("GET") << QByteArray("/") << QByteArray()
                            << QByteArray("a.test") << 0 << 0ull << true;
    QTest::newRow("query") << QByteArray("GET /p/q?x=1&y HTTP/1.1\r\nHost: a.test:8080\r\n\r\n")
                           << QByteArray("GET") << QByteArray("/p/q") << QByteArray("x=1&y")
                           << QByteArray("a.test:8080") << 0 << 0ull << true;
    QTest::newRow("length") << QByteArray(
                                   "POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n")
                            << QByteArray("POST") << QByteArray("/u") << QByteArray()
                            << QByteArray("a") << int(BodyKind::Length) << 12ull << true;
    QTest::newRow("zero-length") << QByteArray(
                                        "POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
                                 << QByteArray("POST") << QByteArray("/u") << QByteArray()
                                 << QByteArray("a") << int(BodyKind::None) << 0ull << true;
    QTest::newRow("same-length-twice")
        << QByteArray(
               "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\n")
        << QByteArray("POST") << QByteArray("/") << QByteArray() << QByteArray("a")
        << int(BodyKind::Length) << 3ull << true;
    QTest::newRow("chunked-any-case")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\ntransfer-encoding:   Chunked  \r\n\r\n")
        << QByteArray("POST") << QByteArray("/") << QByteArray() << QByteArray("a")
        << int(BodyKind::Chunked) << 0ull << true;
    QTest::newRow("close") << QByteArray(
                                  "GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n")
                           << QByteArray("GET") << QByteArray("/") << QByteArray()
                           << QByteArray("a") << 0 << 0ull << false;
    // Long values with tabs and obs-text pass the word-at-a-time check's slow path.
    QTest::newRow("long-values")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A: abcdefgh\tijklmnop\tqrstuvwx\r\n"
                      "X-B: caf\xc3\xa9 \xff\x80 abcdefghijklmnopqrstu\r\n\r\n")
        << QByteArray("GET") << QByteArray("/") << QByteArray() << QByteArray("a") << 0 << 0ull
        << true;
    QTest::newRow("http10") << QByteArray("GET / HTTP/1.0\r\nHost: a\r\n\r\n") << QByteArray("GET")
                            << QByteArray("/") << QByteArray() << QByteArray("a") << 0 << 0ull
                            << false;
    QTest::newRow("http10-keepalive")
        << QByteArray("GET / HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n")
        << QByteArray("GET") << QByteArray("/") << QByteArray() << QByteArray("a") << 0 << 0ull
        << true;
    QTest::newRow("absolute-form")
        << QByteArray("GET http://b.test/x?y HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("GET")
        << QByteArray("/x") << QByteArray("y") << QByteArray("b.test") << 0 << 0ull << true;
    QTest::newRow("leading-crlf") << QByteArray("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
                                  << QByteArray("GET") << QByteArray("/") << QByteArray()
                                  << QByteArray("a") << 0 << 0ull << true;
    QTest::newRow("obs-text-value")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9\r\n\r\n") << QByteArray("GET")
        << QByteArray("/") << QByteArray() << QByteArray("a") << 0 << 0ull << true;
    QTest::newRow("ipv6-host") << QByteArray("GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n")
                               << QByteArray("GET") << QByteArray("/") << QByteArray()
                               << QByteArray("[::1]:80") << 0 << 0ull << true;
}

void TestRequestParser::validHeads() {
    QFETCH(QByteArray, raw);
    RequestHead head;
    const ParseOutcome outcome =
        parseRequestHead(std::string_view(raw.constData(), std::size_t(raw.size())), {}, &head);
    QCOMPARE(int(outcome.status), int(ParseStatus::Complete));
    QFETCH(QByteArray, method);
    QCOMPARE(QByteArray(head.method.data(), qsizetype(head.method.size())), method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, host);
    QCOMPARE(QByteArray(head.path.data(), qsizetype(head.path.size())), path);
    QCOMPARE(QByteArray(head.query.data(), qsizetype(head.query.size())), query);
    QCOMPARE(QByteArray(head.host.data(), qsizetype(head.host.size())), host);
    QFETCH(int, body);
    QFETCH(qulonglong, length);
    QFETCH(bool, keepAlive);
    QCOMPARE(int(head.body), body);
    QCOMPARE(qulonglong(head.contentLength), length);
    QCOMPARE(head.keepAlive, keepAlive);
    QCOMPARE(head.headSize, std::size_t(raw.size()));
}

void TestRequestParser::malformed_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    for (const auto &m : malformedRequests())
        QTest::newRow(m.name) << m.bytes << m.status;
}

void TestRequestParser::malformed() {
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    RequestHead head;
    const std::string_view view(raw.constData(), std::size_t(raw.size()));
    const ParseOutcome outcome = parseRequestHead(view, {}, &head);
    if (outcome.status == ParseStatus::Error) {
        QCOMPARE(outcome.errorStatus, status);
        return;
    }
    // A valid head: then the body framing must be what fails.
    QCOMPARE(int(outcome.status), int(ParseStatus::Complete));
    QCOMPARE(status, 400);
    QCOMPARE(int(head.body), int(BodyKind::Chunked));
    BodyFramer framer;
    framer.reset(BodyFramer::Mode::Chunked);
    framer.feed(view.data() + head.headSize, view.size() - head.headSize);
    QVERIFY2(framer.failed(), "chunked body accepted");
}

void TestRequestParser::incompleteHeads_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("method") << QByteArray("GE");
    QTest::newRow("line") << QByteArray("GET / HTTP/1.1\r\n");
    QTest::newRow("cr") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r");
    QTest::newRow("header") << QByteArray("GET / HTTP/1.1\r\nHost: a");
}

void TestRequestParser::incompleteHeads() {
    QFETCH(QByteArray, raw);
    RequestHead head;
    const ParseOutcome outcome =
        parseRequestHead(std::string_view(raw.constData(), std::size_t(raw.size())), {}, &head);
    QCOMPARE(int(outcome.status), int(ParseStatus::Incomplete));
}

void TestRequestParser::chunkedByteByByte() {
    const QByteArray body =
        "5;ext=\"x\"\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-T: v\r\n\r\n";
    BodyFramer framer;
    framer.reset(BodyFramer::Mode::Chunked);
    for (qsizetype i = 0; i < body.size(); ++i) {
        QVERIFY(!framer.done());
        QCOMPARE(framer.feed(body.constData() + i, 1), std::size_t(1));
        QVERIFY2(!framer.failed(), framer.error());
    }
    QVERIFY(framer.done());
}

void TestRequestParser::chunkedLeavesPipelinedBytes() {
    const QByteArray body = "3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n";
    BodyFramer framer;
    framer.reset(BodyFramer::Mode::Chunked);
    QCOMPARE(framer.feed(body.constData(), std::size_t(body.size())), std::size_t(13));
    QVERIFY(framer.done());
    framer.reset(BodyFramer::Mode::Length, 4);
    QCOMPARE(framer.feed("abcdef", 6), std::size_t(4));
    QVERIFY(framer.done());
}

void TestRequestParser::responseHeads_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("head");
    QTest::addColumn<int>("status"); // -1: malformed
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("keepAlive");
    using M = BodyFramer::Mode;
    QTest::newRow("length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n") << false
                            << 200 << int(M::Length) << true;
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                             << false << 200 << int(M::Chunked) << true;
    QTest::newRow("until-close") << QByteArray("HTTP/1.1 200 OK\r\n\r\n") << false << 200
                                 << int(M::UntilClose) << false;
    QTest::newRow("head") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n") << true
                          << 200 << int(M::None) << true;
    QTest::newRow("204") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << false << 204
                         << int(M::None) << true;
    QTest::newRow("304") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n")
                         << false << 304 << int(M::None) << true;
    QTest::newRow("100") << QByteArray("HTTP/1.1 100 Continue\r\n\r\n") << false << 100
                         << int(M::None) << true;
    QTest::newRow("no-reason") << QByteArray("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n") << false
                               << 200 << int(M::None) << true;
    QTest::newRow("http10") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n") << false
                            << 200 << int(M::Length) << false;
    QTest::newRow("close")
        << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n") << false
        << 200 << int(M::Length) << false;
    QTest::newRow("bad-status") << QByteArray("HTTP/1.1 2OO OK\r\n\r\n") << false << -1 << 0
                                << false;
    QTest::newRow("not-http") << QByteArray("hello world\r\n\r\n") << false << -1 << 0 << false;
    QTest::newRow("bad-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n")
                                << false << -1 << 0 << false;
    QTest::newRow("both")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
        << false << -1 << 0 << false;
    QTest::newRow("bad-header") << QByteArray("HTTP/1.1 200 OK\r\nno colon\r\n\r\n") << false << -1
                                << 0 << false;
    QTest::newRow("http2") << QByteArray("HTTP/2 200\r\n\r\n") << false << -1 << 0 << false;
}

void TestRequestParser::responseHeads() {
    QFETCH(QByteArray, raw);
    QFETCH(bool, head);
    QFETCH(int, status);
    ResponseHead response;
    const ParseOutcome outcome = parseResponseHead(
        std::string_view(raw.constData(), std::size_t(raw.size())), head, {}, &response);
    if (status < 0) {
        QCOMPARE(int(outcome.status), int(ParseStatus::Error));
        QCOMPARE(outcome.errorStatus, 502);
        return;
    }
    QCOMPARE(int(outcome.status), int(ParseStatus::Complete));
    QCOMPARE(response.status, status);
    QFETCH(int, mode);
    QFETCH(bool, keepAlive);
    QCOMPARE(int(response.body), mode);
    QCOMPARE(response.keepAlive, keepAlive);
}

QTEST_GUILESS_MAIN(TestRequestParser)
#include "tst_requestparser.moc"
