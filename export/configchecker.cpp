#include "export/configchecker.h"

#include "model/certs/certificateissuer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

namespace ingress {

namespace {

// A self-signed pair made once per process; inside the check's temporary folder it stands in
// for certificate files the export refers to but does not hold, so that the tools can load *a*
// pair. Made rather than embedded: a private key in the source would be one more to explain.
const std::pair<QByteArray, QByteArray> &standInPair() {
    static const std::pair<QByteArray, QByteArray> pair = [] {
        QString error;
        const auto bundle = certs::CertificateIssuer::selfSigned(
            {{QStringLiteral("stand-in.ingress-studio.test")}, {}, 30}, &error);
        return bundle ? std::pair(bundle->chainPem(), bundle->keyPem())
                      : std::pair<QByteArray, QByteArray>{};
    }();
    return pair;
}

bool writeFile(const QString &path, const QByteArray &data) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// Certificate files the export names without holding them whole: "certs/x.crt" whose key (or
// itself) is missing, and the PEM bundles a HAProxy crt-list names.
QMap<QString, QByteArray> standIns(const ExportResult &result) {
    QMap<QString, QByteArray> out;
    for (auto it = result.files.cbegin(); it != result.files.cend(); ++it) {
        const QString &name = it.key();
        if (name.endsWith(QLatin1String(".crt"))) {
            const QString key = name.chopped(4) + QStringLiteral(".key");
            if (it.value().isEmpty() || result.files.value(key).isEmpty()) {
                out.insert(name, standInPair().first);
                out.insert(key, standInPair().second);
            }
        } else if (name.endsWith(QLatin1String(".crt-list"))) {
            for (const QByteArray &line : it.value().split('\n')) {
                const QString pem = QString::fromUtf8(line.trimmed().split(' ').value(0));
                if (!pem.isEmpty() && !result.files.contains(pem))
                    out.insert(pem, standInPair().first + standInPair().second);
            }
        }
    }
    return out;
}

} // namespace

struct ConfigChecker::Run {
    ConfigCheckResult result;
    bool ready = false; // something to run (else `result` is final)
    QString program;
    QStringList arguments;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    std::unique_ptr<QTemporaryDir> dir;
};

ConfigChecker::ConfigChecker(QObject *parent) : QObject(parent) {
    qRegisterMetaType<ingress::ConfigCheckResult>();
}

ConfigChecker::~ConfigChecker() {
    cancel();
}

bool ConfigChecker::supports(const QString &exporterName) {
    return !toolName(exporterName).isEmpty();
}

QString ConfigChecker::toolName(const QString &exporterName) {
    if (exporterName == u"nginx" || exporterName == u"haproxy" || exporterName == u"caddy")
        return exporterName;
    return {};
}

QString ConfigChecker::command(const QString &exporterName) {
    const QString tool = toolName(exporterName);
    if (tool == u"nginx")
        return QStringLiteral("nginx -t");
    if (tool == u"haproxy")
        return QStringLiteral("haproxy -c");
    if (tool == u"caddy")
        return QStringLiteral("caddy validate");
    return {};
}

QString ConfigChecker::findTool(const QString &name) {
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    return path;
}

std::unique_ptr<ConfigChecker::Run> ConfigChecker::prepare(const QString &exporterName,
                                                           const ExportResult &result) {
    auto run = std::make_unique<Run>();
    ConfigCheckResult &r = run->result;
    r.tool = toolName(exporterName);
    if (r.tool.isEmpty())
        return run;
    r.command = command(exporterName);
    run->program = findTool(r.tool);
    if (run->program.isEmpty()) {
        r.outcome = ConfigCheckResult::Outcome::NotInstalled;
        return run;
    }
    run->dir = std::make_unique<QTemporaryDir>();
    const QString dir = run->dir->path();
    bool written =
        run->dir->isValid() && writeFile(dir + u'/' + result.mainFileName, result.mainText);
    for (auto it = result.files.cbegin(); written && it != result.files.cend(); ++it)
        written = writeFile(dir + u'/' + it.key(), it.value());
    const QMap<QString, QByteArray> missing = standIns(result);
    for (auto it = missing.cbegin(); written && it != missing.cend(); ++it) {
        written = writeFile(dir + u'/' + it.key(), it.value());
        r.notes << QStringLiteral("%1 is not in the export: checked with a stand-in").arg(it.key());
    }
    if (!written) {
        r.outcome = ConfigCheckResult::Outcome::Error;
        r.output = QStringLiteral("cannot write the export to a temporary folder");
        return run;
    }
    const QString main = dir + u'/' + result.mainFileName;
    if (r.tool == u"nginx") {
        // Relative paths (certificates, pid, logs) resolve against the prefix; errors go to
        // stderr instead of a log file under a prefix a user cannot write to.
        run->arguments = {QStringLiteral("-t"),    QStringLiteral("-c"), main,
                          QStringLiteral("-p"),    dir + u'/',           QStringLiteral("-e"),
                          QStringLiteral("stderr")};
    } else if (r.tool == u"haproxy") {
        run->arguments = {QStringLiteral("-c"), QStringLiteral("-f"), main};
    } else {
        run->arguments = {QStringLiteral("validate"), QStringLiteral("--adapter"),
                          QStringLiteral("caddyfile"), QStringLiteral("--config"), main};
        // Caddy keeps state under the user's data and config folders: keep the check's there.
        run->environment.insert(QStringLiteral("XDG_DATA_HOME"), dir + QStringLiteral("/.data"));
        run->environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                                dir + QStringLiteral("/.config"));
    }
    run->ready = true;
    return run;
}

