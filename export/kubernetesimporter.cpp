#include "kubernetesimporter.h"

#include "enums.h"
#include "exportsupport.h"
#include "kubernetesexporter.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <yaml-cpp/yaml.h>

namespace ingress {

namespace {

constexpr qint64 maxInputSize = 32 * 1024 * 1024;

QString q(const std::string &text) {
    return QString::fromStdString(text);
}

SourceLocation at(const YAML::Node &node) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null())
        return {};
    return {mark.line + 1, mark.column + 1};
}

struct BackendRef {
    QString service, nameSpace, portName;
    int port = 0;
    SourceLocation where;
    QString file;
};

struct ServicePorts {
    QMap<QString, int> byName;
};

// One import run: the documents of every file, then the cross-references between them.
class Parser {
public:
    Diagnostics diagnostics;
    Topology topology;
    QMap<QString, QByteArray> files;

    void document(const YAML::Node &doc, const QString &file) {
        m_file = file;
        if (doc.IsNull())
            return;
        if (!doc.IsMap()) {
            error(doc, QStringLiteral("a Kubernetes object must be a mapping"));
            return;
        }
        const QString apiVersion = scalar(doc, "apiVersion", true);
        const QString kind = scalar(doc, "kind", true);
        if (apiVersion.isEmpty() || kind.isEmpty())
            return;
        if (kind == u"Ingress") {
            if (apiVersion == u"networking.k8s.io/v1")
                ingress(doc, false);
            else if (apiVersion == u"networking.k8s.io/v1beta1" ||
                     apiVersion == u"extensions/v1beta1") {
                note(doc["apiVersion"], QStringLiteral("%1 Ingress was removed in Kubernetes "
                                                       "1.22; read as networking.k8s.io/v1")
                                            .arg(apiVersion));
                ingress(doc, true);
            } else
                error(doc["apiVersion"], QStringLiteral("unsupported apiVersion '%1' for Ingress "
                                                        "(expected networking.k8s.io/v1)")
                                             .arg(apiVersion));
        } else if (kind == u"Service") {
            if (expectVersion(doc, apiVersion, QStringLiteral("v1")))
                service(doc);
        } else if (kind == u"Secret") {
            if (expectVersion(doc, apiVersion, QStringLiteral("v1")))
                secret(doc);
        } else if (kind == u"IngressClass") {
            note(doc, QStringLiteral("IngressClass '%1' read; the topology has no ingress "
                                     "classes")
                          .arg(scalar(doc["metadata"], "name")));
        } else {
            note(doc["kind"], QStringLiteral("%1 is not imported; skipped").arg(kind));
        }
    }

    void finish(const KubernetesImporter::EndpointBindings &bindings) {
        for (const BackendRef &ref : m_refs)
            resolve(ref);
        // --endpoint binds a service to local endpoints: they replace whatever the manifests
        // said (the cluster's endpoints mean nothing on this machine); several add up.
        QSet<QString> rebound;
        for (const auto &[name, address] : bindings) {
            Service *target = nullptr;
            for (Service &s : topology.services)
                if (s.name == name)
                    target = &s;
            if (!target) {
                diagnostics << Diagnostic{Severity::Error,
                                          QStringLiteral("import-endpoint"),
                                          QStringLiteral("--endpoint %1=%2: no service '%1' in "
                                                         "the input")
                                              .arg(name, address),
                                          {},
                                          {}};
                continue;
            }
            if (!rebound.contains(name)) {
                target->endpoints.clear();
                rebound.insert(name);
            }
            target->endpoints << Endpoint{address, 1, {}};
        }
        bool tls = false;
        for (const VirtualHost &host : topology.hosts)
            tls = tls || !host.tls.isEmpty();
        // Local listeners, so that the imported topology can be served and tested as it is.
        topology.listeners << Listener{
            QStringLiteral("http"), QStringLiteral("127.0.0.1:8080"), Protocol::Http, {}};
        if (tls)
            topology.listeners << Listener{
                QStringLiteral("https"), QStringLiteral("127.0.0.1:8443"), Protocol::Https, {}};
    }

private:
    QString m_file;
    QList<BackendRef> m_refs;
    QMap<QString, ServicePorts> m_ports; // service name -> named ports

