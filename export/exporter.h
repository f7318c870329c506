#pragma once

#include "model/topology/sourcelocation.h"
#include "model/topology/topology.h"

#include <functional>
#include <optional>
#include <QByteArray>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

namespace ingress {

// Which controller's annotations the Kubernetes exporter writes for what an Ingress cannot say
// itself (rewrites, SSL redirect, load balancing).
enum class AnnotationProfile { IngressNginx, Traefik, HAProxy };

struct ExportOptions {
    // Secrets and key files carry key material only when asked: exports end up in repositories.
    bool includeSecrets = false;
    QString ingressClassName = QStringLiteral("nginx");
    QString gatewayClassName = QStringLiteral("default");
    AnnotationProfile annotationProfile = AnnotationProfile::IngressNginx;
    // Absolute folder the files will be written to (`-o DIR`). Targets that resolve relative
    // paths against their working directory rather than their configuration (HAProxy's crt-list)
    // use it; empty: paths stay relative.
    QString outputDirectory;
    // The private key of a certificate whose key lives in the OS keychain; the model cannot
    // reach the keychain, the caller (GUI, CLI) can. Unset or empty result: not available.
    std::function<std::optional<QByteArray>(const QString &certificateName)> keychainKey;
};

// Something the target cannot express; the export goes on without it, and says so.
struct ExportWarning {
    QString message;
    QString subject; // what in the topology, e.g. "host api.example.com, route #2 (/v1)"
    SourceLocation location;
    QString toString() const {
        return subject.isEmpty() ? message : QStringLiteral("%1: %2").arg(subject, message);
    }
    friend bool operator==(const ExportWarning &, const ExportWarning &) = default;
};

struct ExportResult {
    QByteArray mainText;             // the configuration itself (stdout, or -o FILE)
    QString mainFileName;            // its name inside an output folder, e.g. "nginx.conf"
    QMap<QString, QByteArray> files; // further files, relative name -> bytes (certs, keys)
    QList<ExportWarning> warnings;
    // What holds private keys or Secret data: written readable by its owner alone
    // (exportwriter.h), wherever it goes.
    bool mainTextHasSecrets = false;
    QSet<QString> secretFiles; // keys of `files`

    bool isSecret(const QString &name) const {
        return name == mainFileName ? mainTextHasSecrets : secretFiles.contains(name);
    }
    void addSecretFile(const QString &name, const QByteArray &data) {
        files.insert(name, data);
        secretFiles.insert(name);
    }
};

// One export target. Implementations are stateless: `exportTopology` may run on any thread.
class Exporter {
public:
    virtual ~Exporter() = default;
    virtual QString name() const = 0;          // "nginx": the CLI's --format value
    virtual QString displayName() const = 0;   // "nginx.conf": the GUI's list
    virtual QString fileExtension() const = 0; // "conf", "yaml", "cfg", "" (Caddyfile)
    virtual ExportResult exportTopology(const Topology &topology,
                                        const ExportOptions &options) const = 0;
};

} // namespace ingress
