#pragma once

#include "model/items/documenteditor.h"
#include "tests/model/items/sampletopology.h"

#include <functional>
#include <QMap>

// Every kind of edit the GUI offers, applied to sampleTopology(): shared by the document and
// the model tests so that each model is exercised with each edit, its undo and its redo.
using namespace ingress;

namespace {

struct Edit {
    std::function<void(DocumentEditor &)> apply;
    std::function<bool(const Topology &)> check; // holds after the edit, not before
};

inline const QMap<QString, Edit> &edits() {
    static const QMap<QString, Edit> table{
        {QStringLiteral("add host"),
         {[](DocumentEditor &e) { e.addHost(); },
          [](const Topology &t) {
              return t.hosts.size() == 3 && t.hosts.at(2).host == u"new.example.com" &&
                     t.hosts.at(2).routes.size() == 1;
          }}},
        {QStringLiteral("remove host"),
         {[](DocumentEditor &e) { e.remove(ItemRef::virtualHost(0)); },
          [](const Topology &t) {
              return t.hosts.size() == 1 && t.hosts.at(0).host == u"abc.bar.com";
          }}},
        {QStringLiteral("rename host"),
         {[](DocumentEditor &e) {
              VirtualHost h = sampleTopology().hosts.at(1);
              h.host = QStringLiteral("xyz.bar.com");
              e.replace(ItemRef::virtualHost(1), h);
          },
          [](const Topology &t) { return t.hosts.at(1).host == u"xyz.bar.com"; }}},
        {QStringLiteral("duplicate host"),
         {[](DocumentEditor &e) { e.duplicate(ItemRef::virtualHost(0)); },
          [](const Topology &t) {
              return t.hosts.size() == 3 && t.hosts.at(1).host == u"food-2.bar.com" &&
                     t.hosts.at(1).routes == t.hosts.at(0).routes;
          }}},
        {QStringLiteral("add route"),
         {[](DocumentEditor &e) { e.addRoute(1, 0); },
          [](const Topology &t) {
              return t.hosts.at(1).routes.size() == 3 &&
                     t.hosts.at(1).routes.at(1).firstMatch().path == u"/new";
          }}},
        {QStringLiteral("remove route"),
         {[](DocumentEditor &e) { e.remove(ItemRef::route(1, 0)); },
          [](const Topology &t) {
              return t.hosts.at(1).routes.size() == 1 &&
                     t.hosts.at(1).routes.at(0).firstMatch().path == u"/login";
          }}},
        {QStringLiteral("duplicate route"),
         {[](DocumentEditor &e) { e.duplicate(ItemRef::route(1, 1)); },
          [](const Topology &t) {
              return t.hosts.at(1).routes.size() == 3 &&
                     t.hosts.at(1).routes.at(2).firstMatch().path == u"/login";
          }}},
        {QStringLiteral("reorder route"),
         {[](DocumentEditor &e) { e.moveRoute(ItemRef::route(1, 0), ItemRef::route(1, 1)); },
          [](const Topology &t) {
              return t.hosts.at(1).routes.at(0).firstMatch().path == u"/login" &&
                     t.hosts.at(1).routes.at(1).firstMatch().path == u"/api";
          }}},
        {QStringLiteral("move route to other host"),
         {[](DocumentEditor &e) { e.moveRoute(ItemRef::route(1, 1), ItemRef::route(0, 0)); },
          [](const Topology &t) {
              return t.hosts.at(0).routes.size() == 2 && t.hosts.at(1).routes.size() == 1 &&
                     t.hosts.at(0).routes.at(0).firstMatch().path == u"/login";
          }}},
        {QStringLiteral("add service"),
         {[](DocumentEditor &e) { e.addService(); },
          [](const Topology &t) {
              return t.services.size() == 3 && t.services.at(2).name == u"service";
          }}},
        {QStringLiteral("remove service"),
         {[](DocumentEditor &e) { e.remove(ItemRef::service(1)); },
          [](const Topology &t) { return t.services.size() == 1; }}},
        {QStringLiteral("duplicate service"),
         {[](DocumentEditor &e) { e.duplicate(ItemRef::service(0)); },
          [](const Topology &t) {
              return t.services.size() == 3 && t.services.at(1).name == u"food-2" &&
                     t.services.at(1).endpoints == t.services.at(0).endpoints;
          }}},
        {QStringLiteral("add endpoint"),
         {[](DocumentEditor &e) { e.addEndpoint(1, QStringLiteral("127.0.0.1:9010"), 2); },
          [](const Topology &t) {
              return t.services.at(1).endpoints.size() == 2 &&
                     t.services.at(1).endpoints.at(1).weight == 2;
          }}},
        {QStringLiteral("remove endpoint"),
         {[](DocumentEditor &e) { e.removeEndpoint(0, 0); },
          [](const Topology &t) {
              return t.services.at(0).endpoints.size() == 1 &&
                     t.services.at(0).endpoints.at(0).address == u"127.0.0.1:9002";
          }}},
        {QStringLiteral("edit endpoint"),
         {[](DocumentEditor &e) {
              e.editEndpoint(0, 1, Endpoint{QStringLiteral("127.0.0.1:9999"), 5, {}});
          },
          [](const Topology &t) { return t.services.at(0).endpoints.at(1).weight == 5; }}},
        {QStringLiteral("add listener"),
         {[](DocumentEditor &e) { e.addListener(); },
          [](const Topology &t) { return t.listeners.size() == 3; }}},
        {QStringLiteral("remove listener"),
         {[](DocumentEditor &e) { e.remove(ItemRef::listener(0)); },
          [](const Topology &t) {
              return t.listeners.size() == 1 && t.listeners.at(0).name == u"websecure";
          }}},
        {QStringLiteral("add certificate"),
         {[](DocumentEditor &e) { e.addCertificate(); },
          [](const Topology &t) { return t.certificates.size() == 2; }}},
        {QStringLiteral("remove certificate"),
         {[](DocumentEditor &e) { e.remove(ItemRef::certificate(0)); },
          [](const Topology &t) { return t.certificates.isEmpty(); }}},
    };
    return table;
}

} // namespace
