#include "model/items/itemroles.h"
#include "model/items/topologydocument.h"
#include "model/items/topologytreemodel.h"
#include "tests/model/items/sampleedits.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QUndoStack>

using namespace ingress;

namespace {

// The tree shows exactly what the document holds, in the same order.
void verifyMirrors(const TopologyTreeModel &model, const Topology &t) {
    const QModelIndex listeners = model.groupIndex(TopologyTreeModel::ListenersGroup);
    const QModelIndex hosts = model.groupIndex(TopologyTreeModel::HostsGroup);
    QCOMPARE(model.rowCount(listeners), t.listeners.size());
    for (int i = 0; i < t.listeners.size(); ++i)
        QCOMPARE(model.index(i, 0, listeners).data().toString(), t.listeners.at(i).name);
    QCOMPARE(model.rowCount(hosts), t.hosts.size());
    for (int h = 0; h < t.hosts.size(); ++h) {
        const QModelIndex host = model.index(h, 0, hosts);
        QCOMPARE(host.data().toString(), t.hosts.at(h).host);
        QCOMPARE(model.rowCount(host), t.hosts.at(h).routes.size());
        for (int r = 0; r < t.hosts.at(h).routes.size(); ++r) {
            const QModelIndex route = model.index(r, 0, host);
            QCOMPARE(route.data().toString(), t.hosts.at(h).routes.at(r).firstMatch().path);
            QCOMPARE(route.parent(), host);
            QCOMPARE(route.data(ItemRefRole).value<ItemRef>(), ItemRef::route(h, r));
            QCOMPARE(model.indexFor(ItemRef::route(h, r)), route);
        }
    }
}

} // namespace

class TestTopologyTreeModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void editUndoRedo_data() {
        QTest::addColumn<QString>("edit");
        for (auto it = edits().cbegin(); it != edits().cend(); ++it)
            QTest::newRow(qPrintable(it.key())) << it.key();
    }

    void editUndoRedo() {
        QFETCH(QString, edit);
        TopologyDocument document;
        document.reset(sampleTopology());
        TopologyTreeModel model(&document);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        verifyMirrors(model, document.topology());
        DocumentEditor editor(&document);
        edits()[edit].apply(editor);
        verifyMirrors(model, document.topology());
        document.undoStack()->undo();
        verifyMirrors(model, document.topology());
        document.undoStack()->redo();
        verifyMirrors(model, document.topology());
        document.reset(Topology{});
        verifyMirrors(model, document.topology());
    }

    void persistentRouteSurvivesHostInsert() {
        TopologyDocument document;
        document.reset(sampleTopology());
        TopologyTreeModel model(&document);
        const QPersistentModelIndex login = model.indexFor(ItemRef::route(1, 1));
        QCOMPARE(login.data().toString(), QStringLiteral("/login"));
        DocumentEditor(&document).duplicate(ItemRef::virtualHost(0)); // inserted before abc
        QVERIFY(login.isValid());
        QCOMPARE(login.data().toString(), QStringLiteral("/login"));
        QCOMPARE(login.parent().data().toString(), QStringLiteral("abc.bar.com"));
        QCOMPARE(model.refFor(login), ItemRef::route(2, 1));
    }

    void renameInPlaceIsUndoable_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("host");
        QTest::newRow("listener") << int(ItemKind::Listener) << 0 << -1;
        QTest::newRow("host") << int(ItemKind::Host) << 1 << -1;
        QTest::newRow("route") << int(ItemKind::Route) << 0 << 1;
    }

    void renameInPlaceIsUndoable() {
        QFETCH(int, kind);
        QFETCH(int, row);
        QFETCH(int, host);
        TopologyDocument document;
        document.reset(sampleTopology());
        TopologyTreeModel model(&document);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex index = model.indexFor(ItemRef{ItemKind(kind), row, host});
        QVERIFY(index.flags() & Qt::ItemIsEditable);
        QVERIFY(model.setData(index, QStringLiteral("/renamed")));
        QCOMPARE(index.data().toString(), QStringLiteral("/renamed"));
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QVERIFY(index.data().toString() != QStringLiteral("/renamed"));
        QVERIFY(!model.setData(index, QString()));
    }

    void recursiveFilterOnManyHosts() {
        Topology t = sampleTopology();
        for (int i = 0; i < 10000; ++i) {
            VirtualHost h;
            h.host = QStringLiteral("h%1.example.com").arg(i);
            h.routes = {Route{}};
            t.hosts.append(h);
        }
        TopologyDocument document;
        document.reset(t);
        TopologyTreeModel model(&document);
        QSortFilterProxyModel proxy;
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setSourceModel(&model);
        QElapsedTimer timer;
        timer.start();
        proxy.setFilterFixedString(QStringLiteral("h9999."));
        const QModelIndex hosts =
            proxy.mapFromSource(model.groupIndex(TopologyTreeModel::HostsGroup));
        QCOMPARE(proxy.rowCount(hosts), 1);
        QVERIFY2(timer.elapsed() < 3000, "filtering 10,000 hosts must stay interactive");
    }
};

QTEST_GUILESS_MAIN(TestTopologyTreeModel)
#include "tst_topologytreemodel.moc"
