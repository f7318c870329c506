#include "export/caddyexporter.h"

#include "export/caddywriter.h"
#include "export/exportsupport.h"

#include <QDir>

namespace ingress {

using namespace exportsupport;

namespace {

QString siteAddress(const Listener &listener, const QString &host) {
    const QString scheme =
        listener.protocol == Protocol::Https ? QStringLiteral("https") : QStringLiteral("http");
    return QStringLiteral("%1://%2:%3").arg(scheme, host.toLower()).arg(listenerPort(listener));
}

QString bindLine(const Listener &listener) {
    const auto bind = parseBind(listener);
    return bind && !bind->host.isEmpty() ? QStringLiteral("    bind %1\n").arg(bind->host)
                                         : QString();
}

} // namespace

ExportResult CaddyExporter::exportTopology(const Topology &topology,
                                           const ExportOptions &options) const {
    ExportResult result;
    result.mainFileName = QStringLiteral("Caddyfile");
    const QList<CertificateFiles> certificates =
        addCertificateFiles(topology, options, result, QStringLiteral("Caddy"));
    // Caddy resolves certificate paths against its working directory, not the Caddyfile.
    const QString base = options.outputDirectory.isEmpty()
                             ? QString()
                             : QDir(options.outputDirectory).absolutePath() + u'/';
    auto tlsLine = [&](const QString &certificateName) -> QString {
        for (const CertificateFiles &files : certificates)
            if (files.name == certificateName)
                return QStringLiteral("    tls %1 %2\n")
                    .arg(CaddyWriter::quote(base + files.certificatePath),
                         CaddyWriter::quote(base + files.keyPath));
        return {};
    };

    CaddyWriter writer(topology, result.warnings, options.includeSecrets);
    QString out = QStringLiteral("# Caddyfile exported by Ingress Studio from topology '%1'.\n"
                                 "# Run: caddy run --adapter caddyfile --config Caddyfile (from "
                                 "its folder); see docs/exporters.md.\n"
                                 "{\n    admin off\n"
                                 "    # Redirects and certificates come from the topology.\n"
                                 "    auto_https off\n}\n\n")
                      .arg(topology.name);
    CaddyWriter::reportTrustedProxies(topology, result.warnings);
    for (const Listener &listener : topology.listeners) {
        const bool tls = listener.protocol == Protocol::Https;
        QString listenerDefault; // the engine's default certificate: the first TLS host's
        for (const VirtualHost &host : topology.hosts)
            if (listenerDefault.isEmpty() && servesOn(host, listener) && !host.tls.isEmpty())
                listenerDefault = tlsLine(host.tls);
        if (tls && listenerDefault.isEmpty()) {
            result.warnings << warnAt(QStringLiteral("listener %1").arg(listener.name),
                                      listener.src.node,
                                      QStringLiteral("HTTPS listener without any TLS host: Caddy "
                                                     "needs a certificate; not exported"));
            continue;
        }
        if (tls)
            result.warnings << warnAt(QStringLiteral("listener %1").arg(listener.name),
                                      listener.src.node,
                                      QStringLiteral("Caddy chooses certificates by SNI only; a "
                                                     "client sending no or an unknown name may "
                                                     "not get the listener's default certificate"));
        for (int h = 0; h < topology.hosts.size(); ++h) {
            const VirtualHost &host = topology.hosts[h];
            if (!servesOn(host, listener) || host.isCatchAll())
                continue;
            out += QStringLiteral("# %1 on listener %2\n%3 {\n")
                       .arg(hostSubject(host), listener.name, siteAddress(listener, host.host));
            out += bindLine(listener);
            if (tls) {
                const QString own = tlsLine(host.tls);
                out += own.isEmpty() ? listenerDefault : own;
            }
            out += writer.hostBody(h, listener) + QStringLiteral("}\n\n");
        }
        out += QStringLiteral("# requests for no known host on listener %1\n%2 {\n")
                   .arg(listener.name, siteAddress(listener, QString()));
        out += bindLine(listener) + (tls ? listenerDefault : QString());
        // The '*' host's routes answer every host no site names.
        if (const int every = catchAllHost(topology, listener); every >= 0)
            out += writer.hostBody(every, listener) + QStringLiteral("}\n\n");
        else
            out += QStringLiteral("    handle {\n") + writer.fallback(QStringLiteral("        ")) +
                   QStringLiteral("    }\n}\n\n");
    }
    result.mainText = out.toUtf8();
    result.mainTextHasSecrets = writer.wroteSecrets();
    return result;
}

} // namespace ingress
