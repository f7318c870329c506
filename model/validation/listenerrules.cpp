#include "model/topology/hostname.h"
#include "model/validation/validationreporter.h"
#include "model/validation/validationrules.h"

#include <arpa/inet.h>
#include <optional>

namespace ingress::validation {

namespace {

// Where a listener accepts connections, in the terms that decide whether two binds collide.
struct BindAddress {
    enum class Kind { AnyDualStack, AnyV4, V4, V6 };
    Kind kind = Kind::AnyDualStack;
    QByteArray bytes; // the address for V4 / V6, so "::1" and "0:0::1" compare equal
    int port = 0;
};

std::optional<BindAddress> parseBind(const QString &bind, QString *error) {
    const auto hostPort = hostname::parseHostPort(bind, error);
    if (!hostPort)
        return std::nullopt;
    BindAddress address;
    address.port = hostPort->port;
    const QByteArray host = hostPort->host.toLatin1();
    in_addr v4{};
    in6_addr v6{};
    if (host.isEmpty()) {
        address.kind = BindAddress::Kind::AnyDualStack;
    } else if (inet_pton(AF_INET, host.constData(), &v4) == 1) {
        address.kind = v4.s_addr == INADDR_ANY ? BindAddress::Kind::AnyV4 : BindAddress::Kind::V4;
        address.bytes = QByteArray(reinterpret_cast<const char *>(&v4), sizeof v4);
    } else if (inet_pton(AF_INET6, host.constData(), &v6) == 1) {
        // "::" is Qt's QHostAddress::Any: a dual-stack socket that takes IPv4 too.
        address.kind =
            IN6_IS_ADDR_UNSPECIFIED(&v6) ? BindAddress::Kind::AnyDualStack : BindAddress::Kind::V6;
        address.bytes = QByteArray(reinterpret_cast<const char *>(&v6), sizeof v6);
    } else {
        if (error)
            *error = QStringLiteral("'%1' is not an IP address; a listener binds an address, "
                                    "names are not resolved (use 127.0.0.1, [::1] or ':port')")
                         .arg(hostPort->host);
        return std::nullopt;
    }
    return address;
}

bool collide(const BindAddress &a, const BindAddress &b) {
    using Kind = BindAddress::Kind;
    if (a.port != b.port)
        return false;
    if (a.kind == Kind::AnyDualStack || b.kind == Kind::AnyDualStack)
        return true;
    if (a.kind == Kind::AnyV4 || b.kind == Kind::AnyV4)
        return a.kind != Kind::V6 && b.kind != Kind::V6;
    return a.kind == b.kind && a.bytes == b.bytes;
}

bool servesTls(const Topology &topology, const Listener &listener) {
    return std::any_of(topology.hosts.begin(), topology.hosts.end(), [&](const VirtualHost &h) {
        return !h.tls.isEmpty() && (h.listeners.isEmpty() || h.listeners.contains(listener.name));
    });
}

} // namespace

void checkListeners(ValidationReporter &reporter) {
    const Topology &topology = reporter.topology();
    QList<std::optional<BindAddress>> binds;
    for (qsizetype i = 0; i < topology.listeners.size(); ++i) {
        const Listener &listener = topology.listeners[i];
        reporter.setSubject(ItemRef::listener(int(i)));
        if (QString why = checkKubernetesName(listener.name, true); !why.isEmpty()) {
            reporter.report(QStringLiteral("invalid-name"),
                            listener.name.isEmpty() ? Severity::Error : Severity::Warning,
                            listener.src.at(QStringLiteral("name")),
                            QStringLiteral("listener name '%1': %2").arg(listener.name, why));
        }
        for (qsizetype j = 0; j < i; ++j) {
            if (topology.listeners[j].name == listener.name && !listener.name.isEmpty()) {
                reporter.report(
                    QStringLiteral("duplicate-listener"), listener.src.at(QStringLiteral("name")),
                    QStringLiteral("listener '%1' is already defined%2")
                        .arg(listener.name,
                             ValidationReporter::lineRef(topology.listeners[j].src.node)));
                break;
            }
        }

        QString why;
        binds << parseBind(listener.bind, &why);
        const SourceLocation bindAt = listener.src.at(QStringLiteral("bind"));
        if (!binds.back()) {
            reporter.report(QStringLiteral("invalid-bind"), bindAt,
                            QStringLiteral("listener '%1': bind '%2': %3")
                                .arg(listener.name, listener.bind, why));
        } else {
            for (qsizetype j = 0; j < i; ++j) {
                if (binds[j] && collide(*binds[j], *binds.back())) {
                    const Listener &other = topology.listeners[j];
                    reporter.report(
                        QStringLiteral("listener-conflict"), bindAt,
                        QStringLiteral("listener '%1' (%2) and listener '%3' (%4)%5 "
                                       "cannot both bind port %6")
                            .arg(listener.name, listener.bind, other.name, other.bind,
                                 ValidationReporter::lineRef(other.src.at(QStringLiteral("bind"))))
                            .arg(binds.back()->port));
                    break;
                }
            }
        }

        if (listener.protocol == Protocol::Https && !servesTls(topology, listener)) {
            reporter.report(QStringLiteral("https-without-certificate"),
                            listener.src.at(QStringLiteral("protocol")),
                            QStringLiteral("HTTPS listener '%1' serves no host with 'tls': it has "
                                           "no certificate to present")
                                .arg(listener.name));
        }
    }
    reporter.setSubject({});
}

} // namespace ingress::validation