    void report(Severity severity, const YAML::Node &node, const QString &message,
                const QString &rule = QStringLiteral("import")) {
        diagnostics << Diagnostic{severity, rule, message, m_file, at(node)};
    }
    void error(const YAML::Node &n, const QString &m) { report(Severity::Error, n, m); }
    void warning(const YAML::Node &n, const QString &m) { report(Severity::Warning, n, m); }
    void note(const YAML::Node &n, const QString &m) { report(Severity::Info, n, m); }

    bool expectVersion(const YAML::Node &doc, const QString &apiVersion, const QString &want) {
        if (apiVersion == want)
            return true;
        error(doc["apiVersion"], QStringLiteral("unsupported apiVersion '%1' for %2 (expected %3)")
                                     .arg(apiVersion, scalar(doc, "kind"), want));
        return false;
    }

    // The key itself, for messages about a field (its value may start on the next line).
    static YAML::Node keyNode(const YAML::Node &map, const char *key) {
        for (auto it = map.begin(); it != map.end(); ++it)
            if (it->first.IsScalar() && it->first.Scalar() == key)
                return it->first;
        return map;
    }

    QString scalar(const YAML::Node &map, const char *key, bool required = false) {
        if (!map.IsMap()) {
            if (required)
                error(map,
                      QStringLiteral("expected a mapping with '%1'").arg(QLatin1StringView(key)));
            return {};
        }
        const YAML::Node value = map[key];
        if (!value) {
            if (required)
                error(map,
                      QStringLiteral("missing required field '%1'").arg(QLatin1StringView(key)));
            return {};
        }
        if (!value.IsScalar()) {
            error(value, QStringLiteral("'%1' must be a single value").arg(QLatin1StringView(key)));
            return {};
        }
        return q(value.Scalar());
    }

    std::optional<int> integer(const YAML::Node &map, const char *key) {
        const QString text = scalar(map, key);
        if (text.isEmpty())
            return std::nullopt;
        bool ok = false;
        const int value = text.toInt(&ok);
        if (!ok) {
            error(map[key], QStringLiteral("'%1' must be a number, not '%2'")
                                .arg(QLatin1StringView(key), text));
            return std::nullopt;
        }
        return value;
    }

    static QString namespaceOf(const QString &nameSpace) {
        return nameSpace == u"default" ? QString() : nameSpace;
    }

    VirtualHost &hostNamed(const QString &name, const YAML::Node &where) {
        for (VirtualHost &host : topology.hosts)
            if (host.host == name)
                return host;
        VirtualHost host;
        host.host = name;
        host.src.node = at(where);
        topology.hosts << host;
        return topology.hosts.last();
    }

    Service &serviceNamed(const QString &name, const QString &nameSpace) {
        for (Service &s : topology.services)
            if (s.name == name && s.nameSpace == nameSpace)
                return s;
        Service s;
        s.name = name;
        s.nameSpace = nameSpace;
        topology.services << s;
        return topology.services.last();
    }

    struct IngressAnnotations {
        bool useRegex = false;
        QString rewriteTarget;
        std::optional<bool> sslRedirect;
    };

    IngressAnnotations annotations(const YAML::Node &metadata) {
        IngressAnnotations result;
        const YAML::Node list = metadata["annotations"];
        if (!list || !list.IsMap())
            return result;
        for (auto it = list.begin(); it != list.end(); ++it) {
            const QString key = q(it->first.Scalar());
            const QString value = it->second.IsScalar() ? q(it->second.Scalar()) : QString();
            const QString name = key.section(u'/', 1);
            const bool known =
                key.startsWith(u"nginx.ingress.kubernetes.io/") || key.startsWith(u"haproxy.org/");
            if (known && name == u"use-regex")
                result.useRegex = value == u"true";
            else if (known && (name == u"rewrite-target" || name == u"path-rewrite"))
                result.rewriteTarget = value;
            else if (known && name == u"ssl-redirect")
                result.sslRedirect = value == u"true";
            else if (known && (name == u"upstream-hash-by" || name == u"load-balance"))
                continue; // load balancing travels on the Service annotation as well
            else if (key == u"kubernetes.io/ingress.class")
                note(it->first, QStringLiteral("ingress class '%1' noted; not part of the "
                                               "topology")
                                    .arg(value));
            else
                warning(it->first, QStringLiteral("annotation '%1' is not understood; its "
                                                  "effect is not imported")
                                       .arg(key));
        }
        return result;
    }

