// The lock-free parts of policies on their own: the GCRA rate limiter (timing given, not
// measured, so the test is exact), the limit on requests in progress, and the client a chain
// of trusted proxies names in X-Forwarded-For.
#include "proxy/policy/concurrencylimiter.h"
#include "proxy/policy/forwardedclient.h"
#include "proxy/policy/ratelimiter.h"

#include <atomic>
#include <QTest>
#include <thread>
#include <vector>

using namespace ingress;
using namespace ingress::proxy;

class TestPolicyLimits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rate_data() {
        QTest::addColumn<qint64>("intervalUs");
        QTest::addColumn<qint64>("burst");
        QTest::addColumn<QList<qint64>>("times"); // request times, microseconds
        QTest::addColumn<QList<bool>>("allowed");
        using T = QList<qint64>;
        using A = QList<bool>;
        QTest::newRow("no burst: one per interval")
            << qint64(1000) << qint64(0) << T{0, 1, 999, 1000, 1500, 2000}
            << A{true, false, false, true, false, true};
        QTest::newRow("burst of 2 at once, then the rate")
            << qint64(1000) << qint64(2) << T{0, 0, 0, 0, 1000, 1000}
            << A{true, true, true, false, true, false};
        QTest::newRow("a quiet spell refills the bucket, no more")
            << qint64(1000) << qint64(1) << T{0, 0, 100000, 100000, 100000}
            << A{true, true, true, true, false};
        QTest::newRow("refusals cost nothing")
            << qint64(1000) << qint64(0) << T{0, 10, 20, 30, 1000}
            << A{true, false, false, false, true};
    }
    void rate() {
        QFETCH(qint64, intervalUs);
        QFETCH(qint64, burst);
        QFETCH(QList<qint64>, times);
        QFETCH(QList<bool>, allowed);
        RateLimiter limiter(intervalUs, burst);
        const std::int64_t start = 5000000; // an arbitrary clock
        for (qsizetype i = 0; i < times.size(); ++i) {
            const RateLimiter::Verdict verdict = limiter.take(42, start + times[i]);
            QVERIFY2(verdict.allowed == allowed[i], qPrintable(QString::number(i)));
            if (!verdict.allowed)
                QVERIFY(verdict.retryAfterUs > 0 && verdict.retryAfterUs <= intervalUs);
        }
    }

    void rateRetryAfter() {
        RateLimiter limiter(60000000, 0); // one a minute
        QVERIFY(limiter.take(7, 1000).allowed);
        const RateLimiter::Verdict refused = limiter.take(7, 1000 + 15000000);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.retryAfterUs, 45000000);
    }

    void rateKeysApart() {
        RateLimiter limiter(1000000, 0);
        QVERIFY(limiter.take(1, 10).allowed);
        QVERIFY(!limiter.take(1, 10).allowed);
        QVERIFY(limiter.take(2, 10).allowed);
        // Another key in the same slot while the first is busy: they share the bucket.
        const std::uint64_t sameSlot = 1 + RateLimiter::slotCount * 977;
        QVERIFY(!limiter.take(sameSlot, 10).allowed);
        // Once the first key's bucket is full again, the slot serves the other key afresh.
        QVERIFY(limiter.take(sameSlot, 10 + 1000000).allowed);
    }

    void rateAcrossThreads() {
        // Workers race on one key at one instant: exactly 1 + burst get through, whoever wins.
        RateLimiter limiter(1000000, 99);
        std::atomic<int> passed{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 1000; ++i)
                    if (limiter.take(12345, 777).allowed)
                        ++passed;
            });
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(passed.load(), 100);
    }

    void concurrency() {
        ConcurrencyLimiter limiter(2);
        QVERIFY(limiter.acquire(9));
        QVERIFY(limiter.acquire(9));
        QVERIFY(!limiter.acquire(9));
        QVERIFY(limiter.acquire(10));
        limiter.release(9);
        QVERIFY(limiter.acquire(9));
    }

    void concurrencyAcrossThreads() {
        ConcurrencyLimiter limiter(3);
        std::atomic<int> inside{0};
        std::atomic<int> most{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 20000; ++i) {
                    if (!limiter.acquire(5))
                        continue;
                    const int now = ++inside;
                    int seen = most.load();
                    while (now > seen && !most.compare_exchange_weak(seen, now)) {
                    }
                    --inside;
                    limiter.release(5);
                }
            });
        for (std::thread &thread : threads)
            thread.join();
        QVERIFY(most.load() <= 3);
        QVERIFY(limiter.acquire(5) && limiter.acquire(5) && limiter.acquire(5));
    }

    void forwarded_data() {
        QTest::addColumn<QList<QByteArray>>("lines"); // X-Forwarded-For lines, in order
        QTest::addColumn<QString>("client");          // empty: none (the peer stays)
        using L = QList<QByteArray>;
        QTest::newRow("absent") << L{} << QString();
        QTest::newRow("one") << L{"203.0.113.5"} << QStringLiteral("203.0.113.5");
        QTest::newRow("nearest untrusted wins")
            << L{"198.51.100.1, 203.0.113.5"} << QStringLiteral("203.0.113.5");
        QTest::newRow("trusted hops skipped")
            << L{"198.51.100.1, 203.0.113.5, 10.0.0.2, 10.0.0.3"} << QStringLiteral("203.0.113.5");
        QTest::newRow("lines joined in order")
            << L{"198.51.100.1", "203.0.113.5 , 10.0.0.2"} << QStringLiteral("203.0.113.5");
        QTest::newRow("every entry trusted: the leftmost")
            << L{"10.0.0.7, 10.0.0.2"} << QStringLiteral("10.0.0.7");
        QTest::newRow("garbage nearest: none") << L{"203.0.113.5, unknown"} << QString();
        QTest::newRow("garbage behind a good hop")
            << L{"junk, 203.0.113.5"} << QStringLiteral("203.0.113.5");
        QTest::newRow("garbage behind trusted hops: the last good one")
            << L{"junk, 10.0.0.9"} << QStringLiteral("10.0.0.9");
        QTest::newRow("IPv6") << L{"2001:db8::7"} << QStringLiteral("2001:db8::7");
        QTest::newRow("empty entries skipped")
            << L{", 203.0.113.5,,"} << QStringLiteral("203.0.113.5");
    }
    void forwarded() {
        QFETCH(QList<QByteArray>, lines);
        QFETCH(QString, client);
        http::RequestHead head;
        head.headers.push_back({"Host", "a.test"});
        for (const QByteArray &line : std::as_const(lines))
            head.headers.push_back(
                {"X-Forwarded-For", std::string_view(line.constData(), std::size_t(line.size()))});
        const std::vector<IpBlock> trusted{*IpBlock::parse("10.0.0.0/8")};
        const std::optional<ForwardedClient> found = forwardedClient(head, trusted);
        QCOMPARE(found.has_value(), !client.isEmpty());
        if (found) {
            QCOMPARE(QString::fromLatin1(found->text.data(), qsizetype(found->text.size())),
                     client);
            QVERIFY(found->address == *IpBlock::parseAddress(client.toStdString()));
        }
    }
};

QTEST_GUILESS_MAIN(TestPolicyLimits)
#include "tst_policylimits.moc"
