#include "model/items/itemclipboard.h"
#include "model/items/topologydocument.h"
#include "tests/model/items/sampletopology.h"

#include <QTest>
#include <QUndoStack>

using namespace ingress;

class TestItemClipboard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void copyPasteIsOneUndoStep_data() {
        QTest::addColumn<ItemRef>("copied");
        QTest::addColumn<ItemRef>("current");
        QTest::addColumn<ItemRef>("expected");
        QTest::newRow("host after host")
            << ItemRef::virtualHost(0) << ItemRef::virtualHost(0) << ItemRef::virtualHost(1);
        QTest::newRow("route into other host")
            << ItemRef::route(1, 1) << ItemRef::virtualHost(0) << ItemRef::route(0, 1);
        QTest::newRow("route after route")
            << ItemRef::route(1, 0) << ItemRef::route(1, 0) << ItemRef::route(1, 1);
        QTest::newRow("service") << ItemRef::service(0) << ItemRef{} << ItemRef::service(2);
        QTest::newRow("listener") << ItemRef::listener(1) << ItemRef{} << ItemRef::listener(2);
        QTest::newRow("certificate")
            << ItemRef::certificate(0) << ItemRef{} << ItemRef::certificate(1);
    }

    void copyPasteIsOneUndoStep() {
        QFETCH(ItemRef, copied);
        QFETCH(ItemRef, current);
        QFETCH(ItemRef, expected);
        TopologyDocument document;
        document.reset(sampleTopology());
        const QByteArray yaml = itemclipboard::encode(document.topology(), copied);
        QVERIFY(!yaml.isEmpty());
        QString error;
        const QList<ItemRef> added = itemclipboard::paste(&document, yaml, current, &error);
        QVERIFY2(added.size() == 1, qPrintable(error));
        QCOMPARE(added.constFirst(), expected);
        QVERIFY(document.contains(expected));
        QCOMPARE(document.undoStack()->count(), 1);
        // Names stay unique: the copy of a named item gets a new name.
        if (copied.kind == ItemKind::Host)
            QCOMPARE(document.topology().hosts.at(1).host, QStringLiteral("food-2.bar.com"));
        if (copied.kind == ItemKind::Service)
            QCOMPARE(document.topology().services.at(2).name, QStringLiteral("food-2"));
        document.undoStack()->undo();
        QCOMPARE(document.topology(), sampleTopology());
    }

    void rejectsWhatIsNotATopology() {
        TopologyDocument document;
        document.reset(sampleTopology());
        QString error;
        QVERIFY(itemclipboard::paste(&document, "just: [text", {}, &error).isEmpty());
        QVERIFY(!error.isEmpty());
        QCOMPARE(document.undoStack()->count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestItemClipboard)
#include "tst_itemclipboard.moc"
