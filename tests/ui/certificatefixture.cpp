#include "tests/ui/certificatefixture.h"

#include "model/items/topologydocument.h"
#include "ui/autosaver.h"
#include "ui/certificates/certificateactions.h"
#include "ui/certificates/newcadialog.h"
#include "ui/documentcontroller.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <sys/stat.h>

namespace ingress::ui::testing {

keystore::KeyStoreResult answer(Status status, const QString &message, QByteArray data) {
    keystore::KeyStoreResult result;
    result.status = status;
    result.message = message;
    result.data = std::move(data);
    return result;
}

int fileMode(const QString &path) {
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

QByteArray readAll(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

void CertificateFixture::prepare() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_keychainWrites.clear();
    const QString examples = QStringLiteral(INGRESS_SOURCE_DIR "/examples/");
    QVERIFY(QDir().mkpath(path(QStringLiteral("certs"))));
    for (const char *file : {"shop.yaml", "certs/bar-com.crt", "certs/bar-com.key"})
        QVERIFY(QFile::copy(examples + QLatin1String(file), path(QLatin1String(file))));
}

std::unique_ptr<MainWindow> CertificateFixture::makeWindow() {
    auto window = std::make_unique<MainWindow>();
    window->autosaver()->setDirectory(path(QStringLiteral("autosave")));
    window->document()->setValidationDelay(0);
    window->certificateActions()->operations()->setKeychain(
        [](const QString &) {
            return answer(Status::NoKeychain, QStringLiteral("no OS keychain is available"));
        },
        [this](const QString &name, const QByteArray &) {
            m_keychainWrites << name;
            return answer(Status::NoKeychain,
                          QStringLiteral("no OS keychain is available (no D-Bus session)"));
        });
    if (!window->controller()->open(path(QStringLiteral("shop.yaml"))))
        return nullptr;
    return window;
}

bool CertificateFixture::makeCa(MainWindow *window) {
    NewCaDialog dialog(window->certificateActions()->operations());
    dialog.setCaName(QStringLiteral("Test CA"));
    dialog.setFolder(path(QStringLiteral("ca")));
    dialog.accept();
    return dialog.outcome().ok;
}

} // namespace ingress::ui::testing
