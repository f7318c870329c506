#include "ui/dialogs/exportdialog.h"

#include "export/configchecker.h"
#include "export/exporterregistry.h"
#include "export/exportwriter.h"
#include "keystore/keystore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace ingress::ui {

ExportPrompter ExportPrompter::dialogs(QWidget *parent) {
    ExportPrompter p;
    p.folder = [parent] {
        return QFileDialog::getExistingDirectory(parent, QObject::tr("Export to folder"));
    };
    p.confirmReplace = [parent](const QString &folder, const QStringList &existing) {
        QMessageBox box(
            QMessageBox::Warning, QObject::tr("Replace files?"),
            QObject::tr("%n file(s) in %1 will be replaced.", nullptr, int(existing.size()))
                .arg(QDir::toNativeSeparators(folder)),
            QMessageBox::Cancel, parent);
        // The list itself: in the box while it is short, behind "Show Details" when not.
        if (existing.size() <= 8)
            box.setInformativeText(existing.join(u'\n'));
        else
            box.setDetailedText(existing.join(u'\n'));
        const QAbstractButton *replace =
            box.addButton(QObject::tr("Replace"), QMessageBox::AcceptRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        return box.clickedButton() == replace;
    };
    p.report = [parent](bool ok, const QString &title, const QString &text) {
        if (ok)
            QMessageBox::information(parent, title, text);
        else
            QMessageBox::critical(parent, title, text);
    };
    return p;
}

ExportDialog::ExportDialog(const Topology &topology, QWidget *parent)
    : QDialog(parent), m_topology(topology), m_prompter(ExportPrompter::dialogs(this)),
      m_format(new QComboBox(this)), m_ingressClass(new QLineEdit(QStringLiteral("nginx"), this)),
      m_secrets(new QCheckBox(tr("Include private keys (Secrets, key files)"), this)),
      m_preview(new QPlainTextEdit(this)), m_warnings(new QListWidget(this)),
      m_checker(new ConfigChecker(this)), m_checkLabel(new QLabel(this)),
      m_checkOutput(new QPlainTextEdit(this)) {
    setWindowTitle(tr("Export %1").arg(topology.name));
    for (const auto &exporter : ExporterRegistry::all())
        m_format->addItem(exporter->displayName(), exporter->name());
    m_secrets->setToolTip(tr("Off by default: exports tend to end up in repositories."));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_warnings->setObjectName(QStringLiteral("exportWarnings"));
    m_checkLabel->setObjectName(QStringLiteral("exportCheck"));
    m_checkLabel->setWordWrap(true);
    m_checkLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_checkOutput->setObjectName(QStringLiteral("exportCheckOutput"));
    m_checkOutput->setReadOnly(true);
    m_checkOutput->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_checkOutput->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_checkOutput->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Ingress class"), m_ingressClass);
    form->addRow(QString(), m_secrets);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_preview);
    splitter->addWidget(m_warnings);
    splitter->addWidget(m_checkOutput);
    splitter->setStretchFactor(0, 4);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *save = buttons->addButton(tr("Save to Folder..."), QDialogButtonBox::AcceptRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_checkLabel);
    layout->addWidget(buttons);
    resize(820, 640);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    connect(m_ingressClass, &QLineEdit::editingFinished, this, &ExportDialog::refresh);
    connect(m_secrets, &QCheckBox::toggled, this, &ExportDialog::refresh);
    connect(m_checker, &ConfigChecker::finished, this, &ExportDialog::showCheck);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(save, &QPushButton::clicked, this, [this] {
        if (saveToFolder())
            accept();
    });
    refresh();
}

ExportOptions ExportDialog::options() const {
    ExportOptions o;
    o.includeSecrets = m_secrets->isChecked();
    if (!m_ingressClass->text().trimmed().isEmpty())
        o.ingressClassName = m_ingressClass->text().trimmed();
    if (o.includeSecrets)
        o.keychainKey = [](const QString &name) -> std::optional<QByteArray> {
            const auto result = keystore::KeyStore().read(name);
            return result.ok() ? std::optional(result.data) : std::nullopt;
        };
    return o;
}

