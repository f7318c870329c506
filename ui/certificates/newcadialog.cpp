#include "newcadialog.h"

#include "certificateauthority.h"
#include "keytypebox.h"
#include "pathedit.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ingress::ui {

NewCaDialog::NewCaDialog(const CertificateOperations *operations, QWidget *parent)
    : QDialog(parent), m_operations(operations), m_pages(new QStackedWidget(this)),
      m_name(new QLineEdit(this)), m_folder(new PathEdit(PathEdit::Mode::Folder, {}, this)),
      m_keyType(new KeyTypeBox(this)), m_days(new QSpinBox(this)),
      m_replace(new QCheckBox(tr("&Replace a CA already in this folder"), this)),
      m_error(new QLabel(this)), m_done(new QLabel(this)), m_instructions(new QPlainTextEdit(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setObjectName(QStringLiteral("newCaDialog"));
    setWindowTitle(tr("New Development CA"));
    m_name->setObjectName(QStringLiteral("caName"));
    m_name->setText(tr("Ingress Studio development CA"));
    m_folder->setObjectName(QStringLiteral("caFolder"));
    m_folder->setPath(QSettings()
                          .value(QStringLiteral("certificates/caFolder"),
                                 CertificateOperations::defaultCaFolder())
                          .toString());
    m_days->setRange(1, 36500);
    m_days->setValue(certs::CertificateAuthority::defaultValidityDays);
    m_days->setSuffix(tr(" days"));
    m_replace->setToolTip(tr("Certificates issued from the old CA stop being trusted."));
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_error->hide();

    auto *form = new QWidget(this);
    auto *formLayout = new QFormLayout(form);
    auto *intro = new QLabel(tr("A local certificate authority for development: trust its "
                                "certificate once and every host certificate issued from it is "
                                "accepted by browsers, curl and other tools. The folder gets "
                                "ca.crt, ca.key (mode 0600) and TRUST-THIS-CA.txt."),
                             form);
    intro->setWordWrap(true);
    formLayout->addRow(intro);
    formLayout->addRow(tr("&Name:"), m_name);
    formLayout->addRow(tr("&Folder:"), m_folder);
    formLayout->addRow(tr("&Key type:"), m_keyType);
    formLayout->addRow(tr("&Valid for:"), m_days);
    formLayout->addRow(m_replace);
    formLayout->addRow(m_error);
    m_pages->addWidget(form);

    auto *done = new QWidget(this);
    auto *doneLayout = new QVBoxLayout(done);
    m_done->setWordWrap(true);
    m_instructions->setObjectName(QStringLiteral("trustInstructions"));
    m_instructions->setReadOnly(true);
    m_instructions->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    doneLayout->addWidget(m_done);
    doneLayout->addWidget(m_instructions, 1);
    m_pages->addWidget(done);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Create CA"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewCaDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NewCaDialog::reject);
    resize(620, 420);
}

void NewCaDialog::setCaName(const QString &name) {
    m_name->setText(name);
}
void NewCaDialog::setFolder(const QString &folder) {
    m_folder->setPath(folder);
}
QString NewCaDialog::folder() const {
    return m_folder->path();
}
void NewCaDialog::setReplaceExisting(bool replace) {
    m_replace->setChecked(replace);
}
QString NewCaDialog::errorText() const {
    return m_error->isHidden() ? QString() : m_error->text();
}
QString NewCaDialog::trustInstructions() const {
    return m_instructions->toPlainText();
}

void NewCaDialog::accept() {
    if (m_pages->currentIndex() == 1) {
        QDialog::accept();
        return;
    }
    m_outcome = m_operations->createCa(m_name->text(), m_folder->path(), m_keyType->keySpec(),
                                       m_days->value(), m_replace->isChecked());
    if (!m_outcome.ok) {
        m_error->setText(m_outcome.error);
        m_error->show();
        return;
    }
    // Issue... starts from the CA made last.
    QSettings().setValue(QStringLiteral("certificates/caFolder"), m_folder->path());
    m_done->setText(tr("%1.\nTo have browsers and tools trust it (also in %2):")
                        .arg(m_outcome.summary,
                             QDir::toNativeSeparators(
                                 QDir(m_folder->path())
                                     .absoluteFilePath(certs::CertificateAuthority::trustFile))));
    m_instructions->setPlainText(m_outcome.trustInstructions);
    m_pages->setCurrentIndex(1);
    m_buttons->setStandardButtons(QDialogButtonBox::Ok);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Close"));
}

} // namespace ingress::ui
