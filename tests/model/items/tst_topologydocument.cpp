#include "documenteditor.h"
#include "movecanvasitemcommand.h"
#include "sampleedits.h"
#include "sampletopology.h"
#include "topologydocument.h"

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
        // The topology value itself is untouched: positions never reach the YAML.
        QCOMPARE(document.topology(), sampleTopology());
        while (stack->canUndo())
            stack->undo();
        QVERIFY(!document.hasCanvasPosition(key));
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
