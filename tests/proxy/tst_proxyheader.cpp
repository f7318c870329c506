// The PROXY protocol header parser (proxy/proxyprotocol/proxyheader.h) on its own: versions 1
// and 2, every way a header can be cut short, and the ways it can be wrong. End to end through
// the engine: tst_proxyprotocol.
#include "proxy/proxyprotocol/proxyheader.h"
#include "tests/proxy/proxyheaderbytes.h"

#include <QTest>

using namespace ingress::test;
using ingress::proxy::ProxyHeader;

class TestProxyHeader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
};

// status: 0 Incomplete, 1 Invalid, 2 Done.
void TestProxyHeader::parse_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("source"); // empty: none claimed
    QTest::addColumn<int>("sourcePort");
    const QByteArray v1 = "PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\r\n";
    QTest::newRow("v1 TCP4, request behind") << v1 + "GET / HTTP/1.1\r\n"
                                             << 2 << int(v1.size()) << "192.0.2.10" << 56324;
    QTest::newRow("v1 TCP6") << QByteArray("PROXY TCP6 2001:db8::1 2001:db8::2 0 65535\r\n") << 2
                             << 44 << "2001:db8::1" << 0;
    QTest::newRow("v1 UNKNOWN") << QByteArray("PROXY UNKNOWN\r\n") << 2 << 15 << QString() << 0;
    const QByteArray longest = "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
                               "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
    QTest::newRow("v1 longest (107)") << longest << 2 << 107 << QString() << 0;
    QTest::newRow("empty") << QByteArray() << 0 << 0 << QString() << 0;
    QTest::newRow("v1 prefix") << QByteArray("PROX") << 0 << 0 << QString() << 0;
    QTest::newRow("v1 truncated") << v1.left(30) << 0 << 0 << QString() << 0;
    QTest::newRow("v1 without LF") << v1.chopped(1) << 0 << 0 << QString() << 0;
    QTest::newRow("v1 too long") << QByteArray("PROXY UNKNOWN ") + QByteArray(100, 'x') << 1 << 0
                                 << QString() << 0;
    QTest::newRow("HTTP instead") << QByteArray("GET / HTTP/1.1\r\n") << 1 << 0 << QString() << 0;
    QTest::newRow("TLS instead") << QByteArray("\x16\x03\x01\x02\x00", 5) << 1 << 0 << QString()
                                 << 0;
    QTest::newRow("v1 lowercase") << QByteArray("proxy TCP4") << 1 << 0 << QString() << 0;
    QTest::newRow("v1 bare LF") << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n") << 1 << 0
                                << QString() << 0;
    QTest::newRow("v1 unknown protocol")
        << QByteArray("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n") << 1 << 0 << QString() << 0;
    QTest::newRow("v1 short address")
        << QByteArray("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n") << 1 << 0 << QString() << 0;
    QTest::newRow("v1 IPv6 under TCP4")
        << QByteArray("PROXY TCP4 ::1 ::1 1 2\r\n") << 1 << 0 << QString() << 0;
    QTest::newRow("v1 port too big")
        << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n") << 1 << 0 << QString() << 0;
    QTest::newRow("v1 port leading zero")
        << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8 080 2\r\n") << 1 << 0 << QString() << 0;
    QTest::newRow("v1 port not a number")
        << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n") << 1 << 0 << QString() << 0;
    QTest::newRow("v1 double space")
        << QByteArray("PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n") << 1 << 0 << QString() << 0;
    QTest::newRow("v1 missing field")
        << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n") << 1 << 0 << QString() << 0;

    const QByteArray proxy4 = v2(1, 0x11, ipv4("192.0.2.20", 4000));
    QTest::newRow("v2 IPv4, request behind") << proxy4 + "GET /" << 2 << 28 << "192.0.2.20" << 4000;
    QTest::newRow("v2 IPv6") << v2(1, 0x21, ipv6("2001:db8::20", 5)) << 2 << 52 << "2001:db8::20"
                             << 5;
    QTest::newRow("v2 LOCAL with addresses")
        << v2(0, 0x11, ipv4("192.0.2.20")) << 2 << 28 << QString() << 0;
    QTest::newRow("v2 LOCAL bare") << v2(0, 0x00, {}) << 2 << 16 << QString() << 0;
    QTest::newRow("v2 PROXY UNSPEC") << v2(1, 0x00, {}) << 2 << 16 << QString() << 0;
    QTest::newRow("v2 PROXY UNIX")
        << v2(1, 0x31, QByteArray(216, '\0')) << 2 << 232 << QString() << 0;
    const QByteArray tlvs = tlv(0x01, "h2") + tlv(0x02, "pp.test") + tlv(0x04, QByteArray(9, 0));
    QTest::newRow("v2 IPv4 with TLVs") << v2(1, 0x11, ipv4("192.0.2.21") + tlvs) << 2
                                       << int(28 + tlvs.size()) << "192.0.2.21" << 56324;
    QTest::newRow("v2 signature prefix") << v2Signature.left(5) << 0 << 0 << QString() << 0;
    QTest::newRow("v2 fixed part cut") << proxy4.left(14) << 0 << 0 << QString() << 0;
    QTest::newRow("v2 addresses cut") << proxy4.chopped(1) << 0 << 0 << QString() << 0;
    QTest::newRow("v2 bad signature")
        << QByteArray("\r\n\r\n\0\r\nQUIX\n", 12) << 1 << 0 << QString() << 0;
    QByteArray version1 = proxy4;
    version1[12] = char(0x11);
    QTest::newRow("v2 wrong version") << version1 << 1 << 0 << QString() << 0;
    QTest::newRow("v2 unknown command")
        << v2(2, 0x11, ipv4("192.0.2.20")) << 1 << 0 << QString() << 0;
    QTest::newRow("v2 unknown family")
        << v2(1, 0x41, ipv4("192.0.2.20")) << 1 << 0 << QString() << 0;
    QTest::newRow("v2 INET without transport")
        << v2(1, 0x10, ipv4("192.0.2.20")) << 1 << 0 << QString() << 0;
    QTest::newRow("v2 addresses too short")
        << v2(1, 0x11, QByteArray(8, '\1')) << 1 << 0 << QString() << 0;
    QTest::newRow("v2 IPv6 too short")
        << v2(1, 0x21, ipv4("192.0.2.20")) << 1 << 0 << QString() << 0;
    // The length alone decides: refused before the 4 KiB arrive.
    QTest::newRow("v2 length too big")
        << v2(1, 0x11, QByteArray(4081, '\0')).left(20) << 1 << 0 << QString() << 0;
    QTest::newRow("v2 length at the bound")
        << v2(1, 0x11, QByteArray(4080, '\0')).left(20) << 0 << 0 << QString() << 0;
}

void TestProxyHeader::parse() {
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    QFETCH(int, length);
    QFETCH(QString, source);
    QFETCH(int, sourcePort);
    const ProxyHeader h = ProxyHeader::parse(input.constData(), input.size());
    QCOMPARE(int(h.status), status);
    if (h.status == ProxyHeader::Status::Invalid)
        QVERIFY(!h.reason.isEmpty());
    if (h.status != ProxyHeader::Status::Done)
        return;
    QCOMPARE(h.length, length);
    QCOMPARE(h.version, input.startsWith("PROXY") ? 1 : 2);
    QCOMPARE(h.source.has_value(), !source.isEmpty());
    if (h.source) {
        QCOMPARE(*h.source, QHostAddress(source));
        QCOMPARE(int(h.sourcePort), sourcePort);
    }
}

QTEST_GUILESS_MAIN(TestProxyHeader)
#include "tst_proxyheader.moc"
