#pragma once

#include "exporter.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace ingress::ui {

// File > Export: pick a target (Kubernetes, nginx, HAProxy, ...), see the configuration and
// what the target cannot express, then write it (and its certificate files) to a folder.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const Topology &topology, QWidget *parent = nullptr);

    void selectFormat(const QString &name);
    QString previewText() const;
    int warningCount() const;
    // Writes the main file and the extra files into `folder` (atomically, file by file).
    bool writeTo(const QString &folder, QString *error);

private:
    void refresh();
    ExportOptions options() const;

    Topology m_topology;
    ExportResult m_result;
    QComboBox *m_format;
    QLineEdit *m_ingressClass;
    QCheckBox *m_secrets;
    QPlainTextEdit *m_preview;
    QListWidget *m_warnings;
};

} // namespace ingress::ui
