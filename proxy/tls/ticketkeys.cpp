#include "proxy/tls/ticketkeys.h"

#include <cstring>
#include <map>
#include <mutex>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdexcept>

namespace ingress::proxy {

TicketKeys::TicketKeys() {
    if (RAND_bytes(m_name, sizeof m_name) != 1 || RAND_bytes(m_aesKey, sizeof m_aesKey) != 1 ||
        RAND_bytes(m_hmacKey, sizeof m_hmacKey) != 1)
        throw std::runtime_error("no random bytes for the TLS session-ticket key");
}

std::shared_ptr<const TicketKeys> TicketKeys::forListener(const std::string &listenerName) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const TicketKeys>> keys;
    const std::lock_guard lock(mutex);
    auto &slot = keys[listenerName];
    if (!slot)
        slot = std::make_shared<const TicketKeys>();
    return slot;
}

int TicketKeys::setUp(unsigned char keyName[16], unsigned char iv[16], EVP_CIPHER_CTX *cipher,
                      EVP_MAC_CTX *mac, bool encrypt) const {
    // Fetched once: the implicit fetch behind EVP_aes_256_cbc() costs a lookup per handshake.
    static EVP_CIPHER *const aes = EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr);
    if (!aes)
        return -1;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY,
                                          const_cast<unsigned char *>(m_hmacKey), sizeof m_hmacKey),
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char *>("SHA256"), 0),
        OSSL_PARAM_construct_end()};
    if (encrypt) {
        std::memcpy(keyName, m_name, sizeof m_name);
        if (RAND_bytes(iv, 16) != 1 ||
            EVP_EncryptInit_ex(cipher, aes, nullptr, m_aesKey, iv) != 1 ||
            EVP_MAC_CTX_set_params(mac, params) != 1)
            return -1;
        return 1;
    }
    if (std::memcmp(keyName, m_name, sizeof m_name) != 0)
        return 0;
    if (EVP_MAC_CTX_set_params(mac, params) != 1 ||
        EVP_DecryptInit_ex(cipher, aes, nullptr, m_aesKey, iv) != 1)
        return -1;
    return 1;
}

} // namespace ingress::proxy
