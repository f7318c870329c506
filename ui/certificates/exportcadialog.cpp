#include "exportcadialog.h"

#include "pathedit.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ingress::ui {

ExportCaDialog::ExportCaDialog(const CertificateOperations *operations, QWidget *parent)
    : QDialog(parent), m_operations(operations), m_pages(new QStackedWidget(this)),
      m_caFolder(new PathEdit(PathEdit::Mode::Folder, {}, this)),
      m_target(new PathEdit(PathEdit::Mode::SaveFile,
                            tr("Certificates (*.crt *.pem);;All files (*)"), this)),
      m_error(new QLabel(this)), m_done(new QLabel(this)), m_instructions(new QPlainTextEdit(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setObjectName(QStringLiteral("exportCaDialog"));
    setWindowTitle(tr("Export CA Certificate"));
    m_caFolder->setObjectName(QStringLiteral("caFolder"));
    m_caFolder->setPath(QSettings()
                            .value(QStringLiteral("certificates/caFolder"),
                                   CertificateOperations::defaultCaFolder())
                            .toString());
    m_target->setObjectName(QStringLiteral("target"));
    m_target->setPath(QDir::home().filePath(QStringLiteral("ingress-studio-dev-ca.crt")));
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_error->hide();

    auto *form = new QWidget(this);
    auto *formLayout = new QFormLayout(form);
    auto *intro = new QLabel(tr("Copies the CA's certificate (never its key) to share with "
                                "other machines or tools that should trust it."),
                             form);
    intro->setWordWrap(true);
    formLayout->addRow(intro);
    formLayout->addRow(tr("CA &folder:"), m_caFolder);
    formLayout->addRow(tr("&Save to:"), m_target);
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
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportCaDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportCaDialog::reject);
    resize(620, 400);
}

void ExportCaDialog::setCaFolder(const QString &folder) {
    m_caFolder->setPath(folder);
}
void ExportCaDialog::setTarget(const QString &file) {
    m_target->setPath(file);
}
QString ExportCaDialog::errorText() const {
    return m_error->isHidden() ? QString() : m_error->text();
}
QString ExportCaDialog::trustInstructions() const {
    return m_instructions->toPlainText();
}

void ExportCaDialog::accept() {
    if (m_pages->currentIndex() == 1) {
        QDialog::accept();
        return;
    }
    m_outcome = m_operations->exportCa(m_caFolder->path(), m_target->path());
    if (!m_outcome.ok) {
        m_error->setText(m_outcome.error);
        m_error->show();
        return;
    }
    m_done->setText(tr("%1.\nTo have browsers and tools trust it:").arg(m_outcome.summary));
    m_instructions->setPlainText(m_outcome.trustInstructions);
    m_pages->setCurrentIndex(1);
    m_buttons->setStandardButtons(QDialogButtonBox::Ok);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Close"));
}

} // namespace ingress::ui