    void ingress(const YAML::Node &doc, bool beta) {
        const YAML::Node metadata = doc["metadata"];
        const QString name = scalar(metadata, "name", true);
        const QString nameSpace = namespaceOf(scalar(metadata, "namespace"));
        if (topology.name.isEmpty())
            topology.name = name;
        const IngressAnnotations notes = annotations(metadata);
        const YAML::Node spec = doc["spec"];
        if (!spec || !spec.IsMap()) {
            error(spec ? spec : doc,
                  QStringLiteral("Ingress '%1' has no 'spec' mapping").arg(name));
            return;
        }
        const YAML::Node fallback = spec[beta ? "backend" : "defaultBackend"];
        if (fallback)
            if (auto ref = backend(fallback, nameSpace, beta))
                topology.defaultService = ref->service;
        for (const YAML::Node &rule : spec["rules"]) {
            const QString hostName = scalar(rule, "host");
            const YAML::Node paths = rule["http"]["paths"];
            if (!paths || !paths.IsSequence()) {
                error(rule, QStringLiteral("rule without 'http.paths'"));
                continue;
            }
            if (hostName.isEmpty()) {
                // A rule for every host: the topology says that with its default service.
                for (const YAML::Node &path : paths) {
                    const auto ref = backend(path["backend"], nameSpace, beta);
                    if (ref && scalar(path, "path", false).remove(u'/').isEmpty())
                        topology.defaultService = ref->service;
                    else
                        warning(path, QStringLiteral("a path rule without 'host' is only "
                                                     "imported for '/' (as the default "
                                                     "service)"));
                }
                continue;
            }
            VirtualHost &host = hostNamed(hostName, rule);
            if (notes.sslRedirect == false)
                host.sslRedirect = false;
            for (const YAML::Node &path : paths)
                route(host, path, nameSpace, beta, notes);
        }
        for (const YAML::Node &tls : spec["tls"]) {
            const QString secret = scalar(tls, "secretName");
            for (const YAML::Node &h : tls["hosts"]) {
                const QString hostName = h.IsScalar() ? q(h.Scalar()) : QString();
                bool found = false;
                for (VirtualHost &host : topology.hosts)
                    if (host.host == hostName) {
                        host.tls = secret;
                        found = true;
                    }
                if (!found)
                    warning(h, QStringLiteral("TLS host '%1' has no rule; ignored").arg(hostName));
            }
            if (!secret.isEmpty() && !topology.findCertificate(secret))
                topology.certificates << Certificate{secret,
                                                     QStringLiteral("certs/%1.crt").arg(secret),
                                                     QStringLiteral("certs/%1.key").arg(secret),
                                                     {at(tls), {}}};
        }
    }

    void route(VirtualHost &host, const YAML::Node &node, const QString &nameSpace, bool beta,
               const IngressAnnotations &notes) {
        Route r;
        r.src.node = at(node);
        r.path = scalar(node, "path");
        if (r.path.isEmpty())
            r.path = QStringLiteral("/");
        const QString type = beta && !node["pathType"] ? QStringLiteral("ImplementationSpecific")
                                                       : scalar(node, "pathType", true);
        if (type == u"Exact") {
            r.pathType = PathType::Exact;
        } else if (type == u"Prefix") {
            r.pathType = PathType::Prefix;
        } else if (type == u"ImplementationSpecific") {
            static const QRegularExpression rewritten(
                QStringLiteral("^(.*)\\(/\\|\\$\\)\\(\\.\\*\\)$"));
            const auto m = rewritten.match(r.path);
            if (!notes.rewriteTarget.isEmpty() && m.hasMatch()) {
                r.path = m.captured(1).isEmpty() ? QStringLiteral("/") : m.captured(1);
                r.pathType = PathType::Prefix;
                QString target = notes.rewriteTarget.section(u' ', -1);
                target.remove(QRegularExpression(QStringLiteral("/?(\\$2|\\\\2)$")));
                r.rewritePrefix = target.isEmpty() ? QStringLiteral("/") : target;
            } else if (notes.useRegex) {
                r.pathType = PathType::Regex;
            } else {
                r.pathType = PathType::Prefix;
                note(node, QStringLiteral("pathType ImplementationSpecific read as Prefix"));
            }
        } else if (!type.isEmpty()) {
            error(node["pathType"], QStringLiteral("pathType must be Exact, Prefix or "
                                                   "ImplementationSpecific, not '%1'")
                                        .arg(type));
        }
        // The backend is read even when the path is wrong, so that all its problems are listed.
        const auto ref = backend(node["backend"], nameSpace, beta);
        if (!ref || type.isEmpty())
            return;
        r.service = ref->service;
        host.routes << r;
    }

