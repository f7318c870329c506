// What the loader says about bad input: syntax errors and hostile YAML (alias bombs, deep
// nesting, huge files) with the line and column of each problem, unknown fields, many problems
// at once, and files it cannot read. Reading good files: tst_topologyloader.
#include "model/yaml/topologyloader.h"
#include "tests/common/diagnosticstext.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;

namespace {

const QByteArray header = "apiVersion: ingress-studio/v1\nkind: Topology\n";

// 'billion laughs': ten levels of ten aliases each, a few hundred bytes, 10^10 nodes expanded.
QByteArray aliasBomb() {
    QByteArray yaml = header + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int level = 1; level < 10; ++level) {
        const QByteArray previous = "*a" + QByteArray::number(level - 1);
        QByteArray line =
            "a" + QByteArray::number(level) + ": &a" + QByteArray::number(level) + " [";
        for (int i = 0; i < 10; ++i)
            line += (i ? ", " : "") + previous;
        yaml += line + "]\n";
    }
    return yaml;
}

} // namespace

class TestTopologyLoaderDiagnostics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badInput_data() {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("messagePart");

        // Syntax.
        QTest::newRow("tab indentation") << header + "listeners:\n\t- name: web\n"
                                         << "yaml-syntax" << 4 << 2 << "tab";
        QTest::newRow("wrong indentation") << header + "metadata:\n  name: a\n kind: b\n"
                                           << "yaml-syntax" << 5 << 2 << "map";
        QTest::newRow("unterminated double quote")
            << header + "metadata:\n  name: \"shop\nlisteners: []\n"
            << "yaml-syntax" << 4 << 9 << "unterminated";
        QTest::newRow("unterminated single quote") << header + "defaultService: 'x\n"
                                                   << "yaml-syntax" << 3 << 17 << "unterminated";
        QTest::newRow("unclosed flow sequence") << header + "listeners: [\n"
                                                << "yaml-syntax" << 4 << 1 << "sequence";
        QTest::newRow("two documents")
            << header + "---\n" + header << "yaml-syntax" << 3 << 1 << "second YAML document";
        QTest::newRow("NUL bytes") << QByteArray("apiVersion: ingress-studio/v1\nkind: To\0p", 41)
                                   << "yaml-syntax" << 2 << 9 << "NUL";
        QTest::newRow("invalid UTF-8") << header + "metadata: {name: \"\xff\xfe\"}\n"
                                       << "yaml-syntax" << 3 << 19 << "UTF-8";
        QTest::newRow("deep nesting")
            << QByteArray(100000, '[') << "yaml-syntax" << 1 << 0 << "nesting";
        QTest::newRow("alias bomb")
            << aliasBomb() << "yaml-syntax" << 8 << 45 << "aliases expanded";
        QByteArray manyNodes = header + "hosts: [";
        for (int i = 0; i <= 1'000'000; ++i)
            manyNodes += "x,";
        QTest::newRow("too many nodes") << manyNodes + "]\n"
                                        << "yaml-syntax" << 3 << 0 << "more than 1000000 nodes";
        QTest::newRow("recursive alias") << header + "hosts: &h [*h]\n"
                                         << "yaml-syntax" << 3 << 12 << "recursive";
        QTest::newRow("duplicate key")
            << header + "listeners:\n  - name: a\n    bind: :1\n    name: b\n"
            << "duplicate-key" << 6 << 5 << "'name'";
        QTest::newRow("duplicate section") << header + "hosts: []\nhosts: []\n"
                                           << "duplicate-key" << 4 << 1 << "line 3";

        // Document header.
        QTest::newRow("empty file") << QByteArray() << "wrong-type" << 1 << 1 << "empty";
        QTest::newRow("comments only")
            << QByteArray("# nothing\n") << "wrong-type" << 1 << 1 << "empty";
        QTest::newRow("scalar document")
            << QByteArray("hello\n") << "wrong-type" << 1 << 1 << "got 'hello'";
        QTest::newRow("wrong apiVersion")
            << QByteArray("apiVersion: ingress-studio/v2\nkind: Topology\n") << "api-version" << 1
            << 13 << "ingress-studio/v1";
        QTest::newRow("missing apiVersion") << QByteArray("kind: Topology\nhosts: []\n")
                                            << "api-version" << 1 << 1 << "missing 'apiVersion'";
        QTest::newRow("wrong kind") << QByteArray("apiVersion: ingress-studio/v1\nkind: Ingress\n")
                                    << "kind" << 2 << 7 << "'Ingress'";