void ExportDialog::selectFormat(const QString &name) {
    const int index = m_format->findData(name);
    if (index >= 0)
        m_format->setCurrentIndex(index);
}

QString ExportDialog::previewText() const {
    return m_preview->toPlainText();
}

int ExportDialog::warningCount() const {
    return int(m_result.warnings.size());
}

void ExportDialog::refresh() {
    const Exporter *exporter = ExporterRegistry::find(m_format->currentData().toString());
    if (!exporter)
        return;
    m_result = exporter->exportTopology(m_topology, options());
    m_preview->setPlainText(QString::fromUtf8(m_result.mainText));
    m_warnings->clear();
    for (const ExportWarning &w : std::as_const(m_result.warnings))
        m_warnings->addItem(w.toString());
    for (auto it = m_result.files.cbegin(); it != m_result.files.cend(); ++it)
        m_warnings->addItem(tr("Also writes %1").arg(it.key()));

    // Off the GUI thread's back: the tool runs as a process, its answer arrives as a signal; a
    // newer preview abandons the check of the older one.
    m_check = {};
    m_checkOutput->clear();
    m_checkOutput->hide();
    m_checkLabel->setStyleSheet(QString());
    if (ConfigChecker::supports(exporter->name())) {
        m_checkLabel->setText(
            tr("Checking with %1...").arg(ConfigChecker::command(exporter->name())));
        m_checker->start(exporter->name(), m_result);
    } else {
        m_checker->start(QString(), m_result); // abandons a running check
        m_checkLabel->setText(tr("Not checked: there is no checker for this format here."));
    }
}

bool ExportDialog::isChecking() const {
    return m_checker->isRunning();
}

QString ExportDialog::checkSummary() const {
    return m_checkLabel->text();
}

QString ExportDialog::checkOutput() const {
    return m_checkOutput->toPlainText();
}

void ExportDialog::showCheck(const ConfigCheckResult &result) {
    if (result.outcome == ConfigCheckResult::Outcome::NotApplicable)
        return; // the label says so already
    m_check = result;
    m_checkLabel->setText(result.summary());
    const bool failed = result.outcome == ConfigCheckResult::Outcome::Failed;
    m_checkLabel->setStyleSheet(result.passed() ? QStringLiteral("color: #2f855a;")
                                : failed        ? QStringLiteral("color: #c53030;")
                                                : QString());
    QStringList lines = result.notes;
    if (!result.output.isEmpty())
        lines << (QStringLiteral("$ ") + result.command) << result.output;
    m_checkOutput->setPlainText(lines.join(u'\n'));
    m_checkOutput->setVisible(!lines.isEmpty() &&
                              result.outcome != ConfigCheckResult::Outcome::NotInstalled);
    Q_EMIT checkFinished(result);
}

bool ExportDialog::writeTo(const QString &folder, QString *error) {
    QString message;
    const bool ok = ExportWriter::write(ExportWriter::files(m_result, folder), &message);
    if (!ok && error)
        *error = message;
    return ok;
}

bool ExportDialog::saveToFolder() {
    const QString folder = m_prompter.folder();
    if (folder.isEmpty())
        return false;
    const QList<ExportFile> files = ExportWriter::files(m_result, folder);
    const QStringList existing = ExportWriter::existing(files);
    if (!existing.isEmpty() && !m_prompter.confirmReplace(folder, existing))
        return false;
    QString error;
    if (!ExportWriter::write(files, &error)) {
        m_prompter.report(false, tr("Export failed"), error);
        return false;
    }
    QStringList lines;
    const QDir dir(folder);
    for (const ExportFile &file : files)
        lines << (file.secret ? tr("%1 (private key: readable by you alone)")
                              : QStringLiteral("%1"))
                     .arg(QDir::toNativeSeparators(dir.relativeFilePath(file.path)));
    m_prompter.report(true, tr("Exported"),
                      tr("Wrote %n file(s) to %1:", nullptr, int(files.size()))
                              .arg(QDir::toNativeSeparators(folder)) +
                          u'\n' + lines.join(u'\n'));
    return true;
}

} // namespace ingress::ui
