#pragma once

#include "model/topology/itemref.h"
#include "model/topology/topology.h"

namespace ingress {

// Maps a document element type to its kind and the list that holds it, so that the document
// and the undo commands are written once for every kind of item.
template <typename T> struct ItemTraits;

template <> struct ItemTraits<Listener> {
    static constexpr ItemKind kind = ItemKind::Listener;
    static QList<Listener> &list(Topology &t, int) { return t.listeners; }
    static const QList<Listener> &list(const Topology &t, int) { return t.listeners; }
    static QString name(const Listener &l) { return l.name; }
    static QString noun() { return QStringLiteral("listener"); }
};

template <> struct ItemTraits<VirtualHost> {
    static constexpr ItemKind kind = ItemKind::Host;
    static QList<VirtualHost> &list(Topology &t, int) { return t.hosts; }
    static const QList<VirtualHost> &list(const Topology &t, int) { return t.hosts; }
    static QString name(const VirtualHost &h) { return h.host; }
    static QString noun() { return QStringLiteral("host"); }
};

template <> struct ItemTraits<Route> {
    static constexpr ItemKind kind = ItemKind::Route;
    static QList<Route> &list(Topology &t, int host) { return t.hosts[host].routes; }
    static const QList<Route> &list(const Topology &t, int host) { return t.hosts.at(host).routes; }
    static QString name(const Route &r) { return r.firstMatch().path; }
    static QString noun() { return QStringLiteral("route"); }
};

template <> struct ItemTraits<Service> {
    static constexpr ItemKind kind = ItemKind::Service;
    static QList<Service> &list(Topology &t, int) { return t.services; }
    static const QList<Service> &list(const Topology &t, int) { return t.services; }
    static QString name(const Service &s) { return s.name; }
    static QString noun() { return QStringLiteral("service"); }
};

template <> struct ItemTraits<Certificate> {
    static constexpr ItemKind kind = ItemKind::Certificate;
    static QList<Certificate> &list(Topology &t, int) { return t.certificates; }
    static const QList<Certificate> &list(const Topology &t, int) { return t.certificates; }
    static QString name(const Certificate &c) { return c.name; }
    static QString noun() { return QStringLiteral("certificate"); }
};

} // namespace ingress
