#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"
#include "tests/common/diagnosticstext.h"

#include <QTest>

using namespace ingress;

namespace {

const QByteArray header = "apiVersion: ingress-studio/v1\nkind: Topology\n";

// Two hosts, one of them a wildcard (quoted in YAML), two routes, a listener and a service.
const QByteArray body = "listeners:\n"
                        "  - name: web\n"
                        "    bind: 127.0.0.1:8080\n"
                        "    protocol: HTTP\n"
                        "services:\n"
                        "  - name: food\n"
                        "    type: ClusterIP\n"
                        "    port: 80\n"
                        "hosts:\n"
                        "  - host: food.bar.com\n"
                        "    routes:\n"
                        "      - path: /\n"
                        "        pathType: Prefix\n"
                        "        service: food\n"
                        "      - path: /api\n"
                        "        pathType: Prefix\n"
                        "        service: food\n"
                        "  - host: \"*.bar.com\"\n";

} // namespace

// The `canvas:` section: positions the user gave canvas nodes, loaded and saved with the
// topology (docs/topology-format.md#canvas).
class TestCanvasPositions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip() {
        const QByteArray yaml = header + body +
                                "canvas:\n"
                                "  listeners:\n"
                                "    web: [201, -15]\n"
                                "  hosts:\n"
                                "    food.bar.com: [400, 120]\n"
                                "    \"*.bar.com\": [400, 900]\n"
                                "  routes:\n"
                                "    food.bar.com /api: [610, 0]\n"
                                "  services:\n"
                                "    food: [800, 48]\n";
        const LoadResult loaded = TopologyLoader::loadData(yaml, QStringLiteral("canvas.yaml"));
        QVERIFY2(loaded.ok(), qPrintable(testing::dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.isEmpty(), qPrintable(testing::dump(loaded.diagnostics)));
        const CanvasPositions &p = loaded.topology->canvasPositions;
        QCOMPARE(p.size(), 5);
        QCOMPARE(p.value(QStringLiteral("listener:web")), QPoint(201, -15));
        QCOMPARE(p.value(QStringLiteral("host:food.bar.com")), QPoint(400, 120));
        QCOMPARE(p.value(QStringLiteral("host:*.bar.com")), QPoint(400, 900));
        QCOMPARE(p.value(QStringLiteral("route:food.bar.com /api")), QPoint(610, 0));
        QCOMPARE(p.value(QStringLiteral("service:food")), QPoint(800, 48));
        // Written last, in document order, byte for byte what was read.
        const QByteArray saved = TopologyWriter::toYaml(*loaded.topology);
        QVERIFY2(saved.endsWith(yaml.mid(yaml.indexOf("canvas:"))), saved.constData());
        const LoadResult reloaded = TopologyLoader::loadData(saved);
        QVERIFY(reloaded.ok());
        QVERIFY(*reloaded.topology == *loaded.topology);
        QCOMPARE(TopologyWriter::toYaml(*reloaded.topology), saved);
    }

    void writtenOnlyForExistingNodes() {
        LoadResult loaded = TopologyLoader::loadData(header + body);
        QVERIFY(loaded.ok());
        Topology t = *loaded.topology;
        // Nothing moved: no section at all.
        QVERIFY(!TopologyWriter::toYaml(t).contains("canvas"));
        // A deleted (or renamed) item's position is not written.
        t.canvasPositions.insert(QStringLiteral("host:gone.bar.com"), QPoint(1, 2));
        t.canvasPositions.insert(QStringLiteral("route:food.bar.com /gone"), QPoint(1, 2));
        QVERIFY(!TopologyWriter::toYaml(t).contains("canvas"));
        t.canvasPositions.insert(QStringLiteral("route:food.bar.com /"), QPoint(3, 4));
        QVERIFY(
            TopologyWriter::toYaml(t).endsWith("canvas:\n  routes:\n    food.bar.com /: [3, 4]\n"));
    }

