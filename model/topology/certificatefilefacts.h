#pragma once

#include "model/topology/certificateinfo.h"

#include <optional>
#include <QString>

namespace ingress {

// What a certificate's files hold, as validation needs it. Validation opens no file itself (so
// the document libraries need no OpenSSL): its caller reads them, with
// model/certs/certificatereader.h's readCertificateFiles().
struct CertificateFileFacts {
    std::optional<CertificateInfo> certificate; // the certificate file, when it could be read
    QString certificateProblem;                 // why it could not
    QString keyProblem;       // the key file is missing, unreadable or holds no PEM private key
    bool keyMismatch = false; // the key does not belong to the certificate
};

} // namespace ingress
