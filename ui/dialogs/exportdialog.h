#pragma once

#include "export/configcheckresult.h"
#include "export/exporter.h"

#include <functional>
#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace ingress {
class ConfigChecker;
}

namespace ingress::ui {

// The questions Save to Folder asks: dialogs by default, tests put answers in.
struct ExportPrompter {
    std::function<QString()> folder; // empty: cancelled
    // Whether to replace the files (absolute paths) that exist already in `folder`.
    std::function<bool(const QString &folder, const QStringList &existing)> confirmReplace;
    // What was written, or why not.
    std::function<void(bool ok, const QString &title, const QString &text)> report;

    static ExportPrompter dialogs(QWidget *parent);
};

// File > Export: pick a target (Kubernetes, nginx, HAProxy, ...), see the configuration and
// what the target cannot express, then write it (and its certificate files) to a folder. For
// nginx, HAProxy and Caddy the target's own check runs on the text in the background
// (ConfigChecker) and its verdict shows under the preview.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const Topology &topology, QWidget *parent = nullptr);

    void selectFormat(const QString &name);
    QString previewText() const;
    int warningCount() const;
    // Writes the main file and the extra files into `folder` (exportwriter.h: atomically,
    // private keys 0600), without asking.
    bool writeTo(const QString &folder, QString *error);
    // "Save to Folder...": asks for the folder and before replacing files, writes, and says
    // what it wrote. True when it wrote.
    bool saveToFolder();
    void setPrompter(ExportPrompter prompter) { m_prompter = std::move(prompter); }
    // The check of what the preview shows: running, or its summary line and the tool's output.
    bool isChecking() const;
    QString checkSummary() const;
    QString checkOutput() const;
    ConfigCheckResult lastCheck() const { return m_check; }
    ConfigChecker *checker() const { return m_checker; }

Q_SIGNALS:
    void checkFinished(const ingress::ConfigCheckResult &result);

private:
    void refresh();
    void showCheck(const ConfigCheckResult &result);
    ExportOptions options() const;

    Topology m_topology;
    ExportResult m_result;
    ExportPrompter m_prompter;
    QComboBox *m_format;
    QLineEdit *m_ingressClass;
    QCheckBox *m_secrets;
    QPlainTextEdit *m_preview;
    QListWidget *m_warnings;
    ConfigChecker *m_checker;
    ConfigCheckResult m_check;
    QLabel *m_checkLabel;
    QPlainTextEdit *m_checkOutput;
};

} // namespace ingress::ui