    std::optional<BackendRef> backend(const YAML::Node &node, const QString &nameSpace, bool beta) {
        if (!node || !node.IsMap()) {
            error(node, QStringLiteral("missing required field 'backend'"));
            return std::nullopt;
        }
        if (node["resource"]) {
            warning(keyNode(node, "resource"),
                    QStringLiteral("'resource' backends are not supported; "
                                   "this path is not imported"));
            return std::nullopt;
        }
        BackendRef ref;
        ref.nameSpace = nameSpace;
        ref.where = at(node);
        ref.file = m_file;
        if (beta) {
            ref.service = scalar(node, "serviceName", true);
            const QString port = scalar(node, "servicePort", true);
            bool numeric = false;
            ref.port = port.toInt(&numeric);
            if (!numeric)
                ref.portName = port;
        } else {
            const YAML::Node service = node["service"];
            if (!service) {
                error(node, QStringLiteral("backend needs 'service' (or 'resource')"));
                return std::nullopt;
            }
            ref.service = scalar(service, "name", true);
            const YAML::Node port = service["port"];
            if (!port) {
                error(service, QStringLiteral("missing required field 'port'"));
                return std::nullopt;
            }
            ref.port = integer(port, "number").value_or(0);
            ref.portName = scalar(port, "name");
            if (ref.port == 0 && ref.portName.isEmpty()) {
                error(port, QStringLiteral("port needs 'number' or 'name'"));
                return std::nullopt;
            }
        }
        if (ref.service.isEmpty())
            return std::nullopt;
        m_refs << ref;
        return ref;
    }

    void resolve(const BackendRef &ref) {
        bool known = false;
        for (const Service &s : topology.services)
            known = known || (s.name == ref.service && s.nameSpace == ref.nameSpace);
        Service &service = serviceNamed(ref.service, ref.nameSpace);
        const auto warn = [&](const QString &message) {
            diagnostics << Diagnostic{Severity::Warning, QStringLiteral("import"), message,
                                      ref.file, ref.where};
        };
        if (!ref.portName.isEmpty()) {
            const auto ports = m_ports.value(ref.service).byName;
            if (ports.contains(ref.portName))
                service.port = ports.value(ref.portName);
            else
                warn(QStringLiteral("service '%1' has no port named '%2' in the input")
                         .arg(ref.service, ref.portName));
        } else if (!known) {
            service.port = ref.port;
        } else if (service.port != ref.port) {
            warn(QStringLiteral("port %1 of service '%2' is not the port it declares (%3); "
                                "%3 is used")
                     .arg(ref.port)
                     .arg(ref.service)
                     .arg(service.port));
        }
        if (!known)
            warn(QStringLiteral("service '%1' is not defined in the input; created without "
                                "endpoints (bind it with --endpoint %1=HOST:PORT)")
                     .arg(ref.service));
    }

    void service(const YAML::Node &doc) {
        const YAML::Node metadata = doc["metadata"];
        const QString name = scalar(metadata, "name", true);
        if (name.isEmpty())
            return;
        Service &s = serviceNamed(name, namespaceOf(scalar(metadata, "namespace")));
        s.src.node = at(doc);
        const YAML::Node spec = doc["spec"];
        const QString type = scalar(spec, "type");
        if (!type.isEmpty()) {
            if (auto parsed = enumFromString<ServiceType>(type))
                s.type = *parsed;
            else
                warning(spec["type"], QStringLiteral("service type '%1' is imported as "
                                                     "ClusterIP")
                                          .arg(type));
        }
        if (spec["selector"] && spec["selector"].IsMap())
            for (auto it = spec["selector"].begin(); it != spec["selector"].end(); ++it)
                s.selector.insert(q(it->first.Scalar()), q(it->second.Scalar()));
        const YAML::Node ports = spec["ports"];
        if (ports && ports.IsSequence() && ports.size() > 0) {
            for (const YAML::Node &port : ports) {
                const QString portName = scalar(port, "name");
                const auto number = integer(port, "port");
                if (number && !portName.isEmpty())
                    m_ports[name].byName.insert(portName, *number);
            }
            s.port = integer(ports[0], "port").value_or(80);
            if (auto nodePort = integer(ports[0], "nodePort"))
                s.nodePort = nodePort;
            if (ports.size() > 1)
                note(ports, QStringLiteral("service '%1' has %2 ports; the topology keeps the "
                                           "first unless an Ingress names another")
                                .arg(name)
                                .arg(ports.size()));
        }
        const YAML::Node annotations = metadata["annotations"];
        if (annotations && annotations.IsMap()) {
            const QString endpoints =
                scalar(annotations, KubernetesExporter::endpointsAnnotation.toUtf8().constData());
            for (const QString &item : endpoints.split(u',', Qt::SkipEmptyParts)) {
                Endpoint endpoint{item.section(u'=', 0, 0), 1, {}};
                if (item.contains(u'='))
                    endpoint.weight = item.section(u'=', 1).toInt();
                s.endpoints << endpoint;
            }
            const QString policy = scalar(
                annotations, KubernetesExporter::loadBalancingAnnotation.toUtf8().constData());
            if (auto parsed = enumFromString<LoadBalancing>(policy))
                s.loadBalancing = *parsed;
        }
    }

