// Starting the engine raises the soft descriptor limit to the hard one: a session's soft limit
// (1024) is too low for a few hundred proxied keep-alive connections (two descriptors each).
#include "proxy/descriptorlimit.h"
#include "tests/proxy/enginefixture.h"

#include <QTest>
#include <sys/resource.h>

class TestDescriptorLimit : public QObject, ingress::test::EngineFixture {
    Q_OBJECT
private Q_SLOTS:
    void engineStartRaisesTheSoftLimit() {
        rlimit limit{};
        QVERIFY(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
        if (limit.rlim_max <= 256)
            QSKIP("the hard limit leaves nothing to raise");
        limit.rlim_cur = 256; // lower than any session starts with
        QVERIFY(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
        startEngine();
        rlimit now{};
        QVERIFY(::getrlimit(RLIMIT_NOFILE, &now) == 0);
        QCOMPARE(now.rlim_cur, limit.rlim_max);
        QCOMPARE(ingress::proxy::raiseDescriptorLimit(), std::uint64_t(limit.rlim_max));
        stopEngine();
    }
};

QTEST_GUILESS_MAIN(TestDescriptorLimit)
#include "tst_descriptorlimit.moc"
