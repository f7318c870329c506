#include "model/certs/certificatereader.h"

#include "model/certs/keytypename.h"

#include <algorithm>
#include <arpa/inet.h>
#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <QFile>
#include <QFileInfo>
#include <vector>

namespace ingress {

namespace {

// A certificate chain is a few KiB; anything this large is not one, and reading it whole
// would let a wrong path (a disk image, /dev/zero) stall the GUI.
constexpr qint64 maxCertificateFileSize = 1024 * 1024;
// A private key file is a few KiB even for RSA 8192.
constexpr qint64 maxKeyFileSize = 1024 * 1024;

struct X509Free {
    void operator()(X509 *x) const { X509_free(x); }
};
struct BioFree {
    void operator()(BIO *b) const { BIO_free(b); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

QString openSslError() {
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

// One "-----BEGIN X----- ... -----END X-----" block and the line it starts on.
struct PemBlock {
    QByteArray label;
    QByteArray text;
    int line = 0;
};

// Splits PEM data into blocks ourselves rather than letting OpenSSL skip what lies between
// them: text outside a block usually means a truncated or badly concatenated file, and the
// user should hear where instead of getting a chain that silently lacks a certificate.
std::optional<std::vector<PemBlock>> splitPem(const QByteArray &pem, QString *error) {
    static const QByteArray begin = QByteArrayLiteral("-----BEGIN ");
    static const QByteArray end = QByteArrayLiteral("-----END ");
    static const QByteArray dashes = QByteArrayLiteral("-----");
    std::vector<PemBlock> blocks;
    PemBlock *open = nullptr;
    const QList<QByteArray> lines = pem.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const int lineNo = int(i + 1);
        if (!open) {
            if (line.isEmpty())
                continue;
            if (line.startsWith(begin) && line.endsWith(dashes) && line.size() > 16) {
                blocks.push_back(
                    {line.mid(begin.size(), line.size() - begin.size() - 5), {}, lineNo});
                open = &blocks.back();
                open->text = line + '\n';
                continue;
            }
            if (error) {
                const QString shown = QString::fromLatin1(line.left(40));
                *error = blocks.empty() && !pem.contains(begin)
                             ? QStringLiteral("not PEM: no '-----BEGIN CERTIFICATE-----' line "
                                              "(a DER file can be converted with 'openssl x509 "
                                              "-inform der')")
                             : QStringLiteral("line %1: unexpected text outside a PEM block: '%2'")
                                   .arg(lineNo)
                                   .arg(shown);
            }
            return std::nullopt;
        }
        open->text += line + '\n';
        if (line.startsWith(end)) {
            if (line != end + open->label + dashes) {
                if (error)
                    *error = QStringLiteral("line %1: '%2' does not close the block opened on "
                                            "line %3 ('-----BEGIN %4-----')")
                                 .arg(lineNo)
                                 .arg(QString::fromLatin1(line.left(60)))
                                 .arg(open->line)
                                 .arg(QString::fromLatin1(open->label));
                return std::nullopt;
            }
            open = nullptr;
        } else if (line.startsWith(begin)) {
            if (error)
                *error = QStringLiteral("line %1: a new PEM block starts before the block "
                                        "opened on line %2 ends")
                             .arg(lineNo)
                             .arg(open->line);
            return std::nullopt;
        }
    }
    if (open) {
        if (error)
            *error = QStringLiteral("the PEM block opened on line %1 has no '-----END %2-----' "
                                    "line (truncated file?)")
                         .arg(open->line)
                         .arg(QString::fromLatin1(open->label));
        return std::nullopt;
    }
    return blocks;
}

X509Ptr parseCertificateBlock(const PemBlock &block, int index, QString *error) {
    const QByteArray &label = block.label;
    if (label != "CERTIFICATE" && label != "X509 CERTIFICATE" && label != "TRUSTED CERTIFICATE") {
        if (error) {
            *error = label.contains("PRIVATE KEY")
                         ? QStringLiteral("line %1: this is a private key ('%2'), not a "
                                          "certificate; keys belong in 'privateKey'")
                         : QStringLiteral("line %1: PEM block '%2' is not a certificate");
            *error = error->arg(block.line).arg(QString::fromLatin1(label));
        }
        return nullptr;
    }
    BioPtr bio(BIO_new_mem_buf(block.text.constData(), int(block.text.size())));
    X509Ptr cert(label == "TRUSTED CERTIFICATE"
                     ? PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr)
                     : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert && error)
        *error = QStringLiteral("line %1: certificate %2 is damaged (%3)")
                     .arg(block.line)
                     .arg(index + 1)
                     .arg(openSslError());
    return cert;
}

QString nameToString(const X509_NAME *name) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QString::fromUtf8(data, size);
}

QString asn1ToString(const ASN1_STRING *text) {
    unsigned char *utf8 = nullptr;
    const int size = ASN1_STRING_to_UTF8(&utf8, text);
    if (size < 0)
        return {};
    QString result = QString::fromUtf8(reinterpret_cast<const char *>(utf8), size);
    OPENSSL_free(utf8);
    return result;
}

QString commonNameOf(const X509_NAME *name) {
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (index < 0)
        return {};
    return asn1ToString(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)));
}

