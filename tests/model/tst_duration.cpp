#include "model/topology/duration.h"

#include <QTest>

using namespace ingress;
using namespace std::chrono_literals;

class TestDuration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("seconds") << "2s" << true << qint64(2000);
        QTest::newRow("millis") << "250ms" << true << qint64(250);
        QTest::newRow("minutes") << "1m" << true << qint64(60000);
        QTest::newRow("compound") << "1m30s" << true << qint64(90000);
        QTest::newRow("hours") << "1h" << true << qint64(3600000);
        QTest::newRow("zero") << "0s" << true << qint64(0);
        QTest::newRow("no unit") << "5" << false << qint64(0);
        QTest::newRow("bad unit") << "5d" << false << qint64(0);
        QTest::newRow("empty") << "" << false << qint64(0);
        QTest::newRow("negative") << "-1s" << false << qint64(0);
        QTest::newRow("huge") << "99999999999s" << false << qint64(0);
        QTest::newRow("overflowing chain")
            << QString("999999999h").repeated(20) << false << qint64(0);
    }
    void parse() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, ms);
        const auto parsed = parseDuration(text);
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(parsed->count(), ms);
    }
    void format_data() {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds") << qint64(2000) << "2s";
        QTest::newRow("millis") << qint64(250) << "250ms";
        QTest::newRow("compound") << qint64(90500) << "1m30s500ms";
        QTest::newRow("zero") << qint64(0) << "0s";
    }
    void format() {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(formatDuration(Duration{ms}), text);
        QCOMPARE(parseDuration(text)->count(), ms);
    }
    void byteSize_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("plain") << "512" << qint64(512);
        QTest::newRow("KiB") << "64KiB" << qint64(65536);
        QTest::newRow("MiB") << "10MiB" << qint64(10485760);
        QTest::newRow("MB") << "1MB" << qint64(1000000);
        QTest::newRow("invalid") << "10 parsecs" << qint64(-1);
        QTest::newRow("overflow") << "999999999999999GiB" << qint64(-1);
        QTest::newRow("18 digits") << "100000000000000000" << qint64(100000000000000000);
    }
    void byteSize() {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        const auto parsed = parseByteSize(text);
        QCOMPARE(parsed.value_or(-1), bytes);
    }
};

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
