#pragma once

#include "model/topology/sourcelocation.h"
#include "model/topology/stickysession.h"

#include <QString>

namespace ingress::kubeimport {

// Cookie affinity an Ingress (its affinity annotations) or an HTTPRoute rule
// (sessionPersistence) asks for. It belongs to the routes there, the topology's sticky session
// to a service, so it is applied to the services of its backend references once every file is
// read (kubernetesstickysessions.h), where other routes to the same services are known.
struct StickyRequest {
    StickySession sticky; // sticky.src.node: the annotation or field that asks for it
    QString what;         // "Ingress 'shop'", "HTTPRoute 'shop' rule #1", for messages
    QString file;
    // The backend references of ImportSession::refs it covers: [firstRef, endRef).
    qsizetype firstRef = 0;
    qsizetype endRef = 0;
};

} // namespace ingress::kubeimport
