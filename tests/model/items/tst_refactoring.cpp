#include "model/items/documenteditor.h"
#include "model/items/topologydocument.h"
#include "model/items/usages.h"
#include "tests/model/items/sampletopology.h"

#include <QTest>
#include <QUndoStack>

using namespace ingress;

// Usages of services, certificates and listeners; renames that rewrite them as one undo step
// after the confirmer agrees; deletes that ask first when something uses the item.
class TestRefactoring : public QObject {
    Q_OBJECT

private:
    static Topology withListenerUse() {
        Topology t = sampleTopology();
        t.hosts[1].listeners = {QStringLiteral("web")};
        return t;
    }

private Q_SLOTS:
    void findsUsages_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("row");
        QTest::addColumn<QStringList>("expected"); // "description|field"
        QTest::newRow("service with default")
            << int(ItemKind::Service) << 0
            << QStringList{"route food.bar.com /|service",
                           "the topology's default service|defaultService"};
        QTest::newRow("service of two routes")
            << int(ItemKind::Service) << 1
            << QStringList{"route abc.bar.com /api|service", "route abc.bar.com /login|service"};
        QTest::newRow("certificate")
            << int(ItemKind::Certificate) << 0 << QStringList{"host food.bar.com|tls"};
        QTest::newRow("listener") << int(ItemKind::Listener) << 0
                                  << QStringList{"host abc.bar.com|listeners"};
        QTest::newRow("unused listener") << int(ItemKind::Listener) << 1 << QStringList{};
        QTest::newRow("hosts are named by nothing") << int(ItemKind::Host) << 0 << QStringList{};
    }
    void findsUsages() {
        QFETCH(int, kind);
        QFETCH(int, row);
        QFETCH(QStringList, expected);
        QStringList found;
        for (const Usage &u : findUsages(withListenerUse(), ItemRef{ItemKind(kind), row, -1}))
            found << u.description + u'|' + u.field;
        QCOMPARE(found, expected);
    }

    void renameRewritesUsagesAsOneStep_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("usages");
        QTest::newRow("service") << int(ItemKind::Service) << 2;
        QTest::newRow("certificate") << int(ItemKind::Certificate) << 1;
        QTest::newRow("listener") << int(ItemKind::Listener) << 1;
    }
    void renameRewritesUsagesAsOneStep() {
        QFETCH(int, kind);
        QFETCH(int, usages);
        TopologyDocument document;
        const Topology before = withListenerUse();
        document.reset(before);
        QList<Refactoring> asked;
        document.setRefactoringConfirmer([&asked](const Refactoring &r) {
            asked << r;
            return true;
        });
        const ItemRef ref{ItemKind(kind), 0, -1};
        DocumentEditor editor(&document);
        switch (ItemKind(kind)) {
        case ItemKind::Service: {
            Service s = document.item<Service>(ref);
            s.name = QStringLiteral("meals");
            QVERIFY(editor.replace(ref, s));
            QCOMPARE(document.topology().hosts.at(0).routes.at(0).service, s.name);
            QCOMPARE(document.topology().defaultService, s.name);
            break;
        }
        case ItemKind::Certificate: {
            Certificate c = document.item<Certificate>(ref);
            c.name = QStringLiteral("wildcard");
            QVERIFY(editor.replace(ref, c));
            QCOMPARE(document.topology().hosts.at(0).tls, c.name);
            break;
        }
        default: {
            Listener l = document.item<Listener>(ref);
            l.name = QStringLiteral("plain");
            QVERIFY(editor.replace(ref, l));
            QCOMPARE(document.topology().hosts.at(1).listeners, QStringList{l.name});
            break;
        }
        }
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.constFirst().kind, Refactoring::Kind::Rename);
        QCOMPARE(asked.constFirst().usages.size(), usages);
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QCOMPARE(document.topology(), before);
        document.undoStack()->redo();
        QVERIFY(document.topology() != before);
    }

    // A service that authenticates (externalAuth) is used by the hosts and routes naming it,
    // also by a route that routes to it as well: one usage each, all renamed in one step.
    void externalAuthFollowsRename() {
        Topology before = sampleTopology();
        const QString food = before.services.at(0).name;
        before.hosts[1].policy.externalAuth =
            ExternalAuth{food, QStringLiteral("/auth"), {}, {}, {}};
        before.hosts[0].routes[0].policy.externalAuth = before.hosts[1].policy.externalAuth;
        QStringList found;
        for (const Usage &u : findUsages(before, ItemRef::service(0)))
            found << u.description + u'|' + u.field;
        QCOMPARE(found,
                 (QStringList{"external auth of route food.bar.com /|policy.externalAuth.service",
                              "route food.bar.com /|service",
                              "external auth of host abc.bar.com|policy.externalAuth.service",
                              "the topology's default service|defaultService"}));
        TopologyDocument document;
        document.reset(before);
        document.setRefactoringConfirmer([](const Refactoring &) { return true; });
        Service s = document.item<Service>(ItemRef::service(0));
        s.name = QStringLiteral("meals");
        QVERIFY(DocumentEditor(&document).replace(ItemRef::service(0), s));
        const Topology &after = document.topology();
        QCOMPARE(after.hosts.at(0).routes.at(0).service, s.name);
        QCOMPARE(after.hosts.at(0).routes.at(0).policy.externalAuth->service, s.name);
        QCOMPARE(after.hosts.at(1).policy.externalAuth->service, s.name);
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QCOMPARE(document.topology(), before);
    }

    void cancelledRenameChangesNothing() {
        TopologyDocument document;
        document.reset(sampleTopology());
        document.setRefactoringConfirmer([](const Refactoring &) { return false; });
        Service s = document.item<Service>(ItemRef::service(1));
        s.name = QStringLiteral("alphabet");
        QVERIFY(!DocumentEditor(&document).replace(ItemRef::service(1), s));
        QCOMPARE(document.topology(), sampleTopology());
        QCOMPARE(document.undoStack()->count(), 0);
        // An edit that renames nothing is not asked about.
        s = document.item<Service>(ItemRef::service(1));
        s.port = 8080;
        QVERIFY(DocumentEditor(&document).replace(ItemRef::service(1), s));
        QCOMPARE(document.undoStack()->count(), 1);
    }

    void removeAsksWhenUsed_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("row");
        QTest::addColumn<bool>("asks");
        QTest::newRow("used service") << int(ItemKind::Service) << 1 << true;
        QTest::newRow("used certificate") << int(ItemKind::Certificate) << 0 << true;
        QTest::newRow("unused listener") << int(ItemKind::Listener) << 1 << false;
        QTest::newRow("host") << int(ItemKind::Host) << 0 << false;
    }
    void removeAsksWhenUsed() {
        QFETCH(int, kind);
        QFETCH(int, row);
        QFETCH(bool, asks);
        for (const bool agree : {false, true}) {
            TopologyDocument document;
            document.reset(sampleTopology());
            int asked = 0;
            document.setRefactoringConfirmer([&](const Refactoring &r) {
                ++asked;
                return r.kind == Refactoring::Kind::Remove && agree;
            });
            const bool removed = DocumentEditor(&document).remove({ItemKind(kind), row, -1});
            QCOMPARE(asked, asks ? 1 : 0);
            QCOMPARE(removed, !asks || agree);
            QCOMPARE(document.undoStack()->count(), removed ? 1 : 0);
        }
    }

    void topologyPropertiesAreUndoable() {
        TopologyDocument document;
        document.reset(sampleTopology());
        DocumentEditor editor(&document);
        editor.setDefaultService(QStringLiteral("abc"));
        editor.setName(QStringLiteral("shop-2"));
        editor.setName(QStringLiteral("shop-3")); // typing merges
        QCOMPARE(document.topology().defaultService, QStringLiteral("abc"));
        QCOMPARE(document.topology().name, QStringLiteral("shop-3"));
        QCOMPARE(document.undoStack()->count(), 2);
        document.undoStack()->undo();
        QCOMPARE(document.topology().name, QStringLiteral("shop"));
        document.undoStack()->undo();
        QCOMPARE(document.topology().defaultService, QStringLiteral("food"));
    }
};

QTEST_GUILESS_MAIN(TestRefactoring)
#include "tst_refactoring.moc"
