#pragma once

#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

namespace ingress::certs {

// Owning handles for OpenSSL objects, so every early return frees what it allocated.
template <auto FreeFn> struct OpenSslDeleter {
    template <typename T> void operator()(T *p) const { FreeFn(p); }
};

using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, OpenSslDeleter<PKCS12_free>>;

inline X509Ptr upRef(X509 *x) {
    if (x)
        X509_up_ref(x);
    return X509Ptr(x);
}

inline EvpPkeyPtr upRef(EVP_PKEY *k) {
    if (k)
        EVP_PKEY_up_ref(k);
    return EvpPkeyPtr(k);
}

} // namespace ingress::certs
