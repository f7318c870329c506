#include "fuzzchecks.h"
#include "topologyloader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace ingress;

// Every file of the fuzz seed corpus through the loader, with the fuzzer's checks. Files named
// valid-* must load; bad-* must not.
class TestFuzzCorpus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void corpus_data() {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(INGRESS_FUZZ_CORPUS "/topologyloader"));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 20, qPrintable(dir.path()));
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << dir.filePath(file);
    }
    void corpus() {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray input = file.readAll();
        const QString problem = fuzz::checkTopologyLoader(input);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        const QString name = QFileInfo(path).fileName();
        const LoadResult result = TopologyLoader::loadData(input, name);
        if (name.startsWith(QLatin1String("valid-")))
            QVERIFY2(result.ok(), qPrintable(result.diagnostics.value(0).toString()));
        else if (name.startsWith(QLatin1String("bad-")))
            QVERIFY(!result.ok());
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