void ConfigChecker::complete(Run &run, QProcess &process, bool timedOut) {
    ConfigCheckResult &r = run.result;
    QString output = QString::fromUtf8(process.readAll()).trimmed();
    // The temporary folder is gone when the user reads this: name files as in the export.
    if (run.dir)
        output.replace(run.dir->path() + u'/', QString())
            .replace(run.dir->path(), QStringLiteral("."));
    r.output = output;
    if (timedOut)
        r.outcome = ConfigCheckResult::Outcome::TimedOut;
    else if (process.error() == QProcess::FailedToStart) {
        r.outcome = ConfigCheckResult::Outcome::Error;
        r.output = process.errorString();
    } else if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        r.outcome = ConfigCheckResult::Outcome::Passed;
    else
        r.outcome = ConfigCheckResult::Outcome::Failed;
}

ConfigCheckResult ConfigChecker::check(const QString &exporterName, const ExportResult &result,
                                       int timeoutMs) {
    std::unique_ptr<Run> run = prepare(exporterName, result);
    if (!run->ready)
        return run->result;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setProcessEnvironment(run->environment);
    process.setWorkingDirectory(run->dir->path());
    process.start(run->program, run->arguments);
    bool timedOut = false;
    if (!process.waitForFinished(timeoutMs) && process.state() != QProcess::NotRunning) {
        timedOut = true;
        process.kill();
        process.waitForFinished(2000);
    }
    complete(*run, process, timedOut);
    return run->result;
}

void ConfigChecker::start(const QString &exporterName, const ExportResult &result) {
    cancel();
    ++m_generation;
    m_run = prepare(exporterName, result);
    if (!m_run->ready) {
        // Later, as with a real run: callers connect after start() as well as before.
        QTimer::singleShot(0, this, [this, generation = m_generation, outcome = m_run->result] {
            if (generation == m_generation) // not abandoned by a newer start()
                Q_EMIT finished(outcome);
        });
        m_run.reset();
        return;
    }
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setProcessEnvironment(m_run->environment);
    m_process->setWorkingDirectory(m_run->dir->path());
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    const auto done = [this](bool timedOut) {
        QProcess *process = m_process;
        if (timedOut) {
            process->kill();
            process->waitForFinished(1000);
        }
        complete(*m_run, *process, timedOut);
        const ConfigCheckResult outcome = m_run->result;
        cancel();
        Q_EMIT finished(outcome);
    };
    connect(m_process, &QProcess::finished, this, [done] { done(false); });
    connect(m_process, &QProcess::errorOccurred, this, [done](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            done(false);
    });
    connect(m_timer, &QTimer::timeout, this, [done] { done(true); });
    m_timer->start(m_timeoutMs);
    m_process->start(m_run->program, m_run->arguments);
}

bool ConfigChecker::isRunning() const {
    return m_process != nullptr;
}

void ConfigChecker::cancel() {
    if (m_process) {
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(1000);
        }
        m_process->deleteLater();
        m_process = nullptr;
    }
    if (m_timer) {
        m_timer->stop();
        m_timer->deleteLater();
        m_timer = nullptr;
    }
    m_run.reset();
}

} // namespace ingress
