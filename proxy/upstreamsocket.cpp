#include "upstreamsocket.h"

namespace ingress::proxy {

UpstreamSocket::UpstreamSocket(QObject *parent) : QTcpSocket(parent) {
    // Bounded so that a fast upstream and a slow client cannot fill memory: Qt stops reading
    // from the kernel when this buffer is full and TCP flow control does the rest.
    setReadBufferSize(256 * 1024);
    connect(this, &QAbstractSocket::connected, this, [this] {
        setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (m_user)
            m_user->upstreamConnected();
    });
    connect(this, &QIODevice::readyRead, this, [this] {
        if (m_user)
            m_user->upstreamReadyRead();
    });
    connect(this, &QIODevice::bytesWritten, this, [this] {
        if (m_user)
            m_user->upstreamBytesWritten();
    });
    connect(this, &QAbstractSocket::errorOccurred, this, [this] {
        if (m_user)
            m_user->upstreamGone();
    });
    connect(this, &QAbstractSocket::disconnected, this, [this] {
        if (m_user)
            m_user->upstreamGone();
    });
}

} // namespace ingress::proxy