    void ignoredByEverythingElse() {
        // Positions are layout: the rest of the topology reads the same with or without them.
        LoadResult plain = TopologyLoader::loadData(header + body);
        LoadResult placed = TopologyLoader::loadData(
            header + body + "canvas:\n  hosts:\n    food.bar.com: [1, 2]\n");
        QVERIFY(plain.ok() && placed.ok());
        placed.topology->canvasPositions.clear();
        QVERIFY(*plain.topology == *placed.topology);
    }

    void badValues_data() {
        QTest::addColumn<QByteArray>("canvas");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<int>("line"); // within the canvas section, 1 = "canvas:"
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("section is a list")
            << QByteArray("canvas: [1, 2]\n") << "wrong-type" << 1 << 9 << "canvas section";
        QTest::newRow("group is a list") << QByteArray("canvas:\n  hosts: [a, b]\n") << "wrong-type"
                                         << 2 << 10 << "'canvas.hosts': expected a mapping";
        QTest::newRow("position is a scalar")
            << QByteArray("canvas:\n  hosts:\n    food.bar.com: 12\n") << "invalid-value" << 3 << 19
            << "canvas position of 'food.bar.com': expected [x, y]";
        QTest::newRow("three numbers") << QByteArray("canvas:\n  services:\n    food: [1, 2, 3]\n")
                                       << "invalid-value" << 3 << 11 << "got a sequence";
        QTest::newRow("x not a number") << QByteArray("canvas:\n  services:\n    food: [left, 2]\n")
                                        << "invalid-value" << 3 << 12 << "got 'left'";
        QTest::newRow("y a fraction") << QByteArray("canvas:\n  services:\n    food: [1, 2.5]\n")
                                      << "invalid-value" << 3 << 15 << "whole numbers";
        QTest::newRow("y too far")
            << QByteArray("canvas:\n  services:\n    food: [1, 9999999999]\n") << "invalid-value"
            << 3 << 15 << "from -100000000 to 100000000";
        QTest::newRow("hex") << QByteArray("canvas:\n  listeners:\n    web: [0x10, 2]\n")
                             << "invalid-value" << 3 << 11 << "got '0x10'";
        QTest::newRow("duplicate name")
            << QByteArray("canvas:\n  hosts:\n    a.com: [1, 2]\n    a.com: [3, 4]\n")
            << "duplicate-key" << 4 << 5 << "a.com";
    }
    void badValues() {
        QFETCH(QByteArray, canvas);
        QFETCH(QString, rule);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, messagePart);
        const QByteArray yaml = header + body + canvas;
        const int canvasLine = int(QByteArray(header + body).count('\n'));
        const LoadResult result = TopologyLoader::loadData(yaml, QStringLiteral("bad.yaml"));
        const QString all = testing::dump(result.diagnostics);
        QVERIFY2(!result.ok(), qPrintable(all));
        QVERIFY(!result.diagnostics.isEmpty());
        const Diagnostic &d = result.diagnostics.first();
        QVERIFY2(d.ruleId == rule, qPrintable(all));
        QVERIFY2(d.location.line == canvasLine + line, qPrintable(all));
        QVERIFY2(d.location.column == column, qPrintable(all));
        QVERIFY2(d.message.contains(messagePart), qPrintable(all));
        QVERIFY(d.toString().startsWith(
            QStringLiteral("bad.yaml:%1:%2:").arg(canvasLine + line).arg(column)));
    }

    void unknownGroupWarns() {
        const LoadResult result = TopologyLoader::loadData(
            header + body + "canvas:\n  host:\n    food.bar.com: [1, 2]\n");
        QVERIFY(result.ok());
        QCOMPARE(result.diagnostics.size(), 1);
        QVERIFY(
            result.diagnostics.first().message.contains(QStringLiteral("did you mean 'hosts'")));
        QVERIFY(result.topology->canvasPositions.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCanvasPositions)
#include "tst_canvaspositions.moc"
