#include "model/certs/htpasswdfile.h"

#include <QFile>
#include <QFileInfo>

namespace ingress {

namespace {

// A file this large is not a user list; reading it whole would only cost memory.
constexpr qint64 maxFileSize = 16 * 1024 * 1024;

// A known scheme's prefix with something after it ("$6$" alone verifies nothing).
bool knownHash(std::string_view hash) {
    for (const std::string_view prefix : {"$2y$", "$2a$", "$2b$", "$5$", "$6$", "$apr1$", "{SHA}"})
        if (hash.starts_with(prefix) && hash.size() > prefix.size())
            return true;
    return false;
}

} // namespace

QString HtpasswdFile::knownSchemes() {
    return QStringLiteral("bcrypt ($2y$), SHA-crypt ($5$, $6$), Apache MD5 ($apr1$) or {SHA}");
}

HtpasswdFile HtpasswdFile::read(const QString &path) {
    HtpasswdFile file;
    const QFileInfo info(path);
    if (!info.exists()) {
        file.error = QStringLiteral("%1: no such file").arg(path);
        return file;
    }
    if (info.isDir()) {
        file.error = QStringLiteral("%1: a folder, not an htpasswd file").arg(path);
        return file;
    }
    if (info.size() > maxFileSize) {
        file.error = QStringLiteral("%1: over 16 MiB, not an htpasswd file").arg(path);
        return file;
    }
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        file.error = QStringLiteral("%1: %2").arg(path, in.errorString());
        return file;
    }
    file = parse(in.readAll());
    if (!file.ok())
        file.error = QStringLiteral("%1: %2").arg(path, file.error);
    return file;
}

HtpasswdFile HtpasswdFile::parse(QByteArrayView text) {
    HtpasswdFile file;
    int lineNumber = 0;
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        ++lineNumber;
        QByteArrayView line = text.sliced(start, end - start);
        start = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty() || line.trimmed().startsWith('#'))
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            file.error = QStringLiteral("line %1: expected 'user:hash'").arg(lineNumber);
            return file;
        }
        const std::string user(line.data(), std::size_t(colon));
        // Anything after a second colon is a comment field some tools write.
        QByteArrayView hash = line.sliced(colon + 1);
        if (const qsizetype next = hash.indexOf(':'); next >= 0)
            hash = hash.first(next);
        if (!knownHash(std::string_view(hash.data(), std::size_t(hash.size())))) {
            file.error = QStringLiteral("line %1: user '%2' has a hash this proxy does not accept; "
                                        "expected %3 (htpasswd -B makes bcrypt)")
                             .arg(lineNumber)
                             .arg(QString::fromStdString(user), knownSchemes());
            return file;
        }
        if (!file.users.try_emplace(user, hash.data(), std::size_t(hash.size())).second) {
            file.error = QStringLiteral("line %1: user '%2' is listed twice")
                             .arg(lineNumber)
                             .arg(QString::fromStdString(user));
            return file;
        }
    }
    if (file.users.empty())
        file.error = QStringLiteral("no users: nobody could log in");
    return file;
}

} // namespace ingress
