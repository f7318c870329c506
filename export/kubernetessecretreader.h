#pragma once

#include "export/kubernetesimportsession.h"
#include "model/topology/certificate.h"

namespace ingress::kubeimport {

// The certificate a TLS Secret named `name` becomes: its files under certs/, written from the
// Secret's data when the input has it. Ingress `tls` entries name Secrets the same way.
Certificate certificateForSecret(const QString &name, SourceLocation where);

// A `kubernetes.io/tls` Secret: a certificate, and its tls.crt / tls.key as files. Secrets of
// other types are skipped with a note.
void readSecret(ImportSession &session, const YAML::Node &doc);

// Once every file is read: a Secret an Ingress names but the input does not hold becomes a
// certificate the cluster holds (`secret:`, no files) rather than one whose files do not exist,
// with a warning at the `tls` entry naming the Secret.
void holdMissingSecretsInCluster(ImportSession &session);

} // namespace ingress::kubeimport
