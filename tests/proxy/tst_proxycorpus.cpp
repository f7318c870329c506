// Third-party conformance and smuggling corpora (tests/proxy/corpus/*/README.md) replayed
// against the real engine over loopback, one row per case: valid requests are forwarded and
// answered 200 with their bodies intact; invalid ones are rejected or closed, and the backend
// never sees more than the requests that came before the error (no smuggled or desynchronised
// request). After every row the engine still serves a normal request.
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/originfixture.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

const char *const corpora[] = {"llhttp/requests.json", "smuggler/requests.json"};

// Long enough for a loaded machine, short enough that a case the engine neither answers nor
// closes fails in seconds rather than waiting for the 10 s header timeout.
constexpr int responseTimeoutMs = 3000;

} // namespace

class TestProxyCorpus : public QObject, protected OriginFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void replay_data();
    void replay();

private:
    void expectForwarded(RawClient &client, const QJsonObject &c);
    void expectRejected(RawClient &client, const QJsonObject &c);
    void expectInSync(RawClient &client, const QJsonObject &c);
};

void TestProxyCorpus::initTestCase() {
    proxy::ProxySettings settings;
    settings.workers = 2;
    startOrigin(settings);
}

void TestProxyCorpus::cleanupTestCase() {
    stopOrigin();
}

void TestProxyCorpus::replay_data() {
    QTest::addColumn<QJsonObject>("testCase");
    for (const char *corpus : corpora) {
        QFile file(QStringLiteral(INGRESS_SOURCE_DIR "/tests/proxy/corpus/") +
                   QLatin1String(corpus));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        QVERIFY2(doc.isArray(),
                 qPrintable(file.fileName() + QStringLiteral(": ") + error.errorString()));
        for (const QJsonValue &v : doc.array()) {
            const QJsonObject c = v.toObject();
            QTest::newRow(qPrintable(c[u"name"].toString())) << c;
        }
    }
}

void TestProxyCorpus::replay() {
    QFETCH(QJsonObject, testCase);
    m_backend->reset();
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send(QByteArray::fromBase64(testCase[u"bytes"].toString().toLatin1()));
    const QString expect = testCase[u"expect"].toString();
    const bool forward = expect == u"forward";
    if (forward)
        expectForwarded(client, testCase);
    else if (expect == u"nodesync")
        expectInSync(client, testCase);
    else
        expectRejected(client, testCase);
    if (QTest::currentTestFailed())
        return;
    // A fresh connection is still served, and only now count what reached the backend: a
    // request smuggled through would have arrived by the time this one is answered.
    const auto after = request(m_port, get("a.test", "/after"));
    QVERIFY2(after.has_value(), "no answer to a normal request afterwards");
    QCOMPARE(after->status, 200);
    // nodesync: the probe and the canary that follows it.
    const int legitimate = forward                 ? testCase[u"messages"].toInt()
                           : expect == u"nodesync" ? 2
                                                   : testCase[u"allowed"].toInt();
    QVERIFY2(m_backend->requests() <= legitimate + 1,
             qPrintable(QStringLiteral("backend saw %1 requests, at most %2 legitimate: %3")
                            .arg(m_backend->requests() - 1)
                            .arg(legitimate)
                            .arg(QString::fromLatin1(m_backend->heads().join("|")))));
    if (forward)
        QCOMPARE(m_backend->requests(), legitimate + 1);
}

void TestProxyCorpus::expectForwarded(RawClient &client, const QJsonObject &c) {
    const QJsonArray bodyBytes = c[u"bodyBytes"].toArray();
    const QJsonArray methods = c[u"methods"].toArray();
    for (qsizetype i = 0; i < bodyBytes.size(); ++i) {
        const auto response = client.read(responseTimeoutMs, methods[i].toString() == u"HEAD");
        QVERIFY2(response.has_value(), qPrintable(QStringLiteral("no response %1").arg(i + 1)));
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("x-backend"), QByteArray("origin"));
        // A target the backend treats specially (/chunked...) has no X-Body-Bytes.
        if (!response->header("x-body-bytes").isEmpty())
            QCOMPARE(response->header("x-body-bytes").toInt(), bodyBytes[i].toInt());
    }
}

void TestProxyCorpus::expectRejected(RawClient &client, const QJsonObject &c) {
    // Up to `allowed` requests came before the error and may be answered normally; after them
    // the engine answers an error or closes.
    const int allowed = c[u"allowed"].toInt();
    for (int answered = 0;; ++answered) {
        const auto response = client.read(responseTimeoutMs);
        if (!response) {
            QVERIFY2(client.waitClosed(responseTimeoutMs), "neither rejected nor closed");
            return;
        }
        if (response->status >= 400)
            return;
        QVERIFY2(answered < allowed,
                 qPrintable(QStringLiteral("answered %1 (%2): %3")
                                .arg(response->status)
                                .arg(c[u"why"].toString(), QString::fromLatin1(response->body))));
    }
}

void TestProxyCorpus::expectInSync(RawClient &client, const QJsonObject &c) {
    // Rejected, or forwarded framed by Content-Length; then the leftover bytes are rejected or
    // the canary is the backend's second request, never a request made of body bytes.
    const auto probe = client.read(responseTimeoutMs);
    if (!probe) {
        QVERIFY2(client.waitClosed(responseTimeoutMs), "neither answered nor closed");
        return;
    }
    if (probe->status >= 400)
        return;
    QCOMPARE(probe->status, 200);
    QCOMPARE(probe->header("x-body-bytes").toInt(), c[u"contentLength"].toInt());
    const auto canary = client.read(responseTimeoutMs);
    if (!canary) {
        QVERIFY2(client.waitClosed(responseTimeoutMs), "canary neither answered nor closed");
        return;
    }
    if (canary->status >= 400)
        return;
    QCOMPARE(canary->status, 200);
    const QList<QByteArray> heads = m_backend->heads();
    QCOMPARE(heads.size(), 2);
    QVERIFY2(heads[1].startsWith("GET /canary "), heads[1].constData());
}

QTEST_GUILESS_MAIN(TestProxyCorpus)
#include "tst_proxycorpus.moc"
