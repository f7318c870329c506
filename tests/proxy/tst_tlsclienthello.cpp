#include "tls/clienthelloparser.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using ingress::proxy::ClientHello;
using Status = ClientHello::Status;

namespace {

void put16(QByteArray &b, int v) {
    b.append(char((v >> 8) & 0xff));
    b.append(char(v & 0xff));
}

void put24(QByteArray &b, int v) {
    b.append(char((v >> 16) & 0xff));
    put16(b, v & 0xffff);
}

QByteArray extension(int type, const QByteArray &body) {
    QByteArray e;
    put16(e, type);
    put16(e, int(body.size()));
    return e + body;
}

QByteArray sniExtension(const QByteArray &name) {
    QByteArray entry;
    entry.append(char(0));
    put16(entry, int(name.size()));
    entry += name;
    QByteArray list;
    put16(list, int(entry.size()));
    return extension(0, list + entry);
}

// A ClientHello handshake message (without record framing) as TLS 1.2/1.3 clients send it.
QByteArray helloBody(const QByteArray &extensions, bool withExtensionBlock = true) {
    QByteArray body;
    put16(body, 0x0303);
    body += QByteArray(32, 'r');
    body.append(char(32));
    body += QByteArray(32, 's');
    put16(body, 4);
    put16(body, 0x1301);
    put16(body, 0xc02f);
    body.append(char(1));
    body.append(char(0));
    if (withExtensionBlock) {
        put16(body, int(extensions.size()));
        body += extensions;
    }
    QByteArray message;
    message.append(char(1));
    put24(message, int(body.size()));
    return message + body;
}

// Frames a handshake message into records of at most `fragment` bytes.
QByteArray records(const QByteArray &handshake, int fragment = 16384) {
    QByteArray out;
    for (qsizetype pos = 0; pos < handshake.size(); pos += fragment) {
        const QByteArray part = handshake.mid(pos, fragment);
        out.append(char(22));
        put16(out, 0x0301);
        put16(out, int(part.size()));
        out += part;
    }
    return out;
}

QByteArray helloWithSni(const QByteArray &name) {
    return records(helloBody(extension(10, QByteArray(4, '\x01')) + sniExtension(name) +
                             extension(16, QByteArray("\x00\x09\x08http/1.1", 11))));
}

} // namespace

class TestClientHello : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void everyPrefixNeedsMore();
    void realOpensslClientHello_data();
    void realOpensslClientHello();
    void randomMutationsNeverCrash();
};

void TestClientHello::parses_data() {
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("serverName");
    QTest::addColumn<QString>("error");

    QTest::newRow("sni") << helloWithSni("shop.example.com") << int(Status::Complete)
                         << "shop.example.com"
                         << "";
    QTest::newRow("sni upper case, trailing dot")
        << helloWithSni("Shop.Example.COM.") << int(Status::Complete) << "shop.example.com"
        << "";
    QTest::newRow("no sni") << records(helloBody(extension(10, "\x00\x02\x00\x1d")))
                            << int(Status::Complete) << ""
                            << "";
    QTest::newRow("no extension block")
        << records(helloBody({}, false)) << int(Status::Complete) << ""
        << "";
    QTest::newRow("split over 3 records") << records(helloBody(sniExtension("split.test")), 40)
                                          << int(Status::Complete) << "split.test"
                                          << "";
    QTest::newRow("1-byte records")
        << records(helloBody(sniExtension("tiny.test")), 1) << int(Status::Complete) << "tiny.test"
        << "";
    QTest::newRow("empty input") << QByteArray() << int(Status::NeedMore) << ""
                                 << "";
    QTest::newRow("plain http") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                                << int(Status::NotTls) << ""
                                << "plain text";
    QTest::newRow("sslv2 hello") << QByteArray("\x80\x2e\x01\x00\x02", 5) << int(Status::NotTls)
                                 << ""
                                 << "not a TLS handshake";
    QTest::newRow("alert record") << QByteArray("\x15\x03\x03\x00\x02\x02\x28", 7)
                                  << int(Status::NotTls) << ""
                                  << "";
    QTest::newRow("bad record version")
        << QByteArray("\x16\x07\x01\x00\x05", 5) << int(Status::NotTls) << ""
        << "version";
    QTest::newRow("zero-length record")
        << QByteArray("\x16\x03\x01\x00\x00", 5) << int(Status::Malformed) << ""
        << "length";
    QTest::newRow("record too long")
        << QByteArray("\x16\x03\x01\x7f\xff", 5) << int(Status::Malformed) << ""
        << "length";
    QByteArray serverHello = helloBody(sniExtension("x.test"));
    serverHello[0] = 2;
    QTest::newRow("not a client hello") << records(serverHello) << int(Status::Malformed) << ""
                                        << "not a ClientHello";
    QByteArray huge;
    huge.append(char(1));
    put24(huge, 0xffffff);
    QTest::newRow("oversized hello")
        << records(huge + QByteArray(100, 'x')) << int(Status::TooLarge) << ""
        << "exceeds";
    QTest::newRow("duplicate sni")
        << records(helloBody(sniExtension("a.test") + sniExtension("b.test")))
        << int(Status::Malformed) << ""
        << "duplicate";
    QTest::newRow("bad characters in sni")
        << helloWithSni("evil\r\nhost") << int(Status::Malformed) << ""
        << "not a valid host";
    QTest::newRow("empty sni") << helloWithSni("") << int(Status::Malformed) << ""
                               << "";
    QByteArray badExt = helloBody(sniExtension("x.test"));
    badExt[badExt.size() - 3] = char(0x7f); // server_name entry length runs past the end
    QTest::newRow("sni length past end") << records(badExt) << int(Status::Malformed) << ""
                                         << "";
    QByteArray badCiphers = helloBody({});
    badCiphers[4 + 2 + 32 + 1 + 32 + 1] = 3; // odd cipher suite length
    QTest::newRow("odd cipher list") << records(badCiphers) << int(Status::Malformed) << ""
                                     << "";
    QByteArray trailing = helloBody(sniExtension("t.test"));
    QTest::newRow("data after hello in record")
        << records(trailing) + QByteArray("\x17\x03\x03\x00\x01x", 6) << int(Status::Complete)
        << "t.test"
        << "";
}

