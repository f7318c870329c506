#pragma once

// What the certificate GUI tests (tst_certificateactions, tst_certificateissue,
// tst_certificateimport, tst_certificatedetails) share: a temporary copy of the example, a
// window on it whose keychain is a fake one, a development CA made through the dialog.
#include "keystore/keystoreresult.h"
#include "ui/mainwindow.h"

#include <memory>
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace ingress::ui::testing {

using Status = keystore::KeyStoreResult::Status;

keystore::KeyStoreResult answer(Status status, const QString &message, QByteArray data = {});
int fileMode(const QString &path);
QByteArray readAll(const QString &path);
bool writeFile(const QString &path, const QByteArray &data);

class CertificateFixture {
protected:
    // QVERIFY inside: call from init(). No keychain is used: the fake one answers "no keychain"
    // unless a test says otherwise.
    void prepare();

    QString path(const QString &name) const { return m_dir->filePath(name); }

    // The example (copied with its certificate, so default folders land in the temporary
    // directory) in a window whose keychain is the fake one.
    std::unique_ptr<MainWindow> makeWindow();
    // A development CA in DIR/ca, made through the dialog.
    bool makeCa(MainWindow *window);

    std::unique_ptr<QTemporaryDir> m_dir;
    QStringList m_keychainWrites;
};

} // namespace ingress::ui::testing
