#include "model/yaml/topologyloader.h"
#include "tests/fuzz/corpusrows.h"
#include "tests/fuzz/fuzzchecks.h"

#include <QTest>

using namespace ingress;

// Every file of the fuzz seed corpus through the loader, with the fuzzer's checks. Files named
// valid-* must load; bad-* must not.
class TestFuzzCorpus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void corpus_data() { fuzz::addCorpusRows("topologyloader"); }
    void corpus() {
        QFETCH(QString, name);
        QFETCH(QByteArray, input);
        const QString problem = fuzz::checkTopologyLoader(input);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        const LoadResult result = TopologyLoader::loadData(input, name);
        if (name.startsWith(QLatin1String("valid-")))
            QVERIFY2(result.ok(), qPrintable(result.diagnostics.value(0).toString()));
        else if (name.startsWith(QLatin1String("bad-")))
            QVERIFY(!result.ok());
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