        // Wrong node kinds at several depths.
        QTest::newRow("listeners not a sequence") << header + "listeners:\n  name: web\n"
                                                  << "wrong-type" << 4 << 3 << "sequence";
        QTest::newRow("listener is a sequence")
            << header + "listeners:\n  - [web, ':80']\n"
            << "wrong-type" << 4 << 5
            << "expected a mapping with 'name' and 'bind' (listener), got a sequence";
        QTest::newRow("endpoint is a sequence")
            << header + "services:\n  - name: s\n    endpoints:\n      - [a, b]\n"
            << "wrong-type" << 6 << 9 << "got a sequence";
        QTest::newRow("duration is a mapping")
            << header + "services:\n  - name: s\n    healthCheck:\n      interval: {s: 1}\n"
            << "wrong-type" << 6 << 17 << "'interval'";
        QTest::newRow("headers is a list of names")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        headers: [X-A]\n"
            << "wrong-type" << 8 << 19 << "'name' and 'value'";
        QTest::newRow("headers is a scalar")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        headers: X-A\n"
            << "wrong-type" << 8 << 18 << "'headers'";
        QTest::newRow("matches and path")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        matches: [{path: /a}]\n"
            << "invalid-value" << 8 << 9 << "not both";
        QTest::newRow("rewritePath and rewritePrefix")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        rewritePrefix: /a\n        rewritePath: /b\n"
            << "invalid-value" << 9 << 22 << "not both";
        QTest::newRow("value match type")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        headers: [{name: X-A, value: b, type: Glob}]\n"
            << "invalid-value" << 8 << 0 << "Glob";
        QTest::newRow("header filter remove mapping")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        requestHeaders: {remove: {X-A: b}}\n"
            << "wrong-type" << 8 << 0 << "'remove'";
        QTest::newRow("respond status")
            << header + "hosts:\n  - host: a.com\n    routes:\n      - path: /\n"
                        "        respond: {status: 700}\n"
            << "invalid-value" << 7 << 0 << "200-599";
        QTest::newRow("mirror without service")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        mirrors: [{percent: 5}]\n"
            << "missing-field" << 8 << 0 << "'service'";
        QTest::newRow("mirror percent")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        mirrors: [{service: s, percent: 150}]\n"
            << "invalid-value" << 8 << 0 << "percent";
        QTest::newRow("methods is a scalar")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        methods: GET\n"
            << "wrong-type" << 8 << 18 << "'methods'";
        QTest::newRow("key is a sequence") << header + "? [a, b]\n: c\n"
                                           << "wrong-type" << 3 << 3 << "field name";

