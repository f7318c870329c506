// The differential test of sticky sessions: real HAProxy started from the export and the
// embedded proxy must set the same cookie (name, attributes, and the endpoint's stickyToken)
// on a client's first answer, and send a client holding it to that endpoint every time.
// HAProxy alone is told the engine's cookie values; the other targets pick their own.

#include "export/haproxyexporter.h"
#include "proxy/proxyengine.h"
#include "tests/export/differentialharness.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <atomic>
#include <optional>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <thread>

using namespace ingress;
using namespace ingress::testing;

namespace {

// The parts of an answer stickiness decides: who answered, and the Set-Cookie fields.
struct StickyAnswer {
    int status = 0;
    QString backend; // the backend's name (its body is "NAME PATH")
    QByteArrayList setCookies;
};

StickyAnswer get(int port, const QByteArray &cookie) {
    QByteArray request = "GET / HTTP/1.1\r\nHost: sticky.test:" + QByteArray::number(port) +
                         "\r\nConnection: close\r\n";
    if (!cookie.isEmpty())
        request += "Cookie: " + cookie + "\r\n";
    const QByteArray response = exchangeUntilClose(port, request + "\r\n");
    const qsizetype end = response.indexOf("\r\n\r\n");
    if (end < 0)
        return {};
    const QList<QByteArray> lines = response.left(end).split('\n');
    StickyAnswer answer;
    answer.status = lines.value(0).split(' ').value(1).toInt();
    answer.backend = QString::fromUtf8(response.mid(end + 4).split(' ').value(0));
    for (const QByteArray &line : lines)
        if (line.toLower().startsWith("set-cookie:"))
            answer.setCookies << line.mid(11).trimmed();
    return answer;
}

// "name=value; Path=/; HttpOnly" -> value, and the attributes in lower case, in any order.
struct ParsedCookie {
    QByteArray name, value;
    QSet<QByteArray> attributes;
};
ParsedCookie parseCookie(const QByteArray &field) {
    ParsedCookie cookie;
    const QList<QByteArray> parts = field.split(';');
    const QByteArray pair = parts.value(0).trimmed();
    cookie.name = pair.left(pair.indexOf('='));
    cookie.value = pair.mid(pair.indexOf('=') + 1);
    for (qsizetype i = 1; i < parts.size(); ++i)
        cookie.attributes.insert(parts[i].trimmed().toLower());
    return cookie;
}

} // namespace

