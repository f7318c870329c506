#include "model/items/servicestablemodel.h"
#include "model/items/topologydocument.h"
#include "tests/model/items/sampleedits.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <QUndoStack>

using namespace ingress;

class TestServicesTableModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void followsEdits_data() {
        QTest::addColumn<QString>("edit");
        for (auto it = edits().cbegin(); it != edits().cend(); ++it)
            QTest::newRow(qPrintable(it.key())) << it.key();
    }

    void followsEdits() {
        QFETCH(QString, edit);
        TopologyDocument document;
        document.reset(sampleTopology());
        ServicesTableModel model(&document);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        DocumentEditor editor(&document);
        const auto verify = [&] {
            QCOMPARE(model.rowCount(), document.topology().services.size());
            for (int i = 0; i < model.rowCount(); ++i)
                QCOMPARE(model.index(i, ServicesTableModel::NameColumn).data().toString(),
                         document.topology().services.at(i).name);
        };
        edits()[edit].apply(editor);
        verify();
        document.undoStack()->undo();
        verify();
        document.undoStack()->redo();
        verify();
    }

    void cellEdits_data() {
        QTest::addColumn<int>("column");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("shown");
        QTest::newRow("name") << int(ServicesTableModel::NameColumn) << QVariant(u"meal"_qs) << true
                              << "meal";
        QTest::newRow("empty name")
            << int(ServicesTableModel::NameColumn) << QVariant(u""_qs) << false << "food";
        QTest::newRow("type") << int(ServicesTableModel::TypeColumn) << QVariant(u"LoadBalancer"_qs)
                              << true << "LoadBalancer";
        QTest::newRow("bad type") << int(ServicesTableModel::TypeColumn) << QVariant(u"Foo"_qs)
                                  << false << "ClusterIP";
        QTest::newRow("port") << int(ServicesTableModel::PortColumn) << QVariant(8080) << true
                              << "8080";
        QTest::newRow("port out of range")
            << int(ServicesTableModel::PortColumn) << QVariant(70000) << false << "80";
        QTest::newRow("balancing")
            << int(ServicesTableModel::BalancingColumn) << QVariant(u"LeastConnections"_qs) << true
            << "LeastConnections";
        QTest::newRow("endpoints read-only")
            << int(ServicesTableModel::EndpointsColumn) << QVariant(u"x"_qs) << false
            << "127.0.0.1:9001, 127.0.0.1:9002 \u00d73";
    }

    void cellEdits() {
        QFETCH(int, column);
        QFETCH(QVariant, value);
        QFETCH(bool, accepted);
        QFETCH(QString, shown);
        TopologyDocument document;
        document.reset(sampleTopology());
        ServicesTableModel model(&document);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex cell = model.index(0, column);
        const QString before = cell.data().toString();
        QCOMPARE(model.setData(cell, value), accepted);
        QCOMPARE(cell.data().toString(), shown);
        QCOMPARE(document.undoStack()->count(), accepted ? 1 : 0);
        if (accepted) {
            document.undoStack()->undo();
            QCOMPARE(cell.data().toString(), before);
        }
    }
};

QTEST_GUILESS_MAIN(TestServicesTableModel)
#include "tst_servicestablemodel.moc"
