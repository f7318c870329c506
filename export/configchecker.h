#pragma once

#include "export/configcheckresult.h"
#include "export/exporter.h"

#include <memory>
#include <QObject>
#include <QString>

class QProcess;
class QTemporaryDir;
class QTimer;

namespace ingress {

// Runs a target's own check on an export: `nginx -t`, `haproxy -c`, `caddy validate`. The export
// is written to a temporary folder first, where certificate and key files the export refers to
// but does not hold (keys are left out unless asked for) get a throwaway stand-in pair, so that a
// valid export checks as valid. The GUI runs it asynchronously (start / finished), the CLI and
// tests with check().
class ConfigChecker : public QObject {
    Q_OBJECT
public:
    static constexpr int defaultTimeoutMs = 8000;

    explicit ConfigChecker(QObject *parent = nullptr);
    ~ConfigChecker() override;

    // Whether the exporter `name` ("nginx", "haproxy", "caddy") has a checker, and its tool.
    static bool supports(const QString &exporterName);
    static QString toolName(const QString &exporterName);
    static QString command(const QString &exporterName); // "nginx -t", as a user would type it
    // Where the tool is: PATH, then /usr/sbin and /usr/local/sbin (not on every user's PATH).
    static QString findTool(const QString &name);

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    // Starts a check; `finished` follows, on a later event-loop pass even when there is nothing
    // to run. A new start abandons the check in progress (its result is never reported).
    void start(const QString &exporterName, const ExportResult &result);
    bool isRunning() const;
    // The same, blocking.
    static ConfigCheckResult check(const QString &exporterName, const ExportResult &result,
                                   int timeoutMs = defaultTimeoutMs);

Q_SIGNALS:
    void finished(const ingress::ConfigCheckResult &result);

private:
    struct Run;
    // Writes the files and says what to run; a result with an outcome when nothing runs.
    static std::unique_ptr<Run> prepare(const QString &exporterName, const ExportResult &result);
    static void complete(Run &run, QProcess &process, bool timedOut);
    void cancel();

    int m_timeoutMs = defaultTimeoutMs;
    quint64 m_generation = 0; // start() calls, so that an abandoned result is not reported
    std::unique_ptr<Run> m_run;
    QProcess *m_process = nullptr;
    QTimer *m_timer = nullptr;
};

} // namespace ingress
