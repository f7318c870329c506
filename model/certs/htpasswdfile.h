#pragma once

#include <QByteArrayView>
#include <QString>
#include <string>
#include <unordered_map>

namespace ingress {

// The users of an htpasswd file (`user:hash` lines as Apache's `htpasswd` writes them), read
// for basic auth: the engine verifies passwords against it, validation and the property editor
// check it. Only hash schemes the engine verifies are accepted: bcrypt ($2y$, $2a$, $2b$),
// SHA-crypt ($5$, $6$), Apache MD5 ($apr1$) and {SHA}. Plain-text and DES crypt lines are
// refused: they would let anyone who reads the file log in, or accept 8-character prefixes.
struct HtpasswdFile {
    std::unordered_map<std::string, std::string> users; // user -> hash
    // Empty when read; otherwise where and why ("PATH: line 3: ...", "PATH: no such file").
    // A file without a single user is an error too: nobody could log in.
    QString error;

    bool ok() const { return error.isEmpty(); }
    static HtpasswdFile read(const QString &path);
    static HtpasswdFile parse(QByteArrayView text);
    // The hash schemes accepted, for messages: "bcrypt ($2y$), SHA-crypt ($5$, $6$), ...".
    static QString knownSchemes();
};

} // namespace ingress
