#pragma once

#include "cli/command.h"
#include "model/topology/duration.h"
#include "proxy/proxyengine.h"
#include "proxy/serve/servepreparation.h"

#include <memory>
#include <optional>
#include <QFile>
#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace ingress::proxy {
class AdminServer;
}

namespace ingress::cli {

class UnixSignals;

struct ServeOptions {
    QString file;
    int workers = 0;
    QString admin;     // ADDR:PORT or empty
    QString accessLog; // path, "-" for stderr, or empty (off)
    Duration drain{10000};
    QString caFolder; // issues stand-ins for certificates the cluster holds; empty: the default
};

// One `serve` run: the engine, the admin endpoint, the access log, and the reasons to reload
// (SIGHUP, the file changing) or to stop (SIGINT, SIGTERM). Reloads that would serve a
// topology with errors are refused and the old one keeps serving.
class ServeSession : public QObject {
public:
    ServeSession(ServeOptions options, Io io);
    ~ServeSession() override;

    // Loads, binds and prints the addresses. Non-zero: the exit code to give up with.
    int start();

private:
    // Loads, validates and prepares the file; nullopt (problems printed) when it has errors.
    std::optional<proxy::ServePreparation> prepare(bool initial);
    void reload(const QString &why);
    void terminate(int signal);
    void writeLog(const QList<proxy::AccessLogEntry> &entries);
    void printAddresses();

    ServeOptions m_options;
    Io m_io;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    proxy::AdminServer *m_admin = nullptr;
    UnixSignals *m_signals = nullptr;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QFile m_logFile;
    QByteArray m_lastContent;
};

} // namespace ingress::cli
