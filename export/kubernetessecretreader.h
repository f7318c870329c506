#pragma once

#include "export/kubernetesimportsession.h"
#include "model/topology/certificate.h"

namespace ingress::kubeimport {

// The certificate a TLS Secret named `name` becomes: its files under certs/, written from the
// Secret's data when the input has it. Ingress `tls` entries name Secrets the same way.
Certificate certificateForSecret(const QString &name, SourceLocation where);

// A `kubernetes.io/tls` Secret: a certificate, and its tls.crt / tls.key as files. Secrets of
// other types are kept for the auth-secret annotations (writeHtpasswdFiles), and skipped with a
// note when none names them.
void readSecret(ImportSession &session, const YAML::Node &doc);

// The htpasswd file (relative to the topology, next to the certificates) that basic auth reads
// for an auth-secret annotation at `where`: the Secret NAMESPACE/NAME's `auth` key, or with
// `authMap` its keys as users and values as hashes. Written once every file is read, whichever
// comes first in the input, the Secret or the Ingress.
QString htpasswdFileFor(ImportSession &session, const QString &nameSpace, const QString &name,
                        bool authMap, const YAML::Node &where);

// Once every file is read: the htpasswd files asked for, from their Secrets; a Secret that is
// not in the input, or holds no users, is a warning at the annotation (or the Secret), and the
// file is left for the user to write, so that basic auth stays on and validation says the file
// is missing.
void writeHtpasswdFiles(ImportSession &session);

// Once every file is read: a Secret an Ingress names but the input does not hold becomes a
// certificate the cluster holds (`secret:`, no files) rather than one whose files do not exist,
// with a warning at the `tls` entry naming the Secret.
void holdMissingSecretsInCluster(ImportSession &session);

} // namespace ingress::kubeimport
