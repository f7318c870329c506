#include "tests/model/routingmatchrows.h"

#include <QTest>

using namespace ingress;
using namespace ingress::testing;

// RoutingTable host matching: exact and wildcard hosts, Host header forms, listeners.
class TestRoutingHosts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void match_data();
    void match() { verifyMatch(); }
    void normaliseHost_data();
    void normaliseHost();
};

void TestRoutingHosts::match_data() {
    addMatchColumns();
    const QStringList none;
    // Hosts.
    matchRow("host case and port", "shop", -1, "GET", "FOOD.Bar.Com:8080", "/", none, "route",
             "food.bar.com", 0, "food", "/");
    matchRow("host trailing dot", "shop", -1, "GET", "food.bar.com.", "/x", none, "route",
             "food.bar.com", 0, "food", "/x");
    matchRow("wildcard covers one label", "shop", -1, "GET", "shop.bar.com", "/x", none, "route",
             "*.bar.com", 0, "fallback", "/x");
    matchRow("wildcard case-insensitive", "shop", -1, "GET", "Shop.BAR.com:80", "/x", none, "route",
             "*.bar.com", 0, "fallback", "/x");
    matchRow("wildcard not two labels", "shop", -1, "GET", "a.b.bar.com", "/x", none, "default", "",
             -1, "fallback", "/x");
    matchRow("wildcard not the bare domain", "shop", -1, "GET", "bar.com", "/x", none, "default",
             "", -1, "fallback", "/x");
    matchRow("exact host beats wildcard", "shop", -1, "GET", "abc.bar.com", "/login", none, "route",
             "abc.bar.com", 1, "abc", "/login");
    matchRow("no fall-through, default service", "shop", -1, "GET", "abc.bar.com", "/other", none,
             "default", "abc.bar.com", -1, "fallback", "/other");
    matchRow("no fall-through, 404", "nodefault", -1, "GET", "x.foo.com", "/other", none, "none",
             "x.foo.com", -1, "", "");
    matchRow("wildcard when no exact host", "nodefault", -1, "GET", "y.foo.com", "/other", none,
             "route", "*.foo.com", 0, "wild", "/other");
    matchRow("unknown host, 404", "nodefault", -1, "GET", "nothing.test", "/", none, "none", "", -1,
             "", "");
    matchRow("IPv6 host with port", "shop", -1, "GET", "[::1]:8080", "/", none, "default", "", -1,
             "fallback", "/");
    matchRow("no Host header", "shop", -1, "GET", "", "/", none, "default", "", -1, "fallback",
             "/");
    matchRow("listener restricted: other listener", "shop", 0, "GET", "admin.bar.com", "/", none,
             "route", "*.bar.com", 0, "fallback", "/");
    matchRow("listener restricted: own listener", "shop", 2, "GET", "admin.bar.com:9090", "/", none,
             "route", "admin.bar.com", 0, "admin", "/");
    matchRow("listener restricted: any listener", "shop", -1, "GET", "admin.bar.com", "/", none,
             "route", "admin.bar.com", 0, "admin", "/");
}

void TestRoutingHosts::normaliseHost_data() {
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("normalised");
    QTest::newRow("lower case") << "Food.BAR.com"
                                << "food.bar.com";
    QTest::newRow("port") << "food.bar.com:8080"
                          << "food.bar.com";
    QTest::newRow("trailing dot") << "food.bar.com."
                                  << "food.bar.com";
    QTest::newRow("dot and port") << "food.bar.com.:80"
                                  << "food.bar.com";
    QTest::newRow("IPv6 and port") << "[::1]:8080"
                                   << "[::1]";
    QTest::newRow("IPv6") << "[::1]"
                          << "[::1]";
    QTest::newRow("bare IPv6") << "::1"
                               << "::1";
    QTest::newRow("IPv4 and port") << "127.0.0.1:8080"
                                   << "127.0.0.1";
    QTest::newRow("empty") << ""
                           << "";
}

void TestRoutingHosts::normaliseHost() {
    QFETCH(QString, header);
    QFETCH(QString, normalised);
    QCOMPARE(QString::fromStdString(RoutingTable::normaliseHost(header.toStdString())), normalised);
}

QTEST_GUILESS_MAIN(TestRoutingHosts)
#include "tst_routinghosts.moc"
