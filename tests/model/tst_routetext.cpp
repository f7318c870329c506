#include "model/topology/routetext.h"

#include <QTest>

using namespace ingress;

// The one-line syntaxes the property editor edits route conditions and filters with: what is
// parsed formats back to the same text, and malformed text says why.
class TestRouteText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("text");
        QTest::newRow("exact header") << "values"
                                      << "X-Env: prod";
        QTest::newRow("regex and exact") << "values"
                                         << "X-Env ~ prod|staging; X-A: 1";
        QTest::newRow("value with colon") << "values"
                                          << "X-Time: 12:30";
        QTest::newRow("empty values") << "values"
                                      << "";
        QTest::newRow("filter") << "filter"
                                << "set X-A: 1; add X-B: two words; remove X-C, X-D";
        QTest::newRow("filter remove only") << "filter"
                                            << "remove Server";
        QTest::newRow("mirrors") << "mirrors"
                                 << "shadow 10%, audit, off 0%";
        QTest::newRow("one match") << "matches"
                                   << "=/login; method POST, PUT";
        QTest::newRow("several matches")
            << "matches"
            << "/api; header X-Env: prod; query v ~ [0-9]+ | ~^/a|b$ | =/x";
    }
    void roundTrip() {
        QFETCH(QString, kind);
        QFETCH(QString, text);
        QString error;
        QString formatted;
        if (kind == u"values") {
            const auto parsed = routetext::parseValueMatches(text, &error);
            QVERIFY2(parsed, qPrintable(error));
            formatted = routetext::formatValueMatches(*parsed);
        } else if (kind == u"filter") {
            const auto parsed = routetext::parseHeaderFilter(text, &error);
            QVERIFY2(parsed, qPrintable(error));
            formatted = routetext::formatHeaderFilter(*parsed);
        } else if (kind == u"mirrors") {
            const auto parsed = routetext::parseMirrors(text, &error);
            QVERIFY2(parsed, qPrintable(error));
            formatted = routetext::formatMirrors(*parsed);
        } else {
            const auto parsed = routetext::parseMatches(text, &error);
            QVERIFY2(parsed, qPrintable(error));
            formatted = routetext::formatMatches(*parsed);
        }
        QCOMPARE(formatted, text);
    }

    void parsesInFormatTerms() {
        const auto matches =
            routetext::parseMatches(QStringLiteral("~^/v[0-9]+/(a|b)$; query q ~ x|y | /api"));
        QVERIFY(matches);
        QCOMPARE(matches->size(), 2);
        QCOMPARE(matches->at(0).pathType, PathType::Regex);
        QCOMPARE(matches->at(0).path, QStringLiteral("^/v[0-9]+/(a|b)$"));
        QCOMPARE(matches->at(0).queryParams.at(0).type, ValueMatch::RegularExpression);
        QCOMPARE(matches->at(0).queryParams.at(0).value, QStringLiteral("x|y"));
        QCOMPARE(matches->at(1).pathType, PathType::Prefix);
        const auto mirrors = routetext::parseMirrors(QStringLiteral("shadow"));
        QVERIFY(mirrors);
        QCOMPARE(mirrors->at(0).percent, 100);
    }

    void malformed_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("value without separator") << "values"
                                                 << "X-Env"
                                                 << "Name: value";
        QTest::newRow("value without name") << "values"
                                            << ": x"
                                            << "Name: value";
        QTest::newRow("filter verb") << "filter"
                                     << "replace X-A: 1"
                                     << "set Name: value";
        QTest::newRow("filter without value") << "filter"
                                              << "set X-A"
                                              << "set Name: value";
        QTest::newRow("remove nothing") << "filter"
                                        << "remove"
                                        << "remove which";
        QTest::newRow("percent over 100") << "mirrors"
                                          << "shadow 150%"
                                          << "0-100%";
        QTest::newRow("percent without sign") << "mirrors"
                                              << "shadow 10"
                                              << "PERCENT%";
        QTest::newRow("match condition") << "matches"
                                         << "/a; cookie x: 1"
                                         << "method M";
        QTest::newRow("match header") << "matches"
                                      << "/a; header X"
                                      << "Name: value";
    }
    void malformed() {
        QFETCH(QString, kind);
        QFETCH(QString, text);
        QFETCH(QString, says);
        QString error;
        const bool parsed = kind == u"values"    ? bool(routetext::parseValueMatches(text, &error))
                            : kind == u"filter"  ? bool(routetext::parseHeaderFilter(text, &error))
                            : kind == u"mirrors" ? bool(routetext::parseMirrors(text, &error))
                                                 : bool(routetext::parseMatches(text, &error));
        QVERIFY(!parsed);
        QVERIFY2(error.contains(says), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRouteText)
#include "tst_routetext.moc"
