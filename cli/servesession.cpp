#include "cli/servesession.h"

#include "cli/documentloading.h"
#include "cli/unixsignals.h"
#include "model/certs/certificateauthority.h"
#include "model/routing/routingtable.h"
#include "proxy/accesslogformat.h"
#include "proxy/adminserver.h"
#include "proxy/serve/servepreparation.h"

#include <cstdio>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFileInfo>

namespace ingress::cli {

namespace {

QByteArray fileDigest(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

} // namespace

ServeSession::ServeSession(ServeOptions options, Io io) : m_options(std::move(options)), m_io(io) {
    proxy::ProxySettings settings;
    settings.workers = m_options.workers;
    settings.collectAccessLog = !m_options.accessLog.isEmpty();
    m_engine = std::make_unique<proxy::ProxyEngine>(settings);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300); // editors write in several steps
    connect(&m_debounce, &QTimer::timeout, this,
            [this] { reload(QStringLiteral("file changed")); });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { m_debounce.start(); });
}

ServeSession::~ServeSession() {
    if (m_engine)
        m_engine->stop(Duration(0));
}

std::optional<proxy::ServePreparation> ServeSession::prepare(bool initial) {
    LoadedDocument doc = loadDocument(m_options.file);
    std::optional<proxy::ServePreparation> prepared;
    if (doc.topology) {
        prepared = proxy::ServePreparation::prepare(
            *doc.topology, cliValidationContext(),
            m_options.caFolder.isEmpty() ? certs::CertificateAuthority::defaultFolder()
                                         : m_options.caFolder);
        doc.diagnostics += prepared->diagnostics();
        sortByLocation(doc.diagnostics);
    }
    if (!prepared || !prepared->ok()) {
        m_io.err << (initial ? "ingress-studio-cli serve: " : "reload refused: ") << m_options.file
                 << " has errors" << (initial ? "" : "; still serving the previous topology")
                 << "\n";
        printDiagnostics(doc.diagnostics, m_io.err);
        m_io.err.flush();
        return std::nullopt;
    }
    printDiagnostics(doc.diagnostics, m_io.err); // warnings
    for (const QString &e : prepared->tlsProblems())
        m_io.err << "warning: " << e << "\n";
    m_io.err.flush();
    return prepared;
}

int ServeSession::start() {
    if (!QFileInfo::exists(m_options.file)) {
        m_io.err << "ingress-studio-cli serve: cannot read " << m_options.file << "\n";
        return ExitUsage;
    }
    const std::optional<proxy::ServePreparation> prepared = prepare(true);
    if (!prepared)
        return ExitProblems;
    if (!m_options.accessLog.isEmpty()) {
        const bool ok = m_options.accessLog == u"-"
                            ? m_logFile.open(stderr, QIODevice::WriteOnly)
                            : (m_logFile.setFileName(m_options.accessLog),
                               m_logFile.open(QIODevice::WriteOnly | QIODevice::Append));
        if (!ok) {
            m_io.err << "ingress-studio-cli serve: cannot open access log " << m_options.accessLog
                     << ": " << m_logFile.errorString() << "\n";
            return ExitUsage;
        }
        connect(m_engine.get(), &proxy::ProxyEngine::requestsLogged, this, &ServeSession::writeLog);
    }
    connect(m_engine.get(), &proxy::ProxyEngine::endpointHealthChanged, this,
            [this](const QList<proxy::EndpointHealth> &changes) {
                for (const proxy::EndpointHealth &h : changes)
                    m_io.err << "health: " << h.service << " " << h.address << " "
                             << (h.healthy ? "healthy" : "unhealthy") << " (" << h.detail << ")\n";
                m_io.err.flush();
            });
    QStringList errors;
    const bool listening = prepared->applyTo(*m_engine, false, &errors);
    for (const QString &e : std::as_const(errors))
        m_io.err << "error: " << e << "\n";
    if (!listening) {
        m_io.err << "ingress-studio-cli serve: no listener could be opened\n";
        m_io.err.flush();
        return ExitProblems;
    }
    if (!m_options.admin.isEmpty()) {
        QHostAddress address;
        quint16 port = 0;
        m_admin = new proxy::AdminServer(m_engine.get(), this);
        if (!proxy::AdminServer::parseAddress(m_options.admin, &address, &port) ||
            !m_admin->listen(address, port)) {
            m_io.err << "ingress-studio-cli serve: cannot serve admin on " << m_options.admin
                     << (m_admin->errorString().isEmpty()
                             ? QString()
                             : QStringLiteral(": ") + m_admin->errorString())
                     << "\n";
            return ExitUsage;
        }
    }
    printAddresses();
    m_watcher.addPath(m_options.file);
    m_lastContent = fileDigest(m_options.file);
    m_signals = new UnixSignals(this);
    connect(m_signals, &UnixSignals::reloadRequested, this,
            [this] { reload(QStringLiteral("SIGHUP")); });
    connect(m_signals, &UnixSignals::terminateRequested, this, &ServeSession::terminate);
    return ExitOk;
}

void ServeSession::printAddresses() {
    for (const proxy::ListeningAddress &a : m_engine->listeningAddresses())
        m_io.out << "listening " << a.listener << " " << a.url() << "\n";
    if (m_admin)
        m_io.out << "admin http://"
                 << proxy::ListeningAddress{{}, m_admin->serverAddress(), m_admin->serverPort()}
                        .toString()
                 << " (/metrics, /healthz)\n";
    m_io.out.flush();
}

void ServeSession::reload(const QString &why) {
    // Editors replace files: watch the new one, and skip rewrites that change nothing.
    if (!m_watcher.files().contains(m_options.file))
        m_watcher.addPath(m_options.file);
    const QByteArray digest = fileDigest(m_options.file);
    if (why != u"SIGHUP" && digest == m_lastContent)
        return;
    m_lastContent = digest;
    const std::optional<proxy::ServePreparation> prepared = prepare(false);
    if (!prepared)
        return;
    QStringList errors;
    prepared->applyTo(*m_engine, true, &errors);
    for (const QString &e : std::as_const(errors))
        m_io.err << "error: " << e << "\n";
    m_io.err << "reloaded " << m_options.file << " (" << why << ")\n";
    m_io.err.flush();
    printAddresses();
}

void ServeSession::terminate(int signal) {
    m_io.err << "received signal " << signal << ": draining (at most " << m_options.drain.count()
             << " ms)\n";
    m_io.err.flush();
    m_engine->stop(m_options.drain);
    if (m_logFile.isOpen())
        m_logFile.flush();
    m_io.err << "stopped\n";
    m_io.err.flush();
    QCoreApplication::exit(ExitOk);
}

void ServeSession::writeLog(const QList<proxy::AccessLogEntry> &entries) {
    for (const proxy::AccessLogEntry &e : entries)
        m_logFile.write(proxy::formatAccessLogLine(e));
    m_logFile.flush();
}

} // namespace ingress::cli
