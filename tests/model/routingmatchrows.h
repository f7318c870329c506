#pragma once

// The data-driven RoutingTable::match tests (tst_routinghosts, tst_routingpaths,
// tst_routingrewrites) share their columns, their rows' shape and the check of one row.
#include "model/routing/routingtable.h"
#include "tests/model/routingfixtures.h"
#include "tests/model/routingrequest.h"

#include <QString>
#include <QStringList>
#include <QTest>

namespace ingress::testing {

inline Topology namedFixture(const QString &name) {
    if (name == u"k8s")
        return kubernetesExamples();
    if (name == u"nodefault")
        return noDefault();
    if (name == u"gateway")
        return gatewayRouting();
    return shop();
}

inline QString kindName(RouteMatch::Kind kind) {
    switch (kind) {
    case RouteMatch::Kind::Route:
        return QStringLiteral("route");
    case RouteMatch::Kind::DefaultService:
        return QStringLiteral("default");
    case RouteMatch::Kind::NoMatch:
        break;
    }
    return QStringLiteral("none");
}

inline void addMatchColumns() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("listener");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QString>("kind");        // route | default | none
    QTest::addColumn<QString>("hostPattern"); // chosen virtual host, "" for none
    QTest::addColumn<int>("routeIndex");
    QTest::addColumn<QString>("service"); // "" for none
    QTest::addColumn<QString>("upstream");
    QTest::addColumn<QString>("redirect"); // "CODE LOCATION" or ""
}

inline void matchRow(const char *name, const char *fix, int listener, const char *method,
                     const char *host, const char *target, QStringList headers, const char *kind,
                     const char *pattern, int routeIndex, const char *service, const char *upstream,
                     const char *redirect = "") {
    QTest::newRow(name) << QString::fromLatin1(fix) << listener << QString::fromLatin1(method)
                        << QString::fromLatin1(host) << QString::fromLatin1(target) << headers
                        << QString::fromLatin1(kind) << QString::fromLatin1(pattern) << routeIndex
                        << QString::fromLatin1(service) << QString::fromLatin1(upstream)
                        << QString::fromLatin1(redirect);
}

// Checks the current row of a table made with addMatchColumns().
inline void verifyMatch() {
    QFETCH(QString, fixture);
    QFETCH(int, listener);
    QFETCH(QString, method);
    QFETCH(QString, host);
    QFETCH(QString, target);
    QFETCH(QStringList, headers);
    QFETCH(QString, kind);
    QFETCH(QString, hostPattern);
    QFETCH(int, routeIndex);
    QFETCH(QString, service);
    QFETCH(QString, upstream);
    QFETCH(QString, redirect);

    const RoutingTablePtr table = RoutingTable::compile(namedFixture(fixture));
    const Request request(listener, method, host, target, headers);
    MatchTrace trace;
    // The untraced hot path and the traced walk must agree on every case.
    for (MatchTrace *t : {static_cast<MatchTrace *>(nullptr), &trace}) {
        const RouteMatch m = table->match(request.info, t);
        QCOMPARE(kindName(m.kind), kind);
        QCOMPARE(m.host ? QString::fromStdString(m.host->pattern) : QString(), hostPattern);
        QCOMPARE(m.route ? m.route->index : -1, routeIndex);
        QCOMPARE(m.service ? QString::fromStdString(m.service->name) : QString(), service);
        if (m.matched())
            QCOMPARE(QString::fromStdString(m.upstreamPath), upstream);
        const QString actualRedirect = m.redirect
                                           ? QStringLiteral("%1 %2")
                                                 .arg(m.redirect->code)
                                                 .arg(QString::fromStdString(m.redirect->location))
                                           : QString();
        QCOMPARE(actualRedirect, redirect);
    }
    QVERIFY(!trace.empty());
}

} // namespace ingress::testing
