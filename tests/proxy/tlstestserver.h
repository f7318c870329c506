#pragma once

#include "proxy/clientstream.h"
#include "proxy/ioreactor.h"
#include "proxy/tls/tlsclientstream.h"
#include "proxy/tls/tlsconnectionwrapper.h"

#include <chrono>
#include <memory>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <QStringList>
#include <QTcpServer>

// The CN of the certificate a TLS stream serves ("plain" for TCP).
inline QString servedCommonName(ingress::proxy::ClientStream *stream) {
    auto *tls = dynamic_cast<ingress::proxy::TlsClientStream *>(stream);
    X509 *leaf = tls ? SSL_get_certificate(tls->ssl()) : nullptr;
    if (!leaf)
        return QStringLiteral("plain");
    char cn[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(leaf), NID_commonName, cn, sizeof cn);
    return QString::fromUtf8(cn);
}

// One connection of TlsTestServer: answers the first request with "hello <CN>" and closes.
class TlsTestSession : public QObject, private ingress::proxy::ClientStreamUser {
public:
    // `readAtOnce`: read right away, since data may have arrived with the handshake (what
    // ProxyConnection does); otherwise wait to be told, which the stream must then do.
    TlsTestSession(ingress::proxy::ClientStream *stream, QObject *parent, bool readAtOnce)
        : QObject(parent), m_stream(stream), m_cn(servedCommonName(stream)) {
        m_stream->setParent(this);
        m_stream->setUser(this);
        if (readAtOnce)
            clientReadable();
    }

private:
    void clientReadable() override {
        char buffer[4096];
        qint64 n = 0;
        while ((n = m_stream->read(buffer, sizeof buffer)) > 0)
            m_in.append(buffer, qsizetype(n));
        if (m_answered || !m_in.contains("\r\n\r\n"))
            return;
        m_answered = true;
        const QByteArray body = "hello " + m_cn.toUtf8() + "\n";
        m_stream->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        clientWritten();
    }
    void clientWritten() override {
        if (m_answered && m_stream->pendingOutput() == 0)
            m_stream->shutdownWrite();
    }
    void clientEnded() override {
        if (!m_answered) // nothing more will come: no request to answer
            clientGone();
        // Otherwise the response goes out and the shutdown after it ends the stream.
    }
    void clientGone() override {
        m_stream->abort();
        deleteLater();
    }

    ingress::proxy::ClientStream *m_stream;
    QString m_cn;
    QByteArray m_in;
    bool m_answered = false;
};

// A minimal HTTPS server over the real TLS acceptor: accepts, wraps each descriptor with
// TlsConnectionWrapper, and answers any request with "hello <SNI certificate CN>". Records why
// handshakes failed so tests can check that the server, not only the client, gave up.
class TlsTestServer : public QTcpServer {
public:
    TlsTestServer(ingress::proxy::TlsListenerContextPtr context, std::chrono::milliseconds timeout)
        : m_wrapper(std::move(context), timeout) {}

    QStringList failures;
    int handshakes = 0;
    bool readAtOnce = true; // see TlsTestSession

protected:
    void incomingConnection(qintptr descriptor) override {
        m_wrapper.wrap(
            descriptor, m_reactor, this,
            [this](ingress::proxy::ClientStream *stream) {
                ++handshakes;
                new TlsTestSession(stream, this, readAtOnce);
            },
            [this](const QString &reason) { failures << reason; });
    }

private:
    ingress::proxy::IoReactor m_reactor;
    ingress::proxy::TlsConnectionWrapper m_wrapper;
};
