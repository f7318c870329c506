#pragma once

// What the ingress-nginx annotation tests (tst_ingressnginxannotations, tst_ingressnginxpolicies)
// share: an annotated Ingress (and its canary) as a manifest, and views of the import's result.

#include "model/routing/headerlist.h"
#include "model/routing/routingtable.h"
#include "model/topology/diagnostic.h"
#include "model/validation/validator.h"
#include "tests/common/diagnosticstext.h"

#include <initializer_list>
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTest>

namespace ingress::ingressnginxtest {

using testing::dump;

// A main Ingress for food.bar.com/ -> food and, when `canary` is given, a canary Ingress for the
// same host and path -> food-canary with those annotations. `main` annotates the main one.
inline QByteArray manifests(const QByteArray &main, const QByteArray &canary) {
    auto ingress = [](const QByteArray &name, const QByteArray &service,
                      const QByteArray &annotations) {
        return "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: " + name +
               (annotations.isEmpty() ? QByteArray() : "\n  annotations:\n" + annotations) +
               "\nspec:\n  rules:\n  - host: food.bar.com\n    http:\n      paths:\n      - path: "
               "/\n        pathType: Prefix\n        backend:\n          service:\n            "
               "name: " +
               service + "\n            port: {number: 80}\n";
    };
    QByteArray yaml = ingress("food", "food", main);
    if (!canary.isEmpty())
        yaml += "---\n" + ingress("food-canary", "food-canary",
                                  "    nginx.ingress.kubernetes.io/canary: \"true\"\n" + canary);
    return yaml;
}

// "SERVICE PATH", "CODE LOCATION" for a redirect, or "404".
inline QString answer(const RoutingTable &table, const QString &path, const QByteArray &header,
                      const char *host = "food.bar.com", int listener = 0) {
    HeaderList headers;
    if (const qsizetype colon = header.indexOf(':'); colon > 0)
        headers.add(header.left(colon).trimmed().toLower().toStdString(),
                    header.mid(colon + 1).trimmed().toStdString());
    const std::string p = path.toStdString();
    RequestInfo request;
    request.listener = listener;
    request.host = host;
    request.path = p;
    request.headers = &headers;
    const RouteMatch match = table.match(request);
    if (match.redirect)
        return QStringLiteral("%1 %2")
            .arg(match.redirect->code)
            .arg(QString::fromStdString(match.redirect->location));
    if (!match.service)
        return QStringLiteral("404");
    return QString::fromStdString(match.service->name + ' ' + match.upstreamPath);
}

// nginx.ingress.kubernetes.io/ annotations, one a line, for manifests().
inline QByteArray nginx(std::initializer_list<const char *> lines) {
    QByteArray yaml;
    for (const char *line : lines)
        yaml += QByteArray("    nginx.ingress.kubernetes.io/") + line + '\n';
    return yaml;
}

// F5 NGINX Ingress Controller's nginx.org/ annotations, one a line, for manifests().
inline QByteArray nginxOrg(std::initializer_list<const char *> lines) {
    QByteArray yaml;
    for (const char *line : lines)
        yaml += QByteArray("    nginx.org/") + line + '\n';
    return yaml;
}

// Every line is in the report; one starting with ':' is a place in annotated.yaml.
inline void expectReport(const Diagnostics &diagnostics, const QStringList &lines) {
    const QString report = dump(diagnostics);
    for (const QString &line : lines)
        QVERIFY2(
            report.contains(line.startsWith(u':') ? QStringLiteral("annotated.yaml") + line : line),
            qPrintable(QStringLiteral("expected: %1\nreport:\n%2").arg(line, report)));
}

// expectReport, and then that what the import wrote is valid (files it names are not read).
inline void expectReportAndValid(const Diagnostics &diagnostics, const QStringList &lines,
                                 const Topology &topology) {
    expectReport(diagnostics, lines);
    if (QTest::currentTestFailed())
        return;
    const Diagnostics problems = Validator::validate(topology);
    QVERIFY2(!hasErrors(problems), qPrintable(dump(problems)));
}

} // namespace ingress::ingressnginxtest