        // Bad values.
        QTest::newRow("bad path type")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        pathType: prefix\n"
            << "invalid-value" << 8 << 19
            << "'prefix' is not a path type (expected Exact, Prefix or Regex)";
        QTest::newRow("bad protocol")
            << header + "listeners:\n  - name: a\n    bind: :80\n    protocol: http\n"
            << "invalid-value" << 6 << 15 << "expected HTTP or HTTPS";
        QTest::newRow("bad duration")
            << header + "services:\n  - name: s\n    healthCheck:\n      interval: 5d\n"
            << "invalid-value" << 6 << 17 << "got '5d'";
        QTest::newRow("bad port") << header + "services:\n  - name: s\n    port: eighty\n"
                                  << "invalid-value" << 5 << 11
                                  << "expected a port number 1-65535, got 'eighty'";
        QTest::newRow("port out of range") << header + "services:\n  - name: s\n    port: 70000\n"
                                           << "invalid-value" << 5 << 11 << "got '70000'";
        QTest::newRow("nodePort zero") << header + "services:\n  - name: s\n    nodePort: 0\n"
                                       << "invalid-value" << 5 << 15 << "'nodePort'";
        QTest::newRow("negative weight") << header + "services:\n  - name: s\n    endpoints:\n     "
                                                     " - address: a:1\n        weight: -1\n"
                                         << "invalid-value" << 7 << 17 << "weight";
        QTest::newRow("bad bool") << header + "hosts:\n  - host: a.com\n    sslRedirect: yes\n"
                                  << "invalid-value" << 5 << 18 << "true or false";
        QTest::newRow("bad size")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        maxBodySize: 10 parsecs\n"
            << "invalid-value" << 8 << 22 << "size";
        QTest::newRow("huge size")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        maxBodySize: 99999999999999GiB\n"
            << "invalid-value" << 8 << 22 << "size";
        QTest::newRow("size over the limit")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        maxBodySize: 2048GiB\n"
            << "invalid-value" << 8 << 22 << "at most 1024GiB";
        QTest::newRow("duration over the limit")
            << header + "services:\n  - name: s\n    timeouts:\n      idle: 9000h\n"
            << "invalid-value" << 6 << 13 << "at most 8760h";
        QTest::newRow("backend weight out of range")
            << header + "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        backends:\n"
                        "          - service: s\n            weight: 1000001\n"
            << "invalid-value" << 9 << 21 << "a weight 0-1000000";
        QTest::newRow("backend weight negative")
            << header + "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        backends:\n"
                        "          - service: s\n            weight: -1\n"
            << "invalid-value" << 9 << 21 << "a weight 0-1000000";
        QTest::newRow("service and backends")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        backends:\n          - service: t\n"
            << "invalid-value" << 9 << 11 << "either 'service' or 'backends'";
        QTest::newRow("backend without service")
            << header + "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        backends:\n"
                        "          - weight: 3\n"
            << "missing-field" << 8 << 13 << "'service'";
        QTest::newRow("backends not a list")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        backends: s\n"
            << "wrong-type" << 7 << 19 << "sequence";
        QTest::newRow("backend duplicate key")
            << header + "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        backends:\n"
                        "          - service: s\n            service: t\n"
            << "duplicate-key" << 9 << 13 << "'service'";
        QTest::newRow("bad redirect code")
            << header + "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        redirect:\n"
                        "          code: 200\n"
            << "invalid-value" << 8 << 17 << "redirect status";

