#include "export/nginxexporter.h"

#include "export/exportsupport.h"
#include "export/nginxwriter.h"
#include "export/stickyexport.h"

namespace ingress {

using namespace exportsupport;

namespace {

QString upstreamBlock(const Service &service, QList<ExportWarning> &warnings) {
    const QString subject = QStringLiteral("service %1").arg(service.name);
    if (service.endpoints.isEmpty()) {
        warnings << warnAt(subject, service.src.node,
                           QStringLiteral("no endpoints: nginx answers 503 for it"));
        return {};
    }
    const QString name = NginxWriter::upstreamName(service);
    const auto sticky = stickyexport::nginx(service, name, warnings);
    QString out = sticky ? sticky->map : QString();
    out += QStringLiteral("    upstream %1 {\n").arg(name);
    if (sticky)
        out += sticky->balance;
    // With a sticky session the cookie's hash replaces the balancing method (round robin: none).
    switch (sticky ? LoadBalancing::RoundRobin : service.loadBalancing) {
    case LoadBalancing::RoundRobin:
        break;
    case LoadBalancing::LeastConnections:
        out += QStringLiteral("        least_conn;\n");
        break;
    case LoadBalancing::IPHash:
        out += QStringLiteral("        ip_hash;\n");
        break;
    case LoadBalancing::Random:
        out += QStringLiteral("        random;\n");
        break;
    }
    QString passive;
    if (service.healthCheck) {
        // Open-source nginx has no active checks; failed requests mark a server down instead.
        passive =
            QStringLiteral(" max_fails=%1 fail_timeout=%2s")
                .arg(service.healthCheck->unhealthyThreshold)
                .arg(std::max<qint64>(1, (service.healthCheck->interval.count() + 999) / 1000));
        warnings << warnAt(subject, service.healthCheck->src.node,
                           QStringLiteral("nginx has no active health checks; exported as "
                                          "passive checks (max_fails, fail_timeout)"));
    }
    for (const Endpoint &endpoint : service.endpoints) {
        out += QStringLiteral("        server %1").arg(endpoint.address);
        if (endpoint.weight != 1)
            out += QStringLiteral(" weight=%1").arg(endpoint.weight);
        out += passive + QStringLiteral(";\n");
    }
    if (service.timeouts.idle)
        out += QStringLiteral("        keepalive 16;\n        keepalive_timeout %1ms;\n")
                   .arg(service.timeouts.idle->count());
    return out + QStringLiteral("    }\n");
}

QString tlsLines(const CertificateFiles *files) {
    if (!files)
        return QStringLiteral("        ssl_reject_handshake on;\n");
    return QStringLiteral("        ssl_certificate %1;\n        ssl_certificate_key %2;\n")
        .arg(NginxWriter::quote(files->certificatePath), NginxWriter::quote(files->keyPath));
}

} // namespace

ExportResult NginxExporter::exportTopology(const Topology &topology,
                                           const ExportOptions &options) const {
    ExportResult result;
    result.mainFileName = QStringLiteral("nginx.conf");
    const QList<CertificateFiles> certificates =
        addCertificateFiles(topology, options, result, QStringLiteral("nginx"));
    auto certificateOf = [&](const QString &name) -> const CertificateFiles * {
        for (const CertificateFiles &files : certificates)
            if (files.name == name)
                return &files;
        return nullptr;
    };

    NginxWriter writer(topology, result.warnings);
    QString upstreams, servers;
    for (const Service &service : topology.services)
        upstreams += upstreamBlock(service, result.warnings);
    for (const Listener &listener : topology.listeners) {
        if (listener.proxyProtocol && !listener.trustedProxies.isEmpty())
            result.warnings << warnAt(
                QStringLiteral("listener %1").arg(listener.name),
                listener.src.at(QStringLiteral("trustedProxies")),
                QStringLiteral("nginx takes the client from one source: the PROXY header here; "
                               "X-Forwarded-For from trustedProxies behind it is not applied"));
        // The first TLS host of a listener also answers handshakes for unknown names.
        const CertificateFiles *listenerDefault = nullptr;
        for (const VirtualHost &host : topology.hosts)
            if (!listenerDefault && servesOn(host, listener) && !host.tls.isEmpty())
                listenerDefault = certificateOf(host.tls);
        const bool tls = listener.protocol == Protocol::Https;
        for (int h = 0; h < topology.hosts.size(); ++h) {
            const VirtualHost &host = topology.hosts[h];
            if (!servesOn(host, listener) || host.isCatchAll())
                continue;
            const CertificateFiles *own = certificateOf(host.tls);
            servers +=
                writer.server(h, listener, tls ? tlsLines(own ? own : listenerDefault) : QString());
        }
        // The '*' host is the default server: it answers every name no server_name takes.
        if (const int every = catchAllHost(topology, listener); every >= 0) {
            const CertificateFiles *own = certificateOf(topology.hosts[every].tls);
            servers += writer.server(every, listener,
                                     tls ? tlsLines(own ? own : listenerDefault) : QString());
        } else {
            servers += writer.defaultServer(listener, tls ? tlsLines(listenerDefault) : QString());
        }
    }

    QString out;
    out += QStringLiteral("# nginx configuration exported by Ingress Studio from topology '%1'.\n"
                          "# Start: nginx -c nginx.conf -p \"$PWD\" (certificates under certs/).\n"
                          "# Routing follows docs/routing.md; see docs/exporters.md.\n")
               .arg(topology.name);
    out += QStringLiteral(
        "worker_processes 1;\n"
        "pid nginx.pid;\n"
        "error_log error.log notice;\n\n"
        "events {\n    worker_connections 1024;\n}\n\n"
        "http {\n"
        "    access_log off;\n"
        "    # Temporary files stay inside the prefix folder (-p), so no root paths are needed.\n"
        "    client_body_temp_path tmp_client_body;\n"
        "    proxy_temp_path tmp_proxy;\n"
        "    fastcgi_temp_path tmp_fastcgi;\n"
        "    uwsgi_temp_path tmp_uwsgi;\n"
        "    scgi_temp_path tmp_scgi;\n"
        "    # The embedded proxy has no body limit unless a route sets one.\n"
        "    client_max_body_size 0;\n"
        "    server_names_hash_bucket_size 128;\n"
        "    map_hash_bucket_size 128;\n\n"
        "    map $http_upgrade $connection_upgrade {\n"
        "        default upgrade;\n"
        "        \"\" close;\n"
        "    }\n"
        "    proxy_http_version 1.1;\n");
    for (const auto &[name, value] : NginxWriter::proxyHeaders())
        out += QStringLiteral("    proxy_set_header %1 %2;\n").arg(name, value);
    out += u'\n';
    out += upstreams;
    // Servers are written first: they add the maps.
    out += writer.maps();
    out += writer.policyZones();
    out += servers;
    out += QStringLiteral("}\n");
    result.mainText = out.toUtf8();
    return result;
}

} // namespace ingress
