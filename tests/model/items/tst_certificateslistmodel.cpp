#include "model/items/certificateslistmodel.h"
#include "model/items/itemroles.h"
#include "model/items/topologydocument.h"
#include "tests/model/items/sampleedits.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <QUndoStack>

using namespace ingress;

class TestCertificatesListModel : public QObject {
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
        CertificatesListModel model(&document);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        DocumentEditor editor(&document);
        const auto verify = [&] {
            QCOMPARE(model.rowCount(), document.topology().certificates.size());
            for (int i = 0; i < model.rowCount(); ++i) {
                QCOMPARE(model.index(i).data().toString(),
                         document.topology().certificates.at(i).name);
                QCOMPARE(model.index(i).data(ItemRefRole).value<ItemRef>(),
                         ItemRef::certificate(i));
            }
        };
        edits()[edit].apply(editor);
        verify();
        document.undoStack()->undo();
        verify();
        document.undoStack()->redo();
        verify();
    }

    void rename_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("new name") << "foo-com" << true;
        QTest::newRow("blank") << "  " << false;
    }

    void rename() {
        QFETCH(QString, name);
        QFETCH(bool, accepted);
        TopologyDocument document;
        document.reset(sampleTopology());
        CertificatesListModel model(&document);
        QCOMPARE(model.setData(model.index(0), name), accepted);
        QCOMPARE(document.topology().certificates.at(0).name,
                 accepted ? name : QStringLiteral("bar-com"));
        QVERIFY(model.index(0).data(Qt::ToolTipRole).toString().contains(u"keychain"));
    }
};

QTEST_GUILESS_MAIN(TestCertificatesListModel)
#include "tst_certificateslistmodel.moc"
