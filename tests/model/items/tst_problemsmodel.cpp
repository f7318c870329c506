#include "model/items/culpritlocator.h"
#include "model/items/itemroles.h"
#include "model/items/problemsmodel.h"
#include "model/items/topologydocument.h"
#include "model/validation/validator.h"
#include "tests/model/items/sampleedits.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace ingress;

class TestProblemsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsLoadDiagnosticsErrorsFirst() {
        TopologyDocument document;
        ProblemsModel model(&document);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Diagnostic warning{Severity::Warning,
                           QStringLiteral("unknown-field"),
                           QStringLiteral("unknown field 'foo'"),
                           QStringLiteral("/x/shop.yaml"),
                           {3, 5}};
        Diagnostic error{Severity::Error,
                         QStringLiteral("bad"),
                         QStringLiteral("broken"),
                         QStringLiteral("/x/shop.yaml"),
                         {7, 1}};
        document.reset(sampleTopology(), QString(), {warning, error});
        QVERIFY(model.rowCount() >= 2);
        QCOMPARE(model.index(0, ProblemsModel::SeverityColumn).data(SeverityRole).toInt(),
                 int(Severity::Error));
        bool sawWarning = false;
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.index(row, ProblemsModel::MessageColumn).data().toString() ==
                warning.message) {
                sawWarning = true;
                QCOMPARE(model.index(row, ProblemsModel::LocationColumn).data().toString(),
                         QStringLiteral("shop.yaml:3:5"));
            }
        QVERIFY(sawWarning);
        QVERIFY(model.errorCount() >= 1);
        QVERIFY(model.warningCount() >= 1);
    }

    void locatesCulprit_data() {
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::addColumn<ItemRef>("expected");
        QTest::newRow("inside a route") << 21 << QString() << ItemRef::route(1, 0);
        QTest::newRow("on a host line") << 20 << QString() << ItemRef::virtualHost(1);
        QTest::newRow("service by line") << 11 << QString() << ItemRef::service(0);
        QTest::newRow("no position, quoted service")
            << 0 << "service 'abc' has no endpoints" << ItemRef::service(1);
        QTest::newRow("no position, quoted host")
            << 0 << "host \"food.bar.com\" repeats" << ItemRef::virtualHost(0);
        QTest::newRow("nothing") << 0 << "something" << ItemRef{};
    }

    void locatesCulprit() {
        QFETCH(int, line);
        QFETCH(QString, message);
        QFETCH(ItemRef, expected);
        Topology t = sampleTopology();
        t.listeners[0].src.node = {2, 5};
        t.services[0].src.node = {10, 5};
        t.services[1].src.node = {14, 5};
        t.hosts[0].src.node = {17, 5};
        t.hosts[0].routes[0].src.node = {18, 9};
        t.hosts[1].src.node = {20, 5};
        t.hosts[1].routes[0].src.node = {21, 9};
        t.hosts[1].routes[1].src.node = {23, 9};
        Diagnostic d;
        d.message = message;
        d.location = {line, line ? 12 : 0};
        QCOMPARE(locateCulprit(t, d), expected);
    }

    // Items made in the GUI have no source position, and the message names the host, which
    // the original and its duplicate share: only the rule knows which item it was looking at.
    void validatorNamesTheCulprit_data() {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<ItemRef>("expected");
        QTest::newRow("the duplicate host, not the original")
            << "duplicate-host" << ItemRef::virtualHost(2);
        QTest::newRow("the route without a service, not its host")
            << "route-without-target" << ItemRef::route(1, 1);
        QTest::newRow("the route naming a missing service")
            << "unknown-service" << ItemRef::route(0, 0);
        QTest::newRow("the later of two equal routes") << "duplicate-route" << ItemRef::route(1, 2);
        QTest::newRow("a service") << "service-without-endpoints" << ItemRef::service(1);
    }

    void validatorNamesTheCulprit() {
        QFETCH(QString, rule);
        QFETCH(ItemRef, expected);
        Topology t = sampleTopology();
        t.certificates.clear();
        t.hosts[0].tls.clear();
        t.hosts[0].routes[0].service = QStringLiteral("missing");
        t.hosts[1].routes[1].service.clear();
        t.hosts[1].routes.append(t.hosts[1].routes[0]);
        t.hosts.append(t.hosts[0]);
        t.services[1].endpoints.clear();
        const Diagnostics found = Validator::validate(t);
        const auto it = std::find_if(found.begin(), found.end(),
                                     [&](const Diagnostic &d) { return d.ruleId == rule; });
        QVERIFY2(it != found.end(), qPrintable(rule));
        QCOMPARE(locateCulprit(t, *it), expected);
    }
};

QTEST_GUILESS_MAIN(TestProblemsModel)
#include "tst_problemsmodel.moc"