void TestClientHello::parses() {
    QFETCH(QByteArray, data);
    QFETCH(int, status);
    QFETCH(QString, serverName);
    QFETCH(QString, error);
    const ClientHello hello = ClientHello::parse(data);
    QCOMPARE(int(hello.status), status);
    QCOMPARE(hello.serverName, serverName);
    QVERIFY2(hello.error.contains(error), qPrintable(hello.error));
    if (status != int(Status::Complete) && status != int(Status::NeedMore))
        QVERIFY(!hello.error.isEmpty());
}

void TestClientHello::everyPrefixNeedsMore() {
    // A ClientHello cut short anywhere is "wait", never an error or a wrong answer.
    for (const QByteArray &full :
         {helloWithSni("prefix.test"), records(helloBody(sniExtension("p.test")), 7)}) {
        for (qsizetype n = 0; n < full.size(); ++n) {
            const ClientHello hello = ClientHello::parse(full.left(n));
            QVERIFY2(hello.status == Status::NeedMore, qPrintable(QString::number(n)));
        }
        QCOMPARE(ClientHello::parse(full).status, Status::Complete);
    }
}

void TestClientHello::realOpensslClientHello_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("serverName");
    QTest::newRow("tls1.3") << QStringList{"-servername", "real.example.test", "-tls1_3"}
                            << "real.example.test";
    QTest::newRow("tls1.2") << QStringList{"-servername", "v12.test", "-tls1_2"} << "v12.test";
    QTest::newRow("no sni") << QStringList{"-noservername"} << "";
}

void TestClientHello::realOpensslClientHello() {
    // Capture what `openssl s_client` really sends, then parse it.
    QFETCH(QStringList, args);
    QFETCH(QString, serverName);
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QProcess client;
    client.start("openssl", QStringList{"s_client", "-connect",
                                        QStringLiteral("127.0.0.1:%1").arg(server.serverPort())} +
                                args);
    QVERIFY(server.waitForNewConnection(10000));
    QTcpSocket *socket = server.nextPendingConnection();
    QByteArray data;
    ClientHello hello;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
        socket->waitForReadyRead(200);
        data += socket->readAll();
        hello = ClientHello::parse(data);
        if (hello.status != Status::NeedMore)
            break;
    }
    socket->abort();
    client.kill();
    client.waitForFinished();
    QCOMPARE(hello.status, Status::Complete);
    QCOMPARE(hello.serverName, serverName);
}

void TestClientHello::randomMutationsNeverCrash() {
    // Deterministic fuzzing: flip, truncate and extend real hellos; every answer must be one
    // of the statuses, and a Complete answer must carry a plausible name.
    QRandomGenerator rng(20261126);
    const QByteArray seeds[] = {helloWithSni("fuzz.example.test"),
                                records(helloBody(sniExtension("f.test")), 9)};
    for (int i = 0; i < 20000; ++i) {
        QByteArray data = seeds[i % 2];
        const int edits = 1 + int(rng.bounded(4));
        for (int e = 0; e < edits; ++e) {
            const int pos = int(rng.bounded(int(data.size())));
            switch (rng.bounded(3)) {
            case 0:
                data[pos] = char(rng.bounded(256));
                break;
            case 1:
                data.truncate(pos);
                break;
            default:
                data.insert(pos, char(rng.bounded(256)));
                break;
            }
            if (data.isEmpty())
                break;
        }
        const ClientHello hello = ClientHello::parse(data);
        if (hello.status == Status::Complete)
            QVERIFY(hello.serverName.size() <= 253 && !hello.serverName.contains(u'\n'));
    }
}

QTEST_GUILESS_MAIN(TestClientHello)
#include "tst_tlsclienthello.moc"
