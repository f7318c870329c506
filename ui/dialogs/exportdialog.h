#pragma once

#include "exporter.h"

#include <functional>
#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

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
// what the target cannot express, then write it (and its certificate files) to a folder.
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

private:
    void refresh();
    ExportOptions options() const;

    Topology m_topology;
    ExportResult m_result;
    ExportPrompter m_prompter;
    QComboBox *m_format;
    QLineEdit *m_ingressClass;
    QCheckBox *m_secrets;
    QPlainTextEdit *m_preview;
    QListWidget *m_warnings;
};

} // namespace ingress::ui