class TestDifferentialSticky : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameCookies_data() {
        QTest::addColumn<QString>("target");
        QTest::newRow("haproxy") << QStringLiteral("haproxy");
        QTest::newRow("engine") << QStringLiteral("engine");
    }
    void sameCookies() {
        QFETCH(QString, target);
        const QStringList names{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        BackendPool backends(names);
        const QList<int> ports = backends.startAll();
        const int port = freePort();
        const Topology topology = stickyTopology(port, ports);
        const RoutingTablePtr table = RoutingTable::compile(topology);
        const CompiledService &app = table->services().front();
        QVERIFY(app.sticky);
        QCOMPARE(app.endpoints.size(), std::size_t(3));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ExportResult result;
        std::optional<ProcessGuard> server;
        std::unique_ptr<proxy::ProxyEngine> engine;
        if (target == u"engine") {
            engine = std::make_unique<proxy::ProxyEngine>();
            QStringList errors;
            QVERIFY2(engine->start(table, &errors), qPrintable(errors.join(u'\n')));
        } else {
            const QString haproxy = findTool(QStringLiteral("haproxy"));
            if (haproxy.isEmpty())
                INGRESS_MISSING_PEER("haproxy is not installed");
            result = HAProxyExporter().exportTopology(topology, {});
            QVERIFY(writeExport(result, dir.path()));
            QProcess *process = server.emplace().process.get();
            process->setWorkingDirectory(dir.path());
            process->setProcessChannelMode(QProcess::MergedChannels);
            process->start(haproxy,
                           {QStringLiteral("-f"), dir.filePath(QStringLiteral("haproxy.cfg")),
                            QStringLiteral("-db")});
            QVERIFY2(process->waitForStarted(5000), qPrintable(process->errorString()));
        }
        QVERIFY2(waitForPort(port), qPrintable(QString::fromUtf8(result.mainText)));

        const QByteArray cookieName = QByteArray::fromStdString(app.sticky->cookie);
        QSet<QByteArray> engineAttributes;
        for (const QByteArray &part : QByteArray::fromStdString(app.sticky->attributes).split(';'))
            if (!part.trimmed().isEmpty())
                engineAttributes.insert(part.trimmed().toLower());
        auto tokenOf = [&](const QString &backend) {
            const qsizetype i = names.indexOf(backend);
            return i < 0 ? QByteArray()
                         : QByteArray::fromStdString(app.endpoints[std::size_t(i)].stickyToken);
        };

        // The client blocks, so it runs beside the event loop the engine needs.
        QStringList failures;
        std::atomic<bool> done = false;
        std::thread client([&] {
            auto fail = [&](const QString &what) { failures << what; };
            // First visits (none, or a cookie naming no endpoint): a cookie for whoever answered.
            for (const QByteArray &sent :
                 {QByteArray(), QByteArray(cookieName + "=0123456789abcdef"), QByteArray()}) {
                const StickyAnswer answer = get(port, sent);
                const QString what =
                    QStringLiteral("first visit [%1]").arg(QString::fromLatin1(sent));
                if (answer.status != 200 || tokenOf(answer.backend).isEmpty()) {
                    fail(QStringLiteral("%1: %2 from '%3'")
                             .arg(what)
                             .arg(answer.status)
                             .arg(answer.backend));
                    continue;
                }
                if (answer.setCookies.size() != 1) {
                    fail(QStringLiteral("%1: %2 Set-Cookie fields")
                             .arg(what)
                             .arg(answer.setCookies.size()));
                    continue;
                }
                const ParsedCookie cookie = parseCookie(answer.setCookies.first());
                if (cookie.name != cookieName || cookie.value != tokenOf(answer.backend))
                    fail(QStringLiteral("%1: %2 answered, cookie '%3'")
                             .arg(what, answer.backend,
                                  QString::fromLatin1(answer.setCookies.first())));
                if (cookie.attributes != engineAttributes)
                    fail(QStringLiteral("%1: attributes of '%2' differ from '%3'")
                             .arg(what, QString::fromLatin1(answer.setCookies.first()),
                                  QString::fromStdString(app.sticky->attributes)));
            }
            // A client holding an endpoint's cookie goes there every time, and is not re-set.
            for (const QString &name : names) {
                const QByteArray token = tokenOf(name);
                for (const QByteArray &sent :
                     {QByteArray(cookieName + '=' + token),
                      QByteArray("other=1; " + cookieName + '=' + token + "; x=y")}) {
                    for (int i = 0; i < 3; ++i) {
                        const StickyAnswer answer = get(port, sent);
                        if (answer.status != 200 || answer.backend != name ||
                            !answer.setCookies.isEmpty())
                            fail(QStringLiteral("[%1]: %2 from '%3' (expected %4), Set-Cookie '%5'")
                                     .arg(QString::fromLatin1(sent))
                                     .arg(answer.status)
                                     .arg(answer.backend, name,
                                          QString::fromLatin1(answer.setCookies.join(" | "))));
                    }
                }
            }
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 40000);
        client.join();
        if (engine)
            engine->stop(Duration(500));
        if (!failures.isEmpty() && !result.mainText.isEmpty())
            qWarning().noquote() << QString::fromUtf8(result.mainText);
        QVERIFY2(failures.isEmpty(),
                 qPrintable(QStringLiteral("%1 on %2:\n").arg(failures.size()).arg(target) +
                            failures.mid(0, 20).join(u'\n')));
    }
};

INGRESS_PEER_TEST_MAIN(TestDifferentialSticky)
#include "tst_differentialsticky.moc"
