#pragma once

#include "certificate.h"
#include "kubernetesimportsession.h"

namespace ingress::kubeimport {

// The certificate a TLS Secret named `name` becomes: its files under certs/, written from the
// Secret's data when the input has it. Ingress `tls` entries name Secrets the same way.
Certificate certificateForSecret(const QString &name, SourceLocation where);

// A `kubernetes.io/tls` Secret: a certificate, and its tls.crt / tls.key as files. Secrets of
// other types are skipped with a note.
void readSecret(ImportSession &session, const YAML::Node &doc);

} // namespace ingress::kubeimport
