#include "propertyfields.h"

#include "documenteditor.h"
#include "enums.h"
#include "topologydocument.h"

#include <QCoreApplication>

namespace ingress::ui {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("PropertyFields", text);
}

// Builds a field that edits one member of the current item of type T.
template <typename T> struct FieldFactory {
    TopologyDocument *document;
    std::function<ItemRef()> current;

    PropertyField make(const QString &key, const QString &label,
                       std::function<QString(const T &)> get,
                       std::function<void(T &, const QString &)> set,
                       std::function<QString(const QString &)> check = {}) const {
        PropertyField f;
        f.key = key;
        f.label = label;
        auto doc = document;
        auto cur = current;
        f.get = [doc, cur, get] {
            const ItemRef ref = cur();
            return doc->contains(ref) ? get(doc->template item<T>(ref)) : QString();
        };
        f.check = check ? check : [](const QString &) { return QString(); };
        f.set = [doc, cur, set, key](const QString &text) {
            const ItemRef ref = cur();
            if (!doc->contains(ref))
                return;
            T value = doc->template item<T>(ref);
            set(value, text);
            DocumentEditor(doc).replace(ref, value, key);
        };
        return f;
    }
    PropertyField choice(const QString &key, const QString &label, const QStringList &choices,
                         std::function<QString(const T &)> get,
                         std::function<void(T &, const QString &)> set) const {
        PropertyField f = make(key, label, std::move(get), std::move(set));
        f.editor = PropertyField::Editor::Choice;
        f.choices = choices;
        return f;
    }
};

PropertyField withPlaceholder(PropertyField field, const QString &placeholder) {
    field.placeholder = placeholder;
    return field;
}

// An example in the empty field and the syntax in its tooltip.
PropertyField withHint(PropertyField field, const QString &example, const QString &syntax) {
    field.placeholder = example;
    field.toolTip = syntax;
    return field;
}

QString durationText(const std::optional<Duration> &d) {
    return d ? formatDuration(*d) : QString();
}
std::optional<Duration> durationFrom(const QString &text) {
    return text.isEmpty() ? std::nullopt : parseDuration(text);
}

QStringList names(const auto &list) {
    QStringList result;
    for (const auto &item : list)
        result << item.name;
    return result;
}

QList<PropertyField> listenerFields(const FieldFactory<Listener> &f) {
    return {
        f.make(
            QStringLiteral("name"), tr("Name"), [](const Listener &l) { return l.name; },
            [](Listener &l, const QString &t) { l.name = t; },
            [](const QString &t) { return t.isEmpty() ? tr("A name is required") : QString(); }),
        f.make(
            QStringLiteral("bind"), tr("Address"), [](const Listener &l) { return l.bind; },
            [](Listener &l, const QString &t) { l.bind = t; }, checks::hostPort),
        f.choice(
            QStringLiteral("protocol"), tr("Protocol"), enumNames<Protocol>(),
            [](const Listener &l) { return toString(l.protocol); },
            [](Listener &l, const QString &t) {
                l.protocol = enumFromString<Protocol>(t).value_or(l.protocol);
            }),
    };
}

QList<PropertyField> hostFields(const FieldFactory<VirtualHost> &f, const Topology &t) {
    return {
        f.make(
            QStringLiteral("host"), tr("Host name"), [](const VirtualHost &h) { return h.host; },
            [](VirtualHost &h, const QString &v) { h.host = v; }, checks::hostName),
        f.choice(
            QStringLiteral("tls"), tr("TLS certificate"),
            QStringList{QString()} + names(t.certificates),
            [](const VirtualHost &h) { return h.tls; },
            [](VirtualHost &h, const QString &v) { h.tls = v; }),
        withPlaceholder(
            f.make(
                QStringLiteral("listeners"), tr("Listeners"),
                [](const VirtualHost &h) { return h.listeners.join(QLatin1String(", ")); },
                [](VirtualHost &h, const QString &v) {
                    h.listeners.clear();
                    for (const QString &name : v.split(u',', Qt::SkipEmptyParts))
                        h.listeners << name.trimmed();
                }),
            tr("every listener")),
        f.choice(
            QStringLiteral("sslRedirect"), tr("Redirect to HTTPS"),
            {tr("automatic"), QStringLiteral("true"), QStringLiteral("false")},
            [](const VirtualHost &h) {
                return h.sslRedirect
                           ? (*h.sslRedirect ? QStringLiteral("true") : QStringLiteral("false"))
                           : tr("automatic");
            },
            [](VirtualHost &h, const QString &v) {
                if (v == QLatin1String("true"))
                    h.sslRedirect = true;
                else if (v == QLatin1String("false"))
                    h.sslRedirect = false;
                else
                    h.sslRedirect.reset();
            }),
    };
}

