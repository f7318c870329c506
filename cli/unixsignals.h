#pragma once

#include <QObject>

class QSocketNotifier;

namespace ingress::cli {

// SIGINT, SIGTERM and SIGHUP as Qt signals, through the self-pipe trick: the C handler only
// writes the signal number to a socketpair, and a QSocketNotifier turns that into a queued
// event on the owner's thread, where anything may be done.
class UnixSignals : public QObject {
    Q_OBJECT
public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

Q_SIGNALS:
    void terminateRequested(int signal); // SIGINT or SIGTERM
    void reloadRequested();              // SIGHUP

private:
    void onReadable();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace ingress::cli
