#pragma once

#include <memory>
#include <openssl/types.h>
#include <string>

namespace ingress::proxy {

// The session-ticket key of one HTTPS listener: every certificate context of the listener and
// every worker encrypts and decrypts tickets with it, so a ticket issued on one connection
// resumes the session on the next whichever worker or certificate serves it. Random, made on
// first use and kept for the life of the process per listener name, so reloads keep sessions.
// Never written anywhere.
class TicketKeys {
public:
    TicketKeys(); // random
    static std::shared_ptr<const TicketKeys> forListener(const std::string &listenerName);

    // SSL_CTX_set_tlsext_ticket_key_evp_cb's work: 1 with the key set up, 0 for a ticket made
    // with another key (a full handshake follows), -1 on failure.
    int setUp(unsigned char keyName[16], unsigned char iv[16], EVP_CIPHER_CTX *cipher,
              EVP_MAC_CTX *mac, bool encrypt) const;

private:
    unsigned char m_name[16];
    unsigned char m_aesKey[32];
    unsigned char m_hmacKey[32];
};

} // namespace ingress::proxy