        // Missing fields.
        QTest::newRow("listener without bind") << header + "listeners:\n  - name: web\n"
                                               << "missing-field" << 4 << 5 << "'bind'";
        QTest::newRow("route without service")
            << header + "hosts:\n  - host: a.com\n    routes:\n      - path: /\n"
            << "missing-field" << 6 << 9 << "'service'";
        QTest::newRow("host without host") << header + "hosts:\n  - tls: x\n"
                                           << "missing-field" << 4 << 5 << "'host'";
        QTest::newRow("certificate without file") << header + "certificates:\n  - name: c\n"
                                                  << "missing-field" << 4 << 5 << "'certificate'";
        QTest::newRow("service name without value")
            << header + "services:\n  - name:\n    port: 80\n"
            << "missing-field" << 4 << 5 << "no value";
    }
    void badInput() {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, rule);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, messagePart);

        const LoadResult result = TopologyLoader::loadData(yaml, QStringLiteral("bad.yaml"));
        QVERIFY(!result.ok());
        QVERIFY(!result.diagnostics.isEmpty());
        const Diagnostic &d = result.diagnostics.first();
        const QString all = testing::dump(result.diagnostics);
        QCOMPARE(d.severity, Severity::Error);
        QVERIFY2(d.ruleId == rule, qPrintable(all));
        QCOMPARE(d.file, QStringLiteral("bad.yaml"));
        QVERIFY2(d.location.line == line, qPrintable(all));
        // Column 0: the exact column depends on where yaml-cpp gives up; only the line counts.
        if (column > 0)
            QVERIFY2(d.location.column == column, qPrintable(all));
        QVERIFY2(d.message.contains(messagePart), qPrintable(all));
        QVERIFY(d.toString().startsWith(QStringLiteral("bad.yaml:%1:").arg(line)));
    }

    void unknownFieldsWarn_data() {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("top level typo") << header + "hots: []\n"
                                        << 3 << 1
                                        << "unknown field 'hots' in topology document; it is "
                                           "ignored (did you mean 'hosts'?)";
        QTest::newRow("route typo")
            << header +
                   "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        service: s\n"
                   "        pathtype: Exact\n"
            << 8 << 9 << "(did you mean 'pathType'?)";
        QTest::newRow("backend typo")
            << header + "hosts:\n  - host: a.com\n    routes:\n      - path: /\n        backends:\n"
                        "          - service: s\n            wieght: 2\n"
            << 9 << 13 << "(did you mean 'weight'?)";
        QTest::newRow("no near match")
            << header + "listeners:\n  - name: a\n    bind: :1\n    colour: blue\n"
            << 6 << 5 << "unknown field 'colour' in listener; it is ignored";
    }
    void unknownFieldsWarn() {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, messagePart);
        const LoadResult result = TopologyLoader::loadData(yaml, QStringLiteral("w.yaml"));
        QVERIFY2(result.ok(), qPrintable(testing::dump(result.diagnostics)));
        QCOMPARE(result.diagnostics.size(), 1);
        const Diagnostic &d = result.diagnostics.first();
        QCOMPARE(d.severity, Severity::Warning);
        QCOMPARE(d.ruleId, QStringLiteral("unknown-field"));
        QCOMPARE(d.location, (SourceLocation{line, column}));
        QVERIFY2(d.message.contains(messagePart), qPrintable(d.message));
        if (!messagePart.contains(QLatin1String("did you mean")))
            QVERIFY(!d.message.contains(QLatin1String("did you mean")));
    }

    void collectsAllErrors() {
        const QByteArray yaml = header + "listeners:\n"
                                         "  - name: a\n"
                                         "  - name: b\n"
                                         "    bind: :1\n"
                                         "    protocol: tcp\n"
                                         "services:\n"
                                         "  - name: s\n"
                                         "    port: x\n"
                                         "    type: Headless\n";
        const LoadResult result = TopologyLoader::loadData(yaml, QStringLiteral("many.yaml"));
        QVERIFY(!result.ok());
        QCOMPARE(result.diagnostics.size(), 4);
        QCOMPARE(result.diagnostics[0].ruleId, QStringLiteral("missing-field"));
        // In file order, whatever order the sections are read in.
        QCOMPARE(result.diagnostics[0].location.line, 4);
        QCOMPARE(result.diagnostics[1].location.line, 7);
        QCOMPARE(result.diagnostics[2].location.line, 10);
        QCOMPARE(result.diagnostics[3].location.line, 11);
    }

    void manyProblemsAreBounded() {
        QByteArray yaml = header;
        for (int i = 0; i < 5000; ++i)
            yaml += "x" + QByteArray::number(i) + ": 1\n";
        const LoadResult result = TopologyLoader::loadData(yaml);
        // Only warnings: the document still loads, and the report stays readable.
        QVERIFY(result.ok());
        QVERIFY(result.diagnostics.size() <= 201);
        QVERIFY(result.diagnostics.last().message.contains(QLatin1String("too many")));
    }

    void loadFileErrors_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("rule");
        QTest::newRow("missing") << "missing"
                                 << "file-unreadable";
        QTest::newRow("directory") << "directory"
                                   << "file-unreadable";
        QTest::newRow("too large") << "large"
                                   << "file-too-large";
    }
    void loadFileErrors() {
        QFETCH(QString, kind);
        QFETCH(QString, rule);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString path = dir.filePath(QStringLiteral("topology.yaml"));
        if (kind == QLatin1String("directory")) {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("topology.yaml")));
        } else if (kind == QLatin1String("large")) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.write(header) > 0);
            // Sparse: the loader must refuse it from its size, without reading 32 MiB.
            QVERIFY(file.resize(TopologyLoader::maxFileSize + 1));
        }
        const LoadResult result = TopologyLoader::loadFile(path);
        QVERIFY(!result.ok());
        QCOMPARE(result.diagnostics.size(), 1);
        QCOMPARE(result.diagnostics[0].ruleId, rule);
        QCOMPARE(result.diagnostics[0].file, path);
        QVERIFY(!result.diagnostics[0].message.isEmpty());
    }

    void oversizedData() {
        const QByteArray yaml(TopologyLoader::maxFileSize + 1, ' ');
        const LoadResult result = TopologyLoader::loadData(yaml);
        QVERIFY(!result.ok());
        QCOMPARE(result.diagnostics.value(0).ruleId, QStringLiteral("file-too-large"));
    }
};

QTEST_GUILESS_MAIN(TestTopologyLoaderDiagnostics)
#include "tst_topologyloaderdiagnostics.moc"
