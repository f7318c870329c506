// What the canvas marks on its nodes: problem badges on the item at fault, the default
// service, policy shields on hosts and routes, and long names shortened between their parts
// with the full text in the tooltip.
#include "model/items/documenteditor.h"
#include "tests/common/topologybuilders.h"
#include "tests/ui/mainwindowfixture.h"
#include "ui/canvas/canvasedgeitem.h"
#include "ui/canvas/canvasnodeitem.h"
#include "ui/canvas/topologycanvas.h"
#include "ui/selectionhub.h"

#include <QAction>
#include <QImage>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::testing;

namespace {

Topology base() {
    Topology t;
    t.name = QStringLiteral("markers");
    t.listeners = {listener(QStringLiteral("web"), QStringLiteral("127.0.0.1:8080"))};
    t.services = {service(QStringLiteral("food")), service(QStringLiteral("abc"))};
    t.hosts = {
        host(QStringLiteral("food.bar.com"), {prefix(QStringLiteral("/"), QStringLiteral("food"))}),
        host(QStringLiteral("abc.bar.com"),
             {prefix(QStringLiteral("/api"), QStringLiteral("abc")),
              prefix(QStringLiteral("/login"), QStringLiteral("abc"))})};
    return t;
}

} // namespace

class TestCanvasMarkers : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    ui::testing::ScriptedPrompter m_prompter;
    std::unique_ptr<MainWindow> m_window;

    TopologyCanvas *canvas() const { return m_window->canvas(); }
    TopologyDocument *document() const { return m_window->document(); }

    void open(const Topology &t) {
        m_window = ui::testing::makeTestWindow(m_prompter, m_dir.path());
        document()->reset(t);
        document()->validateNow();
        m_window->resize(1400, 900);
        m_window->show();
        canvas()->relayoutNow();
        QCoreApplication::processEvents();
    }

    CanvasNodeItem *item(ItemRef ref) const { return canvas()->itemFor(ref); }

    bool hasProblem(ItemRef ref) const {
        const CanvasNodeItem *node = item(ref);
        return node && node->problem().has_value();
    }

    // The services wearing the "default" tag, and the services the dashed edges lead to.
    QList<int> defaultTagged() const {
        QList<int> rows;
        for (int s = 0; s < document()->topology().services.size(); ++s)
            if (item(ItemRef::service(s)) && item(ItemRef::service(s))->isDefaultService())
                rows << s;
        return rows;
    }
    QList<int> fallbackTargets() const {
        QList<int> rows;
        const CanvasLayout &layout = canvas()->layout();
        for (int s = 0; s < document()->topology().services.size(); ++s)
            for (int edge : layout.edgesOf(layout.nodeFor(ItemRef::service(s))))
                if (layout.edges()[std::size_t(edge)].fallback && canvas()->edgeItem(edge) &&
                    canvas()->edgeItem(edge)->isFallback() && !rows.contains(s))
                    rows << s;
        return rows;
    }

    // The colour painted where a node's policy shield goes: inside the badge's disc, beside
    // the shield, above the node's own frame (transparent when there is no badge).
    static QColor shieldPixel(CanvasNodeItem *node) {
        const QRectF r = node->boundingRect();
        QImage image(r.size().toSize() + QSize(2, 2), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.translate(-r.topLeft());
        QStyleOptionGraphicsItem option;
        node->paint(&painter, &option, nullptr);
        painter.end();
        // Where policyBadgeRect() is on a node with a policy (14 wide, 16 from the right).
        const qreal width = r.width() - 11;
        const QPointF badgeCentre(width - 23, 0);
        if (node->hasPolicy() && node->policyBadgeRect().center() != badgeCentre)
            return Qt::red; // the badge moved: this test must follow it

        return image.pixelColor((badgeCentre + QPointF(-5, -3) - r.topLeft()).toPoint());
    }

    bool hasShield(ItemRef ref) const {
        CanvasNodeItem *node = item(ref);
        return node && node->hasPolicy();
    }

private Q_SLOTS:
    void cleanup() { m_window.reset(); }

    // A host or route with a policy wears a shield; its tooltip lists the parts, a route's
    // the effective ones with those from its host marked so.
    void policyShieldOnHostsAndRoutes() {
        Topology t = base();
        t.hosts[0].policy.allow = {QStringLiteral("10.0.0.0/8")};
        t.hosts[0].policy.rateLimit = RateLimit{};
        t.hosts[1].routes[1].policy.basicAuth =
            BasicAuth{QStringLiteral("abc.htpasswd"), QStringLiteral("ABC"), {}};
        open(t);

        CanvasNodeItem *shop = item(ItemRef::virtualHost(0));
        QVERIFY(shop && shop->hasPolicy());
        QVERIFY(shop->boundingRect().contains(shop->policyBadgeRect()));
        QVERIFY2(shop->toolTip().contains(QStringLiteral("Allow only 10.0.0.0/8")),
                 qPrintable(shop->toolTip()));
        QVERIFY(shop->toolTip().contains(QStringLiteral("Rate limit: 10 per second")));
        const QColor painted = shieldPixel(shop);
        QVERIFY2(painted.alpha() > 200 && painted.green() > painted.red(),
                 qPrintable(painted.name(QColor::HexArgb)));

        // The host's route takes it all from the host.
        CanvasNodeItem *inherited = item(ItemRef::route(0, 0));
        QVERIFY(inherited && inherited->hasPolicy());
        QCOMPARE(inherited->policy().size(), 2);
        for (const QString &line : inherited->policy())
            QVERIFY2(line.endsWith(QStringLiteral("(from host)")), qPrintable(line));

        // No policy on the other host: no shield there, nor on its route without one.
        QVERIFY(!hasShield(ItemRef::virtualHost(1)));
        QCOMPARE(shieldPixel(item(ItemRef::virtualHost(1))).alpha(), 0);
        QVERIFY(!hasShield(ItemRef::route(1, 0)));
        QVERIFY(hasShield(ItemRef::route(1, 1)));
        QCOMPARE(item(ItemRef::route(1, 1))->policy(),
                 QStringList{QStringLiteral("Basic auth: abc.htpasswd, realm ABC")});

        // An edit of the host reaches its routes; undo takes it away again.
        VirtualHost abc = document()->topology().hosts.at(1);
        abc.policy.connectionLimit = 5;
        DocumentEditor(document()).replace(ItemRef::virtualHost(1), abc);
        QTRY_VERIFY(hasShield(ItemRef::virtualHost(1)));
        QTRY_VERIFY(hasShield(ItemRef::route(1, 0)));
        QVERIFY(item(ItemRef::route(1, 1))->policy().size() == 2);
        document()->undoStack()->undo();
        QTRY_VERIFY(item(ItemRef::virtualHost(1)) && !hasShield(ItemRef::virtualHost(1)));
        QTRY_VERIFY(item(ItemRef::route(1, 0)) && !hasShield(ItemRef::route(1, 0)));
    }

    // Items made in the GUI carry no source position and share the duplicate's name: the
    // badge must still land on the item the rule is about.
    void badgeLandsOnTheCulprit_data() {
        QTest::addColumn<int>("problem");
        QTest::addColumn<ItemRef>("culprit");
        QTest::addColumn<ItemRef>("innocent");
        QTest::newRow("duplicate host") << 0 << ItemRef::virtualHost(2) << ItemRef::virtualHost(1);
        QTest::newRow("route without a service")
            << 1 << ItemRef::route(1, 1) << ItemRef::virtualHost(1);
    }

    void badgeLandsOnTheCulprit() {
        QFETCH(int, problem);
        QFETCH(ItemRef, culprit);
        QFETCH(ItemRef, innocent);
        Topology t = base();
        if (problem == 0)
            t.hosts.append(t.hosts[1]);
        else
            t.hosts[1].routes[1].service.clear();
        open(t);
        QVERIFY(!document()->diagnostics().isEmpty());
        QVERIFY(item(culprit) && item(innocent));
        QVERIFY(hasProblem(culprit));
        QVERIFY(!hasProblem(innocent));
    }

    void defaultServiceIsMarkedAndFollowsEdits() {
        Topology t = base();
        t.defaultService = QStringLiteral("food");
        open(t);
        QCOMPARE(defaultTagged(), QList<int>{0});
        QCOMPARE(fallbackTargets(), QList<int>{0});
        QVERIFY(item(ItemRef::service(0))->toolTip().contains(QStringLiteral("default")));

        // Through the menu, as a user would: select "abc", Edit > Default Service.
        m_window->selection()->setCurrent(ItemRef::service(1));
        QAction *action = m_window->findChild<QAction *>(QStringLiteral("actionDefaultService"));
        QVERIFY(action && action->isEnabled() && !action->isChecked());
        action->trigger();
        QCOMPARE(document()->topology().defaultService, QStringLiteral("abc"));
        QTRY_COMPARE(defaultTagged(), QList<int>{1});
        QCOMPARE(fallbackTargets(), QList<int>{1});
        QVERIFY(action->isChecked());

        document()->undoStack()->undo();
        QTRY_COMPARE(defaultTagged(), QList<int>{0});
        QCOMPARE(fallbackTargets(), QList<int>{0});
        QVERIFY(!action->isChecked());

        document()->undoStack()->redo();
        QTRY_COMPARE(defaultTagged(), QList<int>{1});
        // Unchecking it: no default service, no marker, no dashed edge.
        action->trigger();
        QVERIFY(document()->topology().defaultService.isEmpty());
        QTRY_VERIFY(defaultTagged().isEmpty());
        QVERIFY(fallbackTargets().isEmpty());
    }

    void longNamesAreShortenedBetweenParts_data() {
        QTest::addColumn<bool>("isHost");
        QTest::addColumn<QString>("text");
        QTest::newRow("host name")
            << true << "api.payments-internal.eu-west-1.staging.cluster-a.example.com";
        QTest::newRow("listener address")
            << false << "[2001:db8:1234:5678:9abc:def0:1234:5678]:8443";
    }

    void longNamesAreShortenedBetweenParts() {
        QFETCH(bool, isHost);
        QFETCH(QString, text);
        Topology t = base();
        if (isHost)
            t.hosts[0].host = text;
        else
            t.listeners[0].bind = text;
        open(t);
        const ItemRef ref = isHost ? ItemRef::virtualHost(0) : ItemRef::listener(0);
        CanvasNodeItem *node = item(ref);
        QVERIFY(node);
        const QString shown = isHost ? node->shownLabel() : node->shownDetail();
        const QString full = isHost ? text : QStringLiteral("HTTP ") + text;
        const QChar ellipsis(0x2026);
        QVERIFY2(shown.contains(ellipsis), qPrintable(shown));
        // Whole parts on both sides: the head ends at a separator, the tail starts after one.
        const QString head = shown.section(ellipsis, 0, 0);
        const QString tail = shown.section(ellipsis, 1);
        const QString separators = isHost ? QStringLiteral(".") : QStringLiteral(" .:");
        QVERIFY2(full.startsWith(head) && (head.isEmpty() || separators.contains(head.back())),
                 qPrintable(shown));
        QVERIFY2(full.endsWith(tail) && (tail.isEmpty() || separators.contains(full.at(
                                                               full.size() - tail.size() - 1))),
                 qPrintable(shown));
        QVERIFY2(!head.isEmpty() || !tail.isEmpty(), qPrintable(shown));
        QVERIFY2(node->toolTip().contains(text), qPrintable(node->toolTip()));
    }
};

QTEST_MAIN(TestCanvasMarkers)
#include "tst_canvasmarkers.moc"
