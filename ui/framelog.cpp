#include "ui/framelog.h"

#include <algorithm>
#include <QCoreApplication>
#include <QEvent>

namespace ingress::ui {

void FrameLog::installFromEnvironment(QObject *application) {
    const QString path = qEnvironmentVariable("INGRESS_STUDIO_FRAME_LOG");
    if (!path.isEmpty())
        application->installEventFilter(new FrameLog(path, application));
}

FrameLog::FrameLog(const QString &path, QObject *parent) : QObject(parent), m_file(path) {
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        qWarning("INGRESS_STUDIO_FRAME_LOG: cannot write %s", qPrintable(path));
    m_clock.start();
    m_second.setInterval(1000);
    connect(&m_second, &QTimer::timeout, this, &FrameLog::writeLine);
    m_second.start();
    // 10 ms: frequent enough to see a stall of a frame or two, cheap enough not to cause one.
    m_heartbeat.setInterval(10);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        const qint64 now = m_clock.elapsed();
        m_longestGap = std::max(m_longestGap, now - m_lastBeat);
        m_lastBeat = now;
    });
    m_heartbeat.start();
}

bool FrameLog::eventFilter(QObject *, QEvent *event) {
    if (event->type() == QEvent::Paint)
        ++m_paints;
    return false;
}

void FrameLog::writeLine() {
    m_file.write(QByteArray::number(m_clock.elapsed()) + ' ' + QByteArray::number(m_paints) + ' ' +
                 QByteArray::number(m_longestGap) + '\n');
    m_file.flush();
    m_paints = 0;
    m_longestGap = 0;
}

} // namespace ingress::ui
