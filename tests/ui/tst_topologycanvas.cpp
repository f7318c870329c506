#include "canvas/canvaslayout.h"
#include "canvas/canvasnodeitem.h"
#include "canvas/topologycanvas.h"
#include "documenteditor.h"
#include "selectionhub.h"
#include "topologydocument.h"
#include "topologyloader.h"

#include <QElapsedTimer>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;

namespace {

Topology shop() {
    LoadResult loaded =
        TopologyLoader::loadFile(QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml"));
    return loaded.topology.value_or(Topology{});
}

Topology manyHosts(int count) {
    Topology t = shop();
    for (int i = 0; i < count; ++i) {
        VirtualHost h;
        h.host = QStringLiteral("h%1.example.com").arg(i);
        Route r;
        r.service = QStringLiteral("food");
        h.routes = {r};
        t.hosts.append(h);
    }
    return t;
}

struct Fixture {
    TopologyDocument document;
    SelectionHub hub{&document};
    TopologyCanvas canvas{&document, &hub};

    explicit Fixture(const Topology &t) {
        document.setValidationDelay(0);
        document.reset(t);
        canvas.resize(900, 600);
        canvas.show();
        canvas.relayoutNow();
        QCoreApplication::processEvents();
    }
};

} // namespace

class TestTopologyCanvas : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void layoutHasEveryLayer_data() {
        QTest::addColumn<int>("layer");
        QTest::addColumn<int>("count");
        QTest::newRow("clients") << int(CanvasLayer::Clients) << 1;
        QTest::newRow("listeners") << int(CanvasLayer::Listeners) << 2;
        QTest::newRow("hosts") << int(CanvasLayer::Hosts) << 3;
        QTest::newRow("routes") << int(CanvasLayer::Routes) << 5;
        QTest::newRow("services") << int(CanvasLayer::Services) << 3;
        QTest::newRow("endpoints") << int(CanvasLayer::Endpoints) << 4;
    }

    void layoutHasEveryLayer() {
        QFETCH(int, layer);
        QFETCH(int, count);
        CanvasLayout layout;
        layout.compute(shop());
        int found = 0;
        qreal x = -1;
        for (const CanvasNode &node : layout.nodes())
            if (int(node.layer) == layer) {
                ++found;
                if (x >= 0)
                    QCOMPARE(node.rect.x(), x); // one column per layer
                x = node.rect.x();
            }
        QCOMPARE(found, count);
        // No two nodes overlap.
        for (std::size_t a = 0; a < layout.nodes().size(); ++a)
            for (std::size_t b = a + 1; b < layout.nodes().size(); ++b)
                QVERIFY(!layout.nodes()[a].rect.intersects(layout.nodes()[b].rect));
        QCOMPARE(int(layout.nodesIn(layout.bounds()).size()), int(layout.nodes().size()));
    }

    void onlyVisibleNodesAreBuilt() {
        QElapsedTimer timer;
        timer.start();
        Fixture f(manyHosts(10000));
        QVERIFY(f.canvas.layout().nodes().size() > 20000);
        QVERIFY2(f.canvas.itemCount() < 1000, qPrintable(QString::number(f.canvas.itemCount())));
        QVERIFY(f.canvas.itemCount() > 0 || f.canvas.isOverview());
        // An edit does not rebuild 20,000 items.
        f.canvas.zoomIn();
        f.canvas.zoomIn();
        DocumentEditor(&f.document).addHost();
        f.canvas.relayoutNow();
        QVERIFY(f.canvas.itemCount() < 1000);
        // Far out, one overview item stands for everything.
        for (int i = 0; i < 40; ++i)
            f.canvas.zoomOut();
        QCoreApplication::processEvents();
        QVERIFY(f.canvas.isOverview());
        QCOMPARE(f.canvas.itemCount(), 0);
        QVERIFY2(timer.elapsed() < 20000, "10,000 hosts must stay interactive");
    }

    void selectionSyncsBothWays() {
        Fixture f(shop());
        f.hub.setCurrent(ItemRef::virtualHost(1));
        CanvasNodeItem *item = f.canvas.itemFor(ItemRef::virtualHost(1));
        QVERIFY(item);
        f.canvas.nodeClicked(f.canvas.layout().nodeFor(ItemRef::service(2)));
        QCOMPARE(f.hub.current(), ItemRef::service(2));
    }

    void dragIsOneUndoStep() {
        Fixture f(shop());
        const int node = f.canvas.layout().nodeFor(ItemRef::virtualHost(0));
        const QString key = f.canvas.layout().nodes()[std::size_t(node)].key;
        for (int step = 1; step <= 5; ++step)
            f.canvas.nodeDragged(node, QPointF(500 + step * 10, 300));
        f.canvas.dragFinished();
        QCOMPARE(f.document.undoStack()->count(), 1);
        QCOMPARE(f.document.canvasPosition(key), QPointF(550, 300));
        f.document.undoStack()->undo();
        f.canvas.relayoutNow();
        QVERIFY(!f.document.hasCanvasPosition(key));
        QVERIFY(f.canvas.layout().nodes()[std::size_t(node)].rect.topLeft() != QPointF(550, 300));
        // A second drag is a second step.
        f.canvas.nodeDragged(node, QPointF(10, 10));
        f.canvas.dragFinished();
        f.canvas.nodeDragged(node, QPointF(20, 20));
        f.canvas.dragFinished();
        QCOMPARE(f.document.undoStack()->count(), 2);
    }

    void problemMarkersFollowValidation() {
        Topology t = shop();
        t.hosts[0].routes[0].service = QStringLiteral("missing");
        Fixture f(t);
        f.document.validateNow();
        QVERIFY(!f.document.diagnostics().isEmpty());
    }

    void exportsImages_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("png") << "canvas.png";
        QTest::newRow("svg") << "canvas.svg";
    }

    void exportsImages() {
        QFETCH(QString, name);
        QTemporaryDir dir;
        Fixture f(shop());
        const QString path = dir.filePath(name);
        QString error;
        QVERIFY2(f.canvas.exportImage(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray head = file.read(512);
        if (name.endsWith(QLatin1String("svg"))) {
            QVERIFY(head.contains("<svg"));
            QVERIFY(file.readAll().contains("food.bar.com"));
        } else {
            const QImage image(path);
            QVERIFY(image.width() > 500);
        }
        QVERIFY(f.canvas.itemCount() > 0); // back to the on-screen items
    }
};

QTEST_MAIN(TestTopologyCanvas)
#include "tst_topologycanvas.moc"
