#include "model/items/documenteditor.h"
#include "model/items/insertitemcommand.h"
#include "model/items/removeitemcommand.h"
#include "model/items/replaceitemcommand.h"
#include "model/items/topologydocument.h"
#include "model/yaml/topologyloader.h"
#include "ui/canvas/canvasconnector.h"
#include "ui/canvas/canvaslayout.h"
#include "ui/canvas/canvasnodeitem.h"
#include "ui/canvas/topologycanvas.h"
#include "ui/selectionhub.h"

#include <QElapsedTimer>
#include <QImage>
#include <QSignalSpy>
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

// Where a node is on screen, in viewport coordinates.
QPoint onScreen(const TopologyCanvas &canvas, ItemRef ref) {
    const int node = canvas.layout().nodeFor(ref);
    return canvas.mapFromScene(canvas.layout().nodes()[std::size_t(node)].rect.center());
}

// A route's connector handle (the middle of its right edge), in viewport coordinates.
QPoint handleOf(const TopologyCanvas &canvas, ItemRef route) {
    const QRectF rect = canvas.layout().nodes()[std::size_t(canvas.layout().nodeFor(route))].rect;
    return canvas.mapFromScene(QPointF(rect.right(), rect.center().y()));
}

// A real mouse drag on the viewport, in a few steps, as a hand would do it.
void drag(TopologyCanvas &canvas, QPoint from, QPoint to,
          Qt::KeyboardModifiers modifiers = Qt::NoModifier, int steps = 4) {
    QWidget *viewport = canvas.viewport();
    QTest::mousePress(viewport, Qt::LeftButton, modifiers, from);
    for (int i = 1; i <= steps; ++i)
        QTest::mouseMove(viewport, from + (to - from) * i / steps);
    QTest::mouseRelease(viewport, Qt::LeftButton, modifiers, to);
    QCoreApplication::processEvents();
}

// Every live node (layer, key, reference, texts, place) and every edge (by the keys at its ends),
// sorted: two layouts that draw the same picture give the same lists.
QStringList picture(const CanvasLayout &layout) {
    QStringList lines;
    const auto &nodes = layout.nodes();
    for (const CanvasNode &n : nodes)
        if (n.isAlive())
            lines << QStringLiteral("%1 %2 %3/%4/%5 %6 %7 @%8,%9")
                         .arg(int(n.layer))
                         .arg(n.key)
                         .arg(int(n.ref.kind))
                         .arg(n.ref.host)
                         .arg(n.ref.row)
                         .arg(n.label, n.detail)
                         .arg(n.rect.x())
                         .arg(n.rect.y());
    for (const CanvasEdge &e : layout.edges())
        if (e.from >= 0)
            lines << nodes[std::size_t(e.from)].key + QLatin1String(" -> ") +
                         nodes[std::size_t(e.to)].key + u' ' + e.label;
    lines.sort();
    return lines;
}

void compareWithFreshLayout(const Fixture &f) {
    CanvasLayout fresh;
    fresh.compute(f.document.topology());
    QCOMPARE(picture(f.canvas.layout()), picture(fresh));
    QCOMPARE(f.canvas.layout().bounds(), fresh.bounds());
}

enum class Edit {
    RenameHost,
    AddRoute,
    RemoveRoute,
    InsertHost,
    RemoveHost,
    RouteService,
    SplitRoute,
    AddService,
    RenameService
};