QList<PropertyField> routeFields(const FieldFactory<Route> &f, TopologyDocument *document,
                                 std::function<ItemRef()> current, const Topology &t) {
    auto pathCheck = [document, current](const QString &text) {
        const ItemRef ref = current();
        const QString type = document->contains(ref) ? toString(document->item<Route>(ref).pathType)
                                                     : QStringLiteral("Prefix");
        return checks::path(text, type);
    };
    return {
        f.make(
            QStringLiteral("path"), tr("Path"), [](const Route &r) { return r.path; },
            [](Route &r, const QString &v) { r.path = v; }, pathCheck),
        f.choice(
            QStringLiteral("pathType"), tr("Path type"), enumNames<PathType>(),
            [](const Route &r) { return toString(r.pathType); },
            [](Route &r, const QString &v) {
                r.pathType = enumFromString<PathType>(v).value_or(r.pathType);
            }),
        f.choice(
            QStringLiteral("service"), tr("Service"), QStringList{QString()} + names(t.services),
            [](const Route &r) { return r.service; },
            [](Route &r, const QString &v) { r.service = v; }),
        withPlaceholder(
            f.make(
                QStringLiteral("rewritePrefix"), tr("Rewrite prefix"),
                [](const Route &r) { return r.rewritePrefix.value_or(QString()); },
                [](Route &r, const QString &v) {
                    r.rewritePrefix = v.isEmpty() ? std::nullopt : std::optional<QString>(v);
                },
                [](const QString &v) { return v.isEmpty() ? QString() : checks::path(v, {}); }),
            tr("no rewrite")),
        withPlaceholder(f.make(
                            QStringLiteral("methods"), tr("Methods"),
                            [](const Route &r) { return r.methods.join(QLatin1String(", ")); },
                            [](Route &r, const QString &v) {
                                r.methods.clear();
                                for (const QString &m : v.split(u',', Qt::SkipEmptyParts))
                                    r.methods << m.trimmed().toUpper();
                            }),
                        tr("any method")),
        withPlaceholder(f.make(
                            QStringLiteral("timeout"), tr("Timeout"),
                            [](const Route &r) { return durationText(r.timeout); },
                            [](Route &r, const QString &v) { r.timeout = durationFrom(v); },
                            checks::optionalDuration),
                        tr("the service's response timeout")),
        withPlaceholder(f.make(
                            QStringLiteral("maxBodySize"), tr("Max body size"),
                            [](const Route &r) {
                                return r.maxBodySize ? formatByteSize(*r.maxBodySize) : QString();
                            },
                            [](Route &r, const QString &v) {
                                r.maxBodySize = v.isEmpty() ? std::nullopt : parseByteSize(v);
                            },
                            checks::optionalByteSize),
                        tr("no limit")),
    };
}

