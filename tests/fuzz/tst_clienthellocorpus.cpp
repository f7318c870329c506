#include "clienthellochecks.h"
#include "clienthelloparser.h"
#include "corpusrows.h"

#include <QTest>

using namespace ingress;
using Status = proxy::ClientHello::Status;

// Every file of the ClientHello fuzz seed corpus (tests/fuzz/corpus/clienthello/) through the
// parser, with the fuzzer's checks. The file name says what the parser must answer:
//   complete@HOST@what.bin   a whole ClientHello with server name HOST (empty: no SNI)
//   complete-*, needmore-*, nottls-*, malformed-*, toolarge-*   that status
// Other names (crashes the fuzzer found, once fixed) only get the fuzzer's checks.
class TestClientHelloCorpus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void corpus_data() { fuzz::addCorpusRows("clienthello"); }
    void corpus() {
        QFETCH(QString, name);
        QFETCH(QByteArray, input);
        const QString problem = fuzz::checkClientHello(input);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        const proxy::ClientHello hello = proxy::ClientHello::parse(input);
        if (name.startsWith(QLatin1String("complete@"))) {
            QVERIFY2(hello.status == Status::Complete, qPrintable(hello.error));
            QCOMPARE(hello.serverName, name.section(u'@', 1, 1));
            return;
        }
        const struct {
            const char *prefix;
            Status status;
        } expectations[] = {{"complete-", Status::Complete},
                            {"needmore-", Status::NeedMore},
                            {"nottls-", Status::NotTls},
                            {"malformed-", Status::Malformed},
                            {"toolarge-", Status::TooLarge}};
        for (const auto &expected : expectations) {
            if (name.startsWith(QLatin1String(expected.prefix))) {
                QVERIFY2(
                    hello.status == expected.status,
                    qPrintable(
                        QStringLiteral("status %1: %2").arg(int(hello.status)).arg(hello.error)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestClientHelloCorpus)
#include "tst_clienthellocorpus.moc"
