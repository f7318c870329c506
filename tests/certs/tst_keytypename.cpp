// Key type names, said one way for certificates (CertificateInfo::keyType) and private keys
// (PrivateKey::typeName): RSA-PSS keys are a type of their own, not RSA.
#include "model/certs/keytypename.h"
#include "model/certs/privatekey.h"

#include <memory>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <QTest>

using namespace ingress;

class TestKeyTypeName : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void names_data() {
        QTest::addColumn<QByteArray>("algorithm");
        QTest::addColumn<QString>("name");
        QTest::newRow("RSA") << QByteArray("RSA") << QStringLiteral("RSA");
        QTest::newRow("RSA-PSS") << QByteArray("RSA-PSS") << QStringLiteral("RSA-PSS");
        QTest::newRow("EC") << QByteArray("EC") << QStringLiteral("EC");
        QTest::newRow("Ed25519") << QByteArray("ED25519") << QStringLiteral("Ed25519");
        QTest::newRow("Ed448") << QByteArray("ED448") << QStringLiteral("Ed448");
        QTest::newRow("other: OpenSSL's name") << QByteArray("X25519") << QStringLiteral("X25519");
    }
    void names() {
        QFETCH(QByteArray, algorithm);
        QFETCH(QString, name);
        EVP_PKEY *key = nullptr;
        const std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> owner(
            EVP_PKEY_CTX_new_from_name(nullptr, algorithm.constData(), nullptr), EVP_PKEY_CTX_free);
        EVP_PKEY_CTX *context = owner.get();
        QVERIFY(context);
        QVERIFY(EVP_PKEY_keygen_init(context) == 1);
        if (algorithm.startsWith("RSA"))
            QVERIFY(EVP_PKEY_CTX_set_rsa_keygen_bits(context, 2048) == 1);
        else if (algorithm == "EC")
            QVERIFY(EVP_PKEY_CTX_set_group_name(context, "P-256") == 1);
        QVERIFY(EVP_PKEY_generate(context, &key) == 1);
        QVERIFY(key);
        const certs::PrivateKey privateKey(key);
        QCOMPARE(keyTypeName(key), name);
        QCOMPARE(privateKey.typeName(), name);
    }
};

QTEST_GUILESS_MAIN(TestKeyTypeName)
#include "tst_keytypename.moc"
