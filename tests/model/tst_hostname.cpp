#include "model/topology/hostname.h"

#include <QTest>

using namespace ingress;

class TestHostname : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void checkHost_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("allowWildcard");
        QTest::addColumn<QString>("errorPart"); // empty: valid

        const QString label63(63, u'a');
        const QString label64(64, u'a');
        // 3 x 63 + 61 + 3 dots = 253; one more character makes 254.
        const QString name253 =
            QStringList{label63, label63, label63, QString(61, u'b')}.join(u'.');
        const QString name254 = name253 + u'b';

        QTest::newRow("simple") << "example.com" << true << "";
        QTest::newRow("upper case") << "Food.Bar.COM" << true << "";
        QTest::newRow("single label") << "localhost" << true << "";
        QTest::newRow("digits and hyphen") << "a-1.b2.com" << true << "";
        QTest::newRow("punycode") << "xn--bcher-kva.example" << true << "";
        QTest::newRow("wildcard") << "*.bar.com" << true << "";
        QTest::newRow("wildcard not allowed") << "*.bar.com" << false << "first label";
        QTest::newRow("wildcard too short") << "*.com" << true << "two labels";
        QTest::newRow("wildcard in middle") << "foo.*.com" << true << "first label";
        QTest::newRow("partial wildcard") << "f*.bar.com" << true << "first label";
        QTest::newRow("double wildcard") << "*.*.bar.com" << true << "first label";
        QTest::newRow("empty") << "" << true << "empty";
        QTest::newRow("empty label") << "a..b" << true << "empty label";
        QTest::newRow("trailing dot") << "example.com." << true << "empty label";
        QTest::newRow("label 63") << label63 + ".com" << true << "";
        QTest::newRow("label 64") << label64 + ".com" << true << "longer than 63";
        QTest::newRow("name 253") << name253 << true << "";
        QTest::newRow("name 254") << name254 << true << "longer than 253";
        QTest::newRow("underscore") << "my_host.example.com" << true << "contains '_'";
        QTest::newRow("leading hyphen") << "-a.com" << true << "starts or ends";
        QTest::newRow("trailing hyphen") << "a-.com" << true << "starts or ends";
        QTest::newRow("port") << "example.com:80" << true << "no port";
        QTest::newRow("ipv4") << "10.0.0.1" << true << "IP address";
        QTest::newRow("ipv6") << "::1" << true << "no port"; // the ':' is caught first
        QTest::newRow("space") << "a b.com" << true << "contains ' '";
    }
    void checkHost() {
        QFETCH(QString, host);
        QFETCH(bool, allowWildcard);
        QFETCH(QString, errorPart);
        const QString why = hostname::checkHost(host, allowWildcard);
        if (errorPart.isEmpty())
            QVERIFY2(why.isEmpty(), qPrintable(why));
        else
            QVERIFY2(why.contains(errorPart), qPrintable(why));
    }

    void covers_data() {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("covered");
        QTest::newRow("exact") << "foo.bar.com"
                               << "foo.bar.com" << true;
        QTest::newRow("exact case") << "Foo.Bar.com"
                                    << "foo.BAR.com" << true;
        QTest::newRow("exact other") << "foo.bar.com"
                                     << "bar.com" << false;
        QTest::newRow("wildcard one label") << "*.bar.com"
                                            << "foo.bar.com" << true;
        QTest::newRow("wildcard case") << "*.BAR.com"
                                       << "Foo.bar.COM" << true;
        QTest::newRow("wildcard two labels") << "*.bar.com"
                                             << "a.foo.bar.com" << false;
        QTest::newRow("wildcard apex") << "*.bar.com"
                                       << "bar.com" << false;
        QTest::newRow("wildcard empty label") << "*.bar.com"
                                              << ".bar.com" << false;
        QTest::newRow("wildcard suffix trick") << "*.bar.com"
                                               << "foo.xbar.com" << false;
        QTest::newRow("wildcard covers itself") << "*.bar.com"
                                                << "*.bar.com" << true;
        QTest::newRow("exact does not cover wildcard") << "foo.bar.com"
                                                       << "*.bar.com" << false;
        QTest::newRow("partial wildcard is literal") << "f*.bar.com"
                                                     << "foo.bar.com" << false;
    }
    void covers() {
        QFETCH(QString, pattern);
        QFETCH(QString, host);
        QFETCH(bool, covered);
        QCOMPARE(hostname::covers(pattern, host), covered);
    }

    void parseHostPort_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("ipv4") << "127.0.0.1:8080" << true << "127.0.0.1" << 8080 << "";
        QTest::newRow("ipv6") << "[::1]:8443" << true << "::1" << 8443 << "";
        QTest::newRow("ipv6 full") << "[2001:db8::1]:80" << true << "2001:db8::1" << 80 << "";
        QTest::newRow("any") << ":80" << true << "" << 80 << "";
        QTest::newRow("name") << "backend.local:9000" << true << "backend.local" << 9000 << "";
        QTest::newRow("port 1") << "a:1" << true << "a" << 1 << "";
        QTest::newRow("port 65535") << "a:65535" << true << "a" << 65535 << "";
        QTest::newRow("port 0") << "a:0" << false << "" << 0 << "1 to 65535";
        QTest::newRow("port 65536") << "a:65536" << false << "" << 0 << "1 to 65535";
        QTest::newRow("port sign") << "a:+80" << false << "" << 0 << "1 to 65535";
        QTest::newRow("port space") << "a: 80" << false << "" << 0 << "1 to 65535";
        QTest::newRow("port letters") << "a:http" << false << "" << 0 << "1 to 65535";
        QTest::newRow("port empty") << "a:" << false << "" << 0 << "1 to 65535";
        QTest::newRow("no port") << "127.0.0.1" << false << "" << 0 << "has no port";
        QTest::newRow("ipv6 no brackets") << "::1:80" << false << "" << 0 << "brackets";
        QTest::newRow("ipv6 no port") << "[::1]" << false << "" << 0 << "has no port";
        QTest::newRow("ipv6 junk after") << "[::1]x80" << false << "" << 0 << "has no port";
        QTest::newRow("ipv6 unclosed") << "[::1:80" << false << "" << 0 << "without ']'";
        QTest::newRow("ipv6 bad") << "[1.2.3.4]:80" << false << "" << 0 << "not an IPv6";
        QTest::newRow("bad name") << "my_host:80" << false << "" << 0 << "neither";
        QTest::newRow("wildcard name") << "*.a.com:80" << false << "" << 0 << "neither";
    }
    void parseHostPort() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, errorPart);
        QString error;
        const auto parsed = hostname::parseHostPort(text, &error);
        QCOMPARE(parsed.has_value(), valid);
        if (valid) {
            QCOMPARE(parsed->host, host);
            QCOMPARE(parsed->port, port);
        } else {
            QVERIFY2(error.contains(errorPart), qPrintable(error));
        }
    }
};

QTEST_GUILESS_MAIN(TestHostname)
#include "tst_hostname.moc"