    void secret(const YAML::Node &doc) {
        const QString name = scalar(doc["metadata"], "name", true);
        const QString type = scalar(doc, "type");
        if (type != u"kubernetes.io/tls") {
            note(doc, QStringLiteral("Secret '%1' of type '%2' is not a TLS secret; skipped")
                          .arg(name, type));
            return;
        }
        Certificate cert{name,
                         QStringLiteral("certs/%1.crt").arg(name),
                         QStringLiteral("certs/%1.key").arg(name),
                         {at(doc), {}}};
        for (const auto &[key, path] :
             {std::pair{"tls.crt", cert.certificate}, std::pair{"tls.key", cert.privateKey}}) {
            const QString data = scalar(doc["data"], key);
            if (!data.isEmpty())
                files.insert(path, QByteArray::fromBase64(data.toLatin1()));
        }
        if (!topology.findCertificate(name))
            topology.certificates << cert;
    }
};

} // namespace

void KubernetesImporter::addData(const QByteArray &yaml, const QString &fileName) {
    m_inputs << Input{yaml, fileName};
}

bool KubernetesImporter::addFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_readErrors << Diagnostic{Severity::Error,
                                   QStringLiteral("import"),
                                   QStringLiteral("cannot read: %1").arg(file.errorString()),
                                   path,
                                   {}};
        return false;
    }
    const QByteArray data = file.read(maxInputSize + 1);
    if (data.size() > maxInputSize) {
        m_readErrors << Diagnostic{Severity::Error,
                                   QStringLiteral("import"),
                                   QStringLiteral("larger than 32 MiB; not a manifest"),
                                   path,
                                   {}};
        return false;
    }
    addData(data, path);
    return true;
}

ImportResult KubernetesImporter::finish(const EndpointBindings &endpoints) {
    Parser parser;
    parser.diagnostics = m_readErrors;
    for (const Input &input : m_inputs) {
        std::vector<YAML::Node> documents;
        try {
            documents = YAML::LoadAll(input.yaml.toStdString());
        } catch (const YAML::Exception &e) {
            parser.diagnostics << Diagnostic{
                Severity::Error, QStringLiteral("import-yaml"),
                QStringLiteral("invalid YAML: %1").arg(q(e.msg)), input.fileName,
                e.mark.is_null() ? SourceLocation{}
                                 : SourceLocation{e.mark.line + 1, e.mark.column + 1}};
            continue;
        }
        for (const YAML::Node &doc : documents) {
            try {
                parser.document(doc, input.fileName);
            } catch (const YAML::Exception &e) {
                // Wrong node shapes (a scalar where a list belongs) surface here.
                parser.diagnostics << Diagnostic{
                    Severity::Error, QStringLiteral("import"),
                    QStringLiteral("unexpected structure: %1").arg(q(e.msg)), input.fileName,
                    e.mark.is_null() ? at(doc)
                                     : SourceLocation{e.mark.line + 1, e.mark.column + 1}};
            }
        }
    }
    parser.finish(endpoints);
    return ImportResult{parser.topology, parser.diagnostics, parser.files};
}

ImportResult KubernetesImporter::importFiles(const QStringList &paths,
                                             const EndpointBindings &endpoints) {
    KubernetesImporter importer;
    for (const QString &path : paths)
        importer.addFile(path);
    return importer.finish(endpoints);
}

} // namespace ingress