QList<PropertyField> serviceFields(const FieldFactory<Service> &f) {
    return {
        f.make(
            QStringLiteral("name"), tr("Name"), [](const Service &s) { return s.name; },
            [](Service &s, const QString &v) { s.name = v; },
            [](const QString &t) { return t.isEmpty() ? tr("A name is required") : QString(); }),
        withPlaceholder(f.make(
                            QStringLiteral("namespace"), tr("Namespace"),
                            [](const Service &s) { return s.nameSpace; },
                            [](Service &s, const QString &v) { s.nameSpace = v; }),
                        tr("default")),
        f.choice(
            QStringLiteral("type"), tr("Type"), enumNames<ServiceType>(),
            [](const Service &s) { return toString(s.type); },
            [](Service &s, const QString &v) {
                s.type = enumFromString<ServiceType>(v).value_or(s.type);
            }),
        f.make(
            QStringLiteral("port"), tr("Port"),
            [](const Service &s) { return QString::number(s.port); },
            [](Service &s, const QString &v) { s.port = v.toInt(); }, checks::port),
        f.choice(
            QStringLiteral("loadBalancing"), tr("Load balancing"), enumNames<LoadBalancing>(),
            [](const Service &s) { return toString(s.loadBalancing); },
            [](Service &s, const QString &v) {
                s.loadBalancing = enumFromString<LoadBalancing>(v).value_or(s.loadBalancing);
            }),
        withHint(f.make(
                     QStringLiteral("endpoints"), tr("Endpoints"),
                     [](const Service &s) {
                         QStringList parts;
                         for (const Endpoint &e : s.endpoints)
                             parts << (e.weight == 1
                                           ? e.address
                                           : QStringLiteral("%1*%2").arg(e.address).arg(e.weight));
                         return parts.join(QLatin1String(", "));
                     },
                     [](Service &s, const QString &v) {
                         QList<Endpoint> endpoints;
                         for (const QString &raw : v.split(u',', Qt::SkipEmptyParts)) {
                             const QStringList parts = raw.trimmed().split(u'*');
                             Endpoint e;
                             e.address = parts.at(0).trimmed();
                             e.weight = parts.size() > 1 ? parts.at(1).trimmed().toInt() : 1;
                             // Keep where an unchanged endpoint was written.
                             for (const Endpoint &old : std::as_const(s.endpoints))
                                 if (old.address == e.address)
                                     e.src = old.src;
                             endpoints << e;
                         }
                         s.endpoints = endpoints;
                     },
                     checks::endpoints),
                 QStringLiteral("10.0.0.1:8080, 10.0.0.2:8080*3"),
                 tr("address:port of each endpoint, separated by commas; *N after one gives it "
                    "weight N (default 1), so 10.0.0.2:8080*3 takes three times the requests of "
                    "10.0.0.1:8080")),
        withPlaceholder(
            f.make(
                QStringLiteral("healthPath"), tr("Health check path"),
                [](const Service &s) { return s.healthCheck ? s.healthCheck->path : QString(); },
                [](Service &s, const QString &v) {
                    if (v.isEmpty()) {
                        s.healthCheck.reset();
                        return;
                    }
                    if (!s.healthCheck)
                        s.healthCheck = HealthCheck{};
                    s.healthCheck->path = v;
                },
                [](const QString &v) { return v.isEmpty() ? QString() : checks::path(v, {}); }),
            tr("no health check")),
        f.make(
            QStringLiteral("healthInterval"), tr("Health check interval"),
            [](const Service &s) {
                return s.healthCheck ? formatDuration(s.healthCheck->interval) : QString();
            },
            [](Service &s, const QString &v) {
                if (s.healthCheck && parseDuration(v))
                    s.healthCheck->interval = *parseDuration(v);
            },
            checks::optionalDuration),
        withPlaceholder(
            f.make(
                QStringLiteral("connectTimeout"), tr("Connect timeout"),
                [](const Service &s) { return durationText(s.timeouts.connect); },
                [](Service &s, const QString &v) { s.timeouts.connect = durationFrom(v); },
                checks::optionalDuration),
            tr("engine default")),
        withPlaceholder(
            f.make(
                QStringLiteral("responseTimeout"), tr("Response timeout"),
                [](const Service &s) { return durationText(s.timeouts.response); },
                [](Service &s, const QString &v) { s.timeouts.response = durationFrom(v); },
                checks::optionalDuration),
            tr("engine default")),
    };
}

QList<PropertyField> certificateFields(const FieldFactory<Certificate> &f) {
    return {
        f.make(
            QStringLiteral("name"), tr("Name"), [](const Certificate &c) { return c.name; },
            [](Certificate &c, const QString &v) { c.name = v; },
            [](const QString &t) { return t.isEmpty() ? tr("A name is required") : QString(); }),
        f.make(
            QStringLiteral("certificate"), tr("Certificate (PEM)"),
            [](const Certificate &c) { return c.certificate; },
            [](Certificate &c, const QString &v) { c.certificate = v; },
            [](const QString &t) { return t.isEmpty() ? tr("A file is required") : QString(); }),
        withPlaceholder(f.make(
                            QStringLiteral("privateKey"), tr("Private key"),
                            [](const Certificate &c) { return c.privateKey; },
                            [](Certificate &c, const QString &v) {
                                c.privateKey = v.isEmpty() ? Certificate::keychain : v;
                            }),
                        tr("keychain")),
    };
}

} // namespace

QList<PropertyField> propertyFields(TopologyDocument *document, ItemKind kind,
                                    std::function<ItemRef()> current) {
    const Topology &t = document->topology();
    switch (kind) {
    case ItemKind::Listener:
        return listenerFields({document, current});
    case ItemKind::Host:
        return hostFields({document, current}, t);
    case ItemKind::Route:
        return routeFields({document, current}, document, current, t);
    case ItemKind::Service:
        return serviceFields({document, current});
    case ItemKind::Certificate:
        return certificateFields({document, current});
    case ItemKind::None:
        break;
    }
    return {};
}

} // namespace ingress::ui