QDateTime toDateTime(const ASN1_TIME *time) {
    struct tm t {};
    if (!time || ASN1_TIME_to_tm(time, &t) != 1)
        return {};
    return QDateTime(QDate(t.tm_year + 1900, t.tm_mon + 1, t.tm_mday),
                     QTime(t.tm_hour, t.tm_min, t.tm_sec), Qt::UTC);
}

void readSubjectAltNames(X509 *cert, CertificateInfo &info) {
    auto *names = static_cast<GENERAL_NAMES *>(
        X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    if (!names)
        return;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
        if (name->type == GEN_DNS) {
            info.dnsNames << asn1ToString(name->d.dNSName).toLower();
        } else if (name->type == GEN_IPADD) {
            const ASN1_OCTET_STRING *ip = name->d.iPAddress;
            char text[INET6_ADDRSTRLEN] = {};
            const int length = ASN1_STRING_length(ip);
            const int family = length == 4 ? AF_INET : length == 16 ? AF_INET6 : 0;
            if (family && inet_ntop(family, ASN1_STRING_get0_data(ip), text, sizeof text))
                info.ipAddresses << QString::fromLatin1(text);
        }
    }
    GENERAL_NAMES_free(names);
}

QString sha256Fingerprint(const X509 *cert) {
    unsigned char digest[EVP_MAX_MD_SIZE] = {};
    unsigned int length = 0;
    if (X509_digest(cert, EVP_sha256(), digest, &length) != 1)
        return {};
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex(':').toUpper());
}

bool isCaCertificate(X509 *cert) {
    auto *constraints = static_cast<BASIC_CONSTRAINTS *>(
        X509_get_ext_d2i(cert, NID_basic_constraints, nullptr, nullptr));
    if (!constraints)
        return false;
    const bool ca = constraints->ca != 0;
    BASIC_CONSTRAINTS_free(constraints);
    return ca;
}