void pushEdit(TopologyDocument &document, Edit edit) {
    // Row 1 of 300 hosts: everything above must stay, what is below may only move.
    const ItemRef host = ItemRef::virtualHost(1);
    QUndoStack *stack = document.undoStack();
    switch (edit) {
    case Edit::RenameHost: {
        VirtualHost h = document.item<VirtualHost>(host);
        h.host = QStringLiteral("renamed.bar.com");
        stack->push(new ReplaceItemCommand<VirtualHost>(&document, host, h));
        break;
    }
    case Edit::AddRoute:
        DocumentEditor(&document).addRoute(1, 0);
        break;
    case Edit::RemoveRoute:
        stack->push(new RemoveItemCommand<Route>(&document, ItemRef::route(1, 1)));
        break;
    case Edit::InsertHost: {
        VirtualHost h;
        h.host = QStringLiteral("inserted.bar.com");
        Route r;
        r.service = QStringLiteral("abc");
        h.routes = {r, r};
        stack->push(new InsertItemCommand<VirtualHost>(&document, host, h));
        break;
    }
    case Edit::RemoveHost:
        stack->push(new RemoveItemCommand<VirtualHost>(&document, host));
        break;
    case Edit::RouteService: {
        Route r = document.item<Route>(ItemRef::route(1, 0));
        r.service = QStringLiteral("fallback");
        stack->push(new ReplaceItemCommand<Route>(&document, ItemRef::route(1, 0), r));
        break;
    }
    case Edit::SplitRoute: {
        Route r = document.item<Route>(ItemRef::route(1, 0));
        r.service.clear();
        r.backends = {RouteBackend{QStringLiteral("fallback"), 3, {}},
                      RouteBackend{QStringLiteral("abc"), 1, {}}};
        stack->push(new ReplaceItemCommand<Route>(&document, ItemRef::route(1, 0), r));
        break;
    }
    case Edit::AddService:
        DocumentEditor(&document).addService();
        break;
    case Edit::RenameService: {
        Service s = document.item<Service>(ItemRef::service(1));
        s.name = QStringLiteral("abc-renamed");
        stack->push(new ReplaceItemCommand<Service>(&document, ItemRef::service(1), s));
        break;
    }
    }
}

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

    void editsLayOutOnlyWhatTheyTouch_data() {
        QTest::addColumn<int>("edit");
        QTest::addColumn<bool>("movesHostsBelow");
        QTest::newRow("rename host") << int(Edit::RenameHost) << false;
        QTest::newRow("add route") << int(Edit::AddRoute) << true;
        QTest::newRow("remove route") << int(Edit::RemoveRoute) << true;
        QTest::newRow("insert host") << int(Edit::InsertHost) << true;
        QTest::newRow("remove host") << int(Edit::RemoveHost) << true;
        QTest::newRow("route to another service") << int(Edit::RouteService) << false;
        QTest::newRow("split a route") << int(Edit::SplitRoute) << false;
        QTest::newRow("add service") << int(Edit::AddService) << false;
        QTest::newRow("rename service") << int(Edit::RenameService) << false;
    }

    void editsLayOutOnlyWhatTheyTouch() {
        QFETCH(int, edit);
        QFETCH(bool, movesHostsBelow);
        Fixture f(manyHosts(300));
        const CanvasLayout &layout = f.canvas.layout();
        // Above the edit: host 0 and the listeners. Far below: the last host.
        const int above = layout.nodeFor(ItemRef::virtualHost(0));
        f.canvas.zoomIn(); // items, not the overview
        f.canvas.centerOn(layout.nodes()[std::size_t(above)].rect.center());
        QTest::qWait(10);
        const int listener = layout.nodeFor(ItemRef::listener(0));
        const int last = int(f.document.topology().hosts.size()) - 1;
        const int below = layout.nodeFor(ItemRef::virtualHost(last));
        const QRectF belowRect = layout.nodes()[std::size_t(below)].rect;
        CanvasNodeItem *aboveItem = f.canvas.nodeItem(above);
        CanvasNodeItem *listenerItem = f.canvas.nodeItem(listener);
        QVERIFY(aboveItem && listenerItem);
        const int nodesBefore = int(layout.nodes().size());

        pushEdit(f.document, Edit(edit));
        QTest::qWait(10);
        compareWithFreshLayout(f);
        // Not laid out again: same numbers, same graphics items.
        QCOMPARE(layout.nodeFor(ItemRef::virtualHost(0)), above);
        QCOMPARE(f.canvas.nodeItem(above), aboveItem);
        QCOMPARE(f.canvas.nodeItem(listener), listenerItem);
        const int lastNow = int(f.document.topology().hosts.size()) - 1;
        QCOMPARE(layout.nodeFor(ItemRef::virtualHost(lastNow)), below);
        QCOMPARE(layout.nodes()[std::size_t(below)].rect != belowRect, movesHostsBelow);
        // Freed numbers are reused rather than the layout growing with every edit.
        QVERIFY(int(layout.nodes().size()) <= nodesBefore + 3);

        f.document.undoStack()->undo();
        QTest::qWait(10);
        compareWithFreshLayout(f);
        QCOMPARE(layout.nodes()[std::size_t(below)].rect, belowRect);
        QCOMPARE(f.canvas.nodeItem(above), aboveItem);
        f.document.undoStack()->redo();
        QTest::qWait(10);
        compareWithFreshLayout(f);
        // The items on screen are those of the layout's nodes in view.
        for (int node :
             layout.nodesIn(f.canvas.mapToScene(f.canvas.viewport()->rect()).boundingRect()))
            QVERIFY(f.canvas.nodeItem(node));
    }

    // A split route has an edge to each backend service, labelled with its share.
    void splitRouteEdgesCarryShares() {
        Topology t = shop();
        Route &r = t.hosts[0].routes[0];
        r.service.clear();
        r.backends = {RouteBackend{t.services[0].name, 90, {}},
                      RouteBackend{t.services[1].name, 10, {}}};
        CanvasLayout layout;
        layout.compute(t);
        const int route = layout.nodeFor(ItemRef::route(0, 0));
        QMap<QString, QString> labels;
        for (const CanvasEdge &e : layout.edges())
            if (e.from == route)
                labels.insert(layout.nodes()[std::size_t(e.to)].label, e.label);
        QCOMPARE(labels.size(), 2);
        QCOMPARE(labels.value(t.services[0].name), QStringLiteral("90%"));
        QCOMPARE(labels.value(t.services[1].name), QStringLiteral("10%"));
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

    // food.bar.com / goes to "food"; dragging its handle onto "abc" reconnects it.
    void dragFromRouteToServiceConnects_data() {
        QTest::addColumn<bool>("shift"); // Shift+drag on the route's body instead of the handle
        QTest::newRow("handle") << false;
        QTest::newRow("shift-drag") << true;
    }
    void dragFromRouteToServiceConnects() {
        QFETCH(bool, shift);
        Fixture f(shop());
        QSignalSpy status(&f.canvas, &TopologyCanvas::statusMessage);
        const ItemRef route = ItemRef::route(0, 0);
        const QPoint from = shift ? onScreen(f.canvas, route) : handleOf(f.canvas, route);
        const QPoint to = onScreen(f.canvas, ItemRef::service(1));
        QWidget *viewport = f.canvas.viewport();
        QTest::mousePress(viewport, Qt::LeftButton, shift ? Qt::ShiftModifier : Qt::NoModifier,
                          from);
        QVERIFY(f.canvas.connector().isActive());
        QTest::mouseMove(viewport, (from + to) / 2);
        QTest::mouseMove(viewport, to);
        // The service under the mouse lights up; the route has not moved.
        const int abc = f.canvas.layout().nodeFor(ItemRef::service(1));
        QCOMPARE(f.canvas.connector().targetNode(), abc);
        QVERIFY(!f.document.hasCanvasPosition(
            f.canvas.layout().nodes()[std::size_t(f.canvas.layout().nodeFor(route))].key));
        QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, to);
        QCoreApplication::processEvents();
        QVERIFY(!f.canvas.connector().isActive());

        QCOMPARE(f.document.topology().hosts[0].routes[0].service, QStringLiteral("abc"));
        QCOMPARE(f.document.undoStack()->count(), 1);
        QVERIFY(f.document.undoStack()->undoText().contains(QStringLiteral("abc")));
        QVERIFY(!status.isEmpty());
        // The canvas redraws from the model: the edge now ends at abc.
        f.canvas.relayoutNow();
        const int routeNode = f.canvas.layout().nodeFor(route);
        const auto goesTo = [&](int service) {
            for (int e : f.canvas.layout().edgesOf(routeNode))
                if (f.canvas.layout().edges()[std::size_t(e)].to == service)
                    return true;
            return false;
        };
        QVERIFY(goesTo(f.canvas.layout().nodeFor(ItemRef::service(1))));
        f.document.undoStack()->undo();
        QCOMPARE(f.document.topology().hosts[0].routes[0].service, QStringLiteral("food"));
        f.canvas.relayoutNow();
        QVERIFY(goesTo(f.canvas.layout().nodeFor(ItemRef::service(0))));
        f.document.undoStack()->redo();
        QCOMPARE(f.document.topology().hosts[0].routes[0].service, QStringLiteral("abc"));
    }

    void dropElsewhereCancels() {
        Fixture f(shop());
        const QPoint from = handleOf(f.canvas, ItemRef::route(0, 0));
        drag(f.canvas, from, from + QPoint(0, 250)); // empty space below the routes
        QVERIFY(!f.canvas.connector().isActive());
        QCOMPARE(f.document.undoStack()->count(), 0);
        QCOMPARE(f.document.topology().hosts[0].routes[0].service, QStringLiteral("food"));
    }

    void dragOnRouteBodyStillMoves() {
        Fixture f(shop());
        const ItemRef route = ItemRef::route(0, 0);
        const QString key =
            f.canvas.layout().nodes()[std::size_t(f.canvas.layout().nodeFor(route))].key;
        const QPoint from = onScreen(f.canvas, route);
        drag(f.canvas, from, from + QPoint(40, 30));
        QCOMPARE(f.document.topology().hosts[0].routes[0].service, QStringLiteral("food"));
        QVERIFY(f.document.hasCanvasPosition(key));
        QCOMPARE(f.document.undoStack()->count(), 1); // one step per drag
    }

    void redirectRouteRefusesTheDrop() {
        Topology t = shop();
        Route &route = t.hosts[0].routes[0];
        route.service.clear();
        route.redirect = Redirect{};
        route.redirect->scheme = QStringLiteral("https");
        Fixture f(t);
        QSignalSpy status(&f.canvas, &TopologyCanvas::statusMessage);
        const QPoint to = onScreen(f.canvas, ItemRef::service(1));
        QWidget *viewport = f.canvas.viewport();
        QTest::mousePress(viewport, Qt::LeftButton, {}, handleOf(f.canvas, ItemRef::route(0, 0)));
        QTest::mouseMove(viewport, to);
        const int abc = f.canvas.layout().nodeFor(ItemRef::service(1));
        QCOMPARE(f.canvas.nodeItem(abc)->dropTarget(), CanvasNodeItem::DropTarget::Refused);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
        QCoreApplication::processEvents();
        QCOMPARE(f.document.undoStack()->count(), 0);
        QVERIFY(f.document.topology().hosts[0].routes[0].service.isEmpty());
        QVERIFY(!status.isEmpty());
        QVERIFY2(status.last().first().toString().contains(QStringLiteral("redirects")),
                 qPrintable(status.last().first().toString()));
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
