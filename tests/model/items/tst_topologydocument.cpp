#include "model/items/documenteditor.h"
#include "model/items/movecanvasitemcommand.h"
#include "model/items/replaceitemcommand.h"
#include "model/items/resetcanvaslayoutcommand.h"
#include "model/items/topologydocument.h"
#include "tests/model/items/sampleedits.h"
#include "tests/model/items/sampletopology.h"

#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace ingress;

class TestTopologyDocument : public QObject {
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
        QVERIFY(!document.isModified());
        QSignalSpy modified(&document, &TopologyDocument::modifiedChanged);
        DocumentEditor editor(&document);
        const Edit &e = edits()[edit];
        QVERIFY(!e.check(document.topology()));

        e.apply(editor);
        QCOMPARE(document.undoStack()->count(), 1);
        QVERIFY(e.check(document.topology()));
        QVERIFY(document.isModified());
        QCOMPARE(modified.count(), 1);
        const Topology edited = document.topology();

        document.undoStack()->undo();
        QCOMPARE(document.topology(), sampleTopology());
        QVERIFY(!document.isModified());

        document.undoStack()->redo();
        QCOMPARE(document.topology(), edited);
        QVERIFY(document.isModified());
    }

    void unchangedEditPushesNothing() {
        TopologyDocument document;
        document.reset(sampleTopology());
        DocumentEditor(&document).replace(ItemRef::virtualHost(0), sampleTopology().hosts.at(0));
        QCOMPARE(document.undoStack()->count(), 0);
    }

    void mergedFieldEditsAreOneStep() {
        TopologyDocument document;
        document.reset(sampleTopology());
        DocumentEditor editor(&document);
        VirtualHost h = document.topology().hosts.at(0);
        for (const QString &typed :
             {QStringLiteral("f"), QStringLiteral("fo"), QStringLiteral("foo.com")}) {
            h.host = typed;
            editor.replace(ItemRef::virtualHost(0), h, QStringLiteral("host"));
        }
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(document.topology().hosts.at(0).host, QStringLiteral("foo.com"));
        document.undoStack()->undo();
        QCOMPARE(document.topology().hosts.at(0).host, QStringLiteral("food.bar.com"));
    }

    void canvasDragMerges_data() {
        QTest::addColumn<bool>("sameDrag");
        QTest::addColumn<int>("expectedSteps");
        QTest::newRow("one drag") << true << 1;
        QTest::newRow("two drags") << false << 2;
    }

    void canvasDragMerges() {
        QFETCH(bool, sameDrag);
        QFETCH(int, expectedSteps);
        TopologyDocument document;
        document.reset(sampleTopology());
        const QString key = canvasKey(ItemKind::Host, QStringLiteral("food.bar.com"));
        QVERIFY(!document.hasCanvasPosition(key));
        auto *stack = document.undoStack();
        stack->push(new MoveCanvasItemCommand(&document, key, {10, 10}, 1));
        stack->push(new MoveCanvasItemCommand(&document, key, {20, 30}, sameDrag ? 1 : 2));
        QCOMPARE(stack->count(), expectedSteps);
        QCOMPARE(document.canvasPosition(key), QPointF(20, 30));
        QVERIFY(document.isModified());
        // Positions are saved with the topology, and nothing else in it changes.
        QCOMPARE(document.topology().canvasPositions.value(key), QPoint(20, 30));
        Topology withoutPositions = document.topology();
        withoutPositions.canvasPositions.clear();
        QCOMPARE(withoutPositions, sampleTopology());
        while (stack->canUndo())
            stack->undo();
        QVERIFY(!document.hasCanvasPosition(key));
        QVERIFY(!document.isModified());
    }

    // Positions are layout, not content: no revalidation, no relayout of everything else.
    void positionsAreNotContent() {
        TopologyDocument document;
        document.reset(sampleTopology());
        QSignalSpy content(&document, &TopologyDocument::contentChanged);
        QSignalSpy moved(&document, &TopologyDocument::canvasPositionChanged);
        const QString key = canvasKey(ItemKind::Service, QStringLiteral("food"));
        document.setCanvasPosition(key, QPointF(10.4, -3.6));
        QCOMPARE(document.canvasPosition(key), QPointF(10, -4)); // whole units, as saved
        QCOMPARE(moved.count(), 1);
        QCOMPARE(content.count(), 0);
    }

    // Renaming a host keeps where the user put it and its routes; undo renames it back.
    void positionsFollowRenames() {
        TopologyDocument document;
        document.reset(sampleTopology());
        const VirtualHost original = document.topology().hosts.at(0);
        const QString host = canvasKey(ItemKind::Host, original.host);
        const QString route =
            canvasKey(ItemKind::Route,
                      canvaskey::routeName(original.host, original.routes.at(0).firstMatch().path));
        document.setCanvasPosition(host, {10, 20});
        document.setCanvasPosition(route, {30, 40});
        VirtualHost renamed = original;
        renamed.host = QStringLiteral("renamed.bar.com");
        auto *stack = document.undoStack();
        stack->push(
            new ReplaceItemCommand<VirtualHost>(&document, ItemRef::virtualHost(0), renamed));
        QVERIFY(!document.hasCanvasPosition(host));
        QCOMPARE(document.canvasPosition(canvasKey(ItemKind::Host, renamed.host)), QPointF(10, 20));
        QCOMPARE(document.canvasPosition(canvasKey(
                     ItemKind::Route,
                     canvaskey::routeName(renamed.host, original.routes.at(0).firstMatch().path))),
                 QPointF(30, 40));
        stack->undo();
        QCOMPARE(document.canvasPosition(host), QPointF(10, 20));
        QCOMPARE(document.canvasPosition(route), QPointF(30, 40));
    }

    void resetLayoutIsOneUndoStep() {
        TopologyDocument document;
        document.reset(sampleTopology());
        const QString host = canvasKey(ItemKind::Host, QStringLiteral("food.bar.com"));
        const QString service = canvasKey(ItemKind::Service, QStringLiteral("food"));
        auto *stack = document.undoStack();
        stack->push(new MoveCanvasItemCommand(&document, host, {10, 10}, 1));
        stack->push(new MoveCanvasItemCommand(&document, service, {50, 60}, 2));
        stack->push(new ResetCanvasLayoutCommand(&document));
        QCOMPARE(stack->count(), 3);
        QVERIFY(document.canvasPositions().isEmpty());
        stack->undo();
        QCOMPARE(document.canvasPosition(host), QPointF(10, 10));
        QCOMPARE(document.canvasPosition(service), QPointF(50, 60));
        stack->redo();
        QVERIFY(document.canvasPositions().isEmpty());
    }

    void validationIsDebounced() {
        TopologyDocument document;
        document.setValidationDelay(20);
        document.reset(sampleTopology());
        QSignalSpy validated(&document, &TopologyDocument::diagnosticsChanged);
        DocumentEditor editor(&document);
        editor.addHost();
        editor.addService();
        QCOMPARE(validated.count(), 0);
        QVERIFY(validated.wait(2000));
        QTest::qWait(60);
        QCOMPARE(validated.count(), 1);
    }

    void resetForgetsHistory() {
        TopologyDocument document;
        document.reset(sampleTopology());
        DocumentEditor(&document).addHost();
        QVERIFY(document.undoStack()->canUndo());
        document.reset(Topology{}, QStringLiteral("/tmp/x.yaml"));
        QVERIFY(!document.undoStack()->canUndo());
        QVERIFY(!document.isModified());
        QCOMPARE(document.displayName(), QStringLiteral("x.yaml"));
    }

    void uniqueNames_data() {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("expected");
        QTest::newRow("free") << "new.bar.com"
                              << "new.bar.com";
        QTest::newRow("taken host") << "food.bar.com"
                                    << "food-2.bar.com";
        QTest::newRow("wildcard") << "*.bar.com"
                                  << "*.bar.com";
    }

    void uniqueNames() {
        QFETCH(QString, base);
        QFETCH(QString, expected);
        TopologyDocument document;
        document.reset(sampleTopology());
        QCOMPARE(DocumentEditor(&document).uniqueHostName(base), expected);
    }
};

QTEST_GUILESS_MAIN(TestTopologyDocument)
#include "tst_topologydocument.moc"