QByteArray subjectPublicKeyInfo(const EVP_PKEY *key) {
    unsigned char *der = nullptr;
    const int length = i2d_PUBKEY(key, &der);
    if (length <= 0)
        return {};
    QByteArray bytes(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return bytes;
}

CertificateInfo describe(const std::vector<X509Ptr> &chain) {
    X509 *leaf = chain.front().get();
    CertificateInfo info;
    info.subject = nameToString(X509_get_subject_name(leaf));
    info.issuer = nameToString(X509_get_issuer_name(leaf));
    info.commonName = commonNameOf(X509_get_subject_name(leaf));
    readSubjectAltNames(leaf, info);
    info.notBefore = toDateTime(X509_get0_notBefore(leaf));
    info.notAfter = toDateTime(X509_get0_notAfter(leaf));
    if (const EVP_PKEY *key = X509_get0_pubkey(leaf)) {
        info.keyType = keyTypeName(key);
        info.keyBits = EVP_PKEY_get_bits(key);
        info.publicKeyDer = subjectPublicKeyInfo(key);
    }
    info.sha256Fingerprint = sha256Fingerprint(leaf);
    info.isCa = isCaCertificate(leaf);
    // Names alone are not enough: a leaf may carry its issuer's name by mistake. Its own key
    // verifying its signature tells a real self-signed certificate (X509_check_issued would
    // also demand keyCertSign, which self-signed server certificates usually lack).
    info.selfSigned = X509_NAME_cmp(X509_get_subject_name(leaf), X509_get_issuer_name(leaf)) == 0 &&
                      X509_verify(leaf, X509_get0_pubkey(leaf)) == 1;
    info.chainLength = int(chain.size());
    for (std::size_t i = 0; i + 1 < chain.size(); ++i)
        if (X509_check_issued(chain[i + 1].get(), chain[i].get()) != X509_V_OK)
            info.chainInOrder = false;
    ERR_clear_error();
    return info;
}

// Only the shape is checked: encrypted keys cannot be parsed without their passphrase, and the
// proxy reports a key that does not fit its certificate when it loads both.
QString checkKeyFile(const QString &path, QByteArray *data) {
    const QFileInfo info(path);
    if (!info.exists())
        return QStringLiteral("no such file: %1").arg(path);
    if (info.isDir())
        return QStringLiteral("%1 is a folder, not a key file").arg(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
    *data = file.read(maxKeyFileSize + 1);
    if (data->size() > maxKeyFileSize)
        return QStringLiteral("%1 is larger than 1 MiB; not a key file").arg(path);
    if (data->contains("-----BEGIN CERTIFICATE-----") && !data->contains("PRIVATE KEY-----"))
        return QStringLiteral("%1 holds a certificate, not a private key").arg(path);
    if (!data->contains("-----BEGIN ") || !data->contains("PRIVATE KEY-----"))
        return QStringLiteral("%1 holds no PEM private key ('-----BEGIN PRIVATE KEY-----')")
            .arg(path);
    return {};
}

} // namespace

std::optional<CertificateInfo> readCertificateFile(const QString &path, QString *error) {
    auto fail = [&](const QString &why) -> std::optional<CertificateInfo> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QFileInfo fileInfo(path);
    if (path.isEmpty())
        return fail(QStringLiteral("no certificate file given"));
    if (!fileInfo.exists())
        return fail(QStringLiteral("no such file: %1").arg(path));
    if (fileInfo.isDir())
        return fail(QStringLiteral("%1 is a folder, not a certificate file").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    // Read one byte past the limit so that special files with no size still hit it.
    const QByteArray data = file.read(maxCertificateFileSize + 1);
    if (data.size() > maxCertificateFileSize)
        return fail(QStringLiteral("%1 is larger than 1 MiB; not a certificate file").arg(path));
    QString why;
    auto info = readCertificatePem(data, &why);
    if (!info)
        return fail(QStringLiteral("%1: %2").arg(path, why));
    return info;
}

std::optional<CertificateInfo> readCertificatePem(const QByteArray &pem, QString *error) {
    auto fail = [&](const QString &why) -> std::optional<CertificateInfo> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (pem.trimmed().isEmpty())
        return fail(QStringLiteral("the file is empty"));
    QString why;
    const auto blocks = splitPem(pem, &why);
    if (!blocks)
        return fail(why);
    std::vector<X509Ptr> chain;
    for (const PemBlock &block : *blocks) {
        X509Ptr cert = parseCertificateBlock(block, int(chain.size()), &why);
        if (!cert)
            return fail(why);
        chain.push_back(std::move(cert));
    }
    return describe(chain);
}

std::optional<QByteArray> publicKeyOfPrivateKey(const QByteArray &keyPem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())), &BIO_free);
    // An empty passphrase callback: an encrypted key is not an error here, just not comparable.
    auto noPassphrase = [](char *, int, int, void *) { return 0; };
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr), &EVP_PKEY_free);
    ERR_clear_error();
    if (!key)
        return std::nullopt;
    return subjectPublicKeyInfo(key.get());
}

CertificateFileFacts readCertificateFiles(const QString &certificatePath, const QString &keyPath) {
    CertificateFileFacts facts;
    facts.certificate = readCertificateFile(certificatePath, &facts.certificateProblem);
    if (keyPath.isEmpty())
        return facts;
    QByteArray key;
    facts.keyProblem = checkKeyFile(keyPath, &key);
    if (facts.keyProblem.isEmpty() && facts.certificate &&
        !facts.certificate->publicKeyDer.isEmpty()) {
        const auto keyPublic = publicKeyOfPrivateKey(key);
        facts.keyMismatch = keyPublic && *keyPublic != facts.certificate->publicKeyDer;
    }
    return facts;
}

} // namespace ingress
