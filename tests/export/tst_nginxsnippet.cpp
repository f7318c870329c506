// A raw nginx snippet read as nginx reads its configuration: words, single and double quotes,
// backslash escapes, `#` comments, `;`, `{ }` blocks taken whole; what nginx refuses (an
// unterminated quote or block, a stray brace, a missing `;`, a NUL character) is an error with
// its line and no directives.
#include "export/nginxsnippet.h"

#include <QTest>

using ingress::kubeimport::NginxSnippet;

class TestNginxSnippet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
};

void TestNginxSnippet::parse_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("directives"); // "LINE name|arg|arg", "{ }" for a block
    QTest::addColumn<QString>("error");          // "LINE: why", or empty

    QTest::newRow("words and quotes")
        << QStringLiteral("more_set_headers \"X-A: 1\" 'X-B: two words';\nadd_header X-C c;")
        << QStringList{"1 more_set_headers|X-A: 1|X-B: two words", "2 add_header|X-C|c"}
        << QString();
    QTest::newRow("escapes") << QStringLiteral("add_header X \"a \\\"quoted\\\" \\\\ \\x\";")
                             << QStringList{"1 add_header|X|a \"quoted\" \\ \\x"} << QString();
    QTest::newRow("comments")
        << QStringLiteral("# a comment; with { braces\nallow 10.0.0.0/8; # trailing\ndeny all;")
        << QStringList{"2 allow|10.0.0.0/8", "3 deny|all"} << QString();
    QTest::newRow("hash inside a word or quote")
        << QStringLiteral("add_header X a#b;\nadd_header Y \"#c\";")
        << QStringList{"1 add_header|X|a#b", "2 add_header|Y|#c"} << QString();
    QTest::newRow("block skipped whole")
        << QStringLiteral("if ($http_x = \"}\") {\n  return 403; # }\n  if ($a) { set $b 1; }\n}\n"
                          "deny all;")
        << QStringList{"1 if|($http_x|=|}|) { }", "5 deny|all"} << QString();
    QTest::newRow("empty argument")
        << QStringLiteral("proxy_set_header Accept-Encoding \"\";")
        << QStringList{"1 proxy_set_header|Accept-Encoding|"} << QString();
    QTest::newRow("unterminated quote")
        << QStringLiteral("add_header X-A 1;\nmore_set_headers \"X-B: 2;\n") << QStringList{}
        << QStringLiteral("2: the quote (\") opened here is not closed");
    QTest::newRow("unterminated quote in a block")
        << QStringLiteral("if ($a) {\n  return 200 'x;\n}") << QStringList{}
        << QStringLiteral("2: the quote (') opened here is not closed");
    QTest::newRow("block not closed")
        << QStringLiteral("deny all;\nlocation /x {\n  if ($a) { return 403; }\n") << QStringList{}
        << QStringLiteral("2: the '{' of 'location' is not closed");
    QTest::newRow("stray brace") << QStringLiteral("deny all;\n}\n") << QStringList{}
                                 << QStringLiteral("2: unexpected '}'");
    QTest::newRow("no semicolon") << QStringLiteral("deny all;\nadd_header X-A 1") << QStringList{}
                                  << QStringLiteral("2: 'add_header X-A 1' does not end with ';'");
    QTest::newRow("word after a quote") << QStringLiteral("add_header \"X\"y 1;") << QStringList{}
                                        << QStringLiteral("1: unexpected 'y' after a quoted word");
    QTest::newRow("NUL") << QStringLiteral("deny all;\nadd_header X a") + QChar(0) +
                                QStringLiteral("b;")
                         << QStringList{}
                         << QStringLiteral("2: it holds a NUL character, which nginx refuses in "
                                           "its configuration");
}

void TestNginxSnippet::parse() {
    QFETCH(QString, text);
    QFETCH(QStringList, directives);
    QFETCH(QString, error);
    const NginxSnippet snippet = NginxSnippet::parse(text);
    QStringList got;
    for (const auto &d : snippet.directives)
        got << QStringLiteral("%1 %2%3").arg(d.line).arg(
            QStringList(QStringList{d.name} + d.args).join(u'|'),
            d.block ? QStringLiteral(" { }") : QString());
    QCOMPARE(got, directives);
    QCOMPARE(snippet.error.isEmpty()
                 ? QString()
                 : QStringLiteral("%1: %2").arg(snippet.errorLine).arg(snippet.error),
             error);
}

QTEST_GUILESS_MAIN(TestNginxSnippet)
#include "tst_nginxsnippet.moc"
