#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>

namespace ingress::ui {

// Proof that the GUI keeps painting under load (bench/gui/run.sh): with INGRESS_STUDIO_FRAME_LOG
// set to a file name, every second appends "<ms since start> <paint events in that second>
// <longest gap between two event-loop turns, ms>" to it. A frozen GUI shows up as a gap in the
// timestamps or a long stall; a GUI that stopped drawing as zero paints.
class FrameLog : public QObject {
    Q_OBJECT
public:
    // Does nothing when the variable is not set.
    static void installFromEnvironment(QObject *application);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit FrameLog(const QString &path, QObject *parent);
    void writeLine();

    QFile m_file;
    QElapsedTimer m_clock;
    QTimer m_second;
    QTimer m_heartbeat; // a 0 ms-ish timer: how long the loop takes to come round
    qint64 m_lastBeat = 0;
    qint64 m_longestGap = 0;
    int m_paints = 0;
};

} // namespace ingress::ui
