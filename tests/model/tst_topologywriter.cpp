#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;

class TestTopologyWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("shop") << QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml");
        QTest::newRow("extensions") << QStringLiteral(INGRESS_TEST_DATA "/extensions.yaml");
        QTest::newRow("minimal") << QStringLiteral(INGRESS_TEST_DATA "/minimal.yaml");
        QTest::newRow("split") << QStringLiteral(INGRESS_TEST_DATA "/split.yaml");
        QTest::newRow("gateway") << QStringLiteral(INGRESS_TEST_DATA "/gateway.yaml");
        QTest::newRow("policies") << QStringLiteral(INGRESS_TEST_DATA "/policies.yaml");
    }
    void roundTrip() {
        QFETCH(QString, path);
        const LoadResult original = TopologyLoader::loadFile(path);
        QVERIFY(original.ok());
        const QByteArray saved = TopologyWriter::toYaml(*original.topology);
        const LoadResult reloaded = TopologyLoader::loadData(saved, QStringLiteral("saved.yaml"));
        QVERIFY2(reloaded.ok(), saved.constData());
        QVERIFY2(reloaded.diagnostics.isEmpty(), saved.constData());
        QVERIFY2(*reloaded.topology == *original.topology, saved.constData());
        // A second save changes nothing: no churn in version control.
        QCOMPARE(TopologyWriter::toYaml(*reloaded.topology), saved);
    }

    void shopOutput() {
        const LoadResult shop =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml"));
        QVERIFY(shop.ok());
        const QByteArray yaml = TopologyWriter::toYaml(*shop.topology);
        QVERIFY(yaml.startsWith("apiVersion: ingress-studio/v1\nkind: Topology\nmetadata:\n"
                                "  name: shop\nlisteners:\n  - name: web\n"));
        // Values YAML would read as something other than text are quoted.
        QVERIFY(yaml.contains("  - host: \"*.bar.com\"\n"));
        QVERIFY(yaml.contains("X-Canary: \"true\"\n"));
        // Defaults are left out: weight 1 is the short endpoint form, RoundRobin is not written.
        QVERIFY(yaml.contains("      - 127.0.0.1:9001\n"));
        QVERIFY(yaml.contains("      - address: 127.0.0.1:9002\n        weight: 3\n"));
        QVERIFY(!yaml.contains("loadBalancing"));
        QVERIFY(yaml.contains("methods: [GET, HEAD]"));
        QVERIFY(yaml.endsWith("defaultService: fallback\n"));
    }

    void splitOutput() {
        const LoadResult split =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_TEST_DATA "/split.yaml"));
        QVERIFY(split.ok());
        const QByteArray yaml = TopologyWriter::toYaml(*split.topology);
        // Every backend's weight is written, the default 1 included; `service` is not.
        QVERIFY2(yaml.contains("      - path: /\n        pathType: Prefix\n        backends:\n"
                               "          - service: food\n            weight: 90\n"
                               "          - service: food-canary\n            weight: 10\n"),
                 yaml.constData());
        QVERIFY(yaml.contains("          - service: food-canary\n            weight: 1\n"));
        QVERIFY(yaml.contains("          - service: food\n            weight: 0\n"));
        QVERIFY(!yaml.contains("        service:"));
    }

    // The forms the writer picks: `matches` only for several, a mapping for exact value
    // matches and a list once one is a regular expression, the default percent left out.
    void gatewayOutput() {
        const LoadResult loaded =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_TEST_DATA "/gateway.yaml"));
        QVERIFY(loaded.ok());
        const QByteArray yaml = TopologyWriter::toYaml(*loaded.topology);
        QVERIFY2(yaml.contains("      - matches:\n          - path: /login\n"), yaml.constData());
        QVERIFY2(yaml.contains("            queryParams:\n              - name: version\n"
                               "                value: v[0-9]+\n"
                               "                type: RegularExpression\n"),
                 yaml.constData());
        QVERIFY2(yaml.contains("      - path: /search\n"), yaml.constData());
        QVERIFY2(yaml.contains("        queryParams:\n          q: \"1\"\n"), yaml.constData());
        QVERIFY2(yaml.contains("          - service: shadow\n            percent: 25\n"),
                 yaml.constData());
        QVERIFY2(yaml.contains("  - host: \"*\"\n"), yaml.constData());
        QCOMPARE(yaml.count("percent:"), 1);
    }

    void quoting_data() {
        QTest::addColumn<QString>("value");
        int row = 0;
        for (const char *text :
             {"true", "no",        "null", "~",      "80",      "1.5",    "0x1f",        "1:30",
              "",     "*.bar.com", "a: b", " lead",  "trail ",  "#x",     "line\nbreak", "é",
              "cr\r", "\rcr",      "a\tb", "bell\a", "del\x7f", "nul\x01"})
            QTest::addRow("value %d", row++) << QString::fromUtf8(text);
    }
    void quoting() {
        QFETCH(QString, value);
        Topology topology;
        topology.name = value;
        topology.defaultService = value;
        Service service;
        service.name = value;
        service.selector.insert(QStringLiteral("app"), value);
        service.selector.insert(value, QStringLiteral("v"));
        topology.services << service;
        const QByteArray yaml = TopologyWriter::toYaml(topology);
        const LoadResult loaded = TopologyLoader::loadData(yaml);
        QVERIFY2(loaded.ok(), yaml.constData());
        QCOMPARE(loaded.topology->name, value);
        QCOMPARE(loaded.topology->defaultService, value);
        QCOMPARE(loaded.topology->services.value(0).name, value);
        QCOMPARE(loaded.topology->services.value(0).selector, service.selector);
    }

    void saveFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const LoadResult shop =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml"));
        QVERIFY(shop.ok());
        const QString path = dir.filePath(QStringLiteral("shop.yaml"));
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old content\n");
        old.close();

        QString error;
        QVERIFY2(TopologyWriter::saveFile(*shop.topology, path, &error), qPrintable(error));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), TopologyWriter::toYaml(*shop.topology));
        // Nothing left behind by the atomic write.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("shop.yaml")});
    }

    void saveFileFails_data() {
        QTest::addColumn<QString>("target");
        // Tests run as root, so permissions cannot make a save fail: impossible paths do.
        QTest::newRow("parent is a file") << QStringLiteral("existing.yaml/shop.yaml");
        QTest::newRow("parent missing") << QStringLiteral("no/such/folder/shop.yaml");
        QTest::newRow("target is a folder") << QStringLiteral("folder");
    }
    void saveFileFails() {
        QFETCH(QString, target);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile existing(dir.filePath(QStringLiteral("existing.yaml")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me\n");
        existing.close();
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder")));

        Topology topology;
        topology.name = QStringLiteral("x");
        QString error;
        QVERIFY(!TopologyWriter::saveFile(topology, dir.filePath(target), &error));
        QVERIFY2(error.contains(target), qPrintable(error));
        // What was there is untouched, and no temporary file is left over.
        QVERIFY(existing.open(QIODevice::ReadOnly));
        QCOMPARE(existing.readAll(), QByteArray("keep me\n"));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("folder"))).isDir());
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 (QStringList{QStringLiteral("existing.yaml"), QStringLiteral("folder")}));
        QVERIFY(QDir(dir.filePath(QStringLiteral("folder"))).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTopologyWriter)
#include "tst_topologywriter.moc"
