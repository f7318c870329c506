#include "ui/certificates/pathedit.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace ingress::ui {

PathEdit::PathEdit(Mode mode, const QString &filter, QWidget *parent)
    : QWidget(parent), m_mode(mode), m_filter(filter), m_edit(new QLineEdit(this)) {
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    auto *button = new QPushButton(tr("Browse..."), this);
    button->setAutoDefault(false); // Return in a field accepts the dialog, not a file picker
    layout->addWidget(button);
    connect(button, &QPushButton::clicked, this, &PathEdit::browse);
    connect(m_edit, &QLineEdit::textChanged, this, &PathEdit::pathChanged);
    setFocusProxy(m_edit);
}

QString PathEdit::path() const {
    const QString text = m_edit->text().trimmed();
    return text.isEmpty() ? QString() : QDir::fromNativeSeparators(text);
}

void PathEdit::setPath(const QString &path) {
    m_edit->setText(QDir::toNativeSeparators(path));
}

void PathEdit::browse() {
    QString chosen;
    switch (m_mode) {
    case Mode::Folder:
        chosen = QFileDialog::getExistingDirectory(this, tr("Choose a folder"), path());
        break;
    case Mode::OpenFile:
        chosen = QFileDialog::getOpenFileName(this, tr("Choose a file"), path(), m_filter);
        break;
    case Mode::SaveFile:
        chosen = QFileDialog::getSaveFileName(this, tr("Save as"), path(), m_filter);
        break;
    }
    if (!chosen.isEmpty())
        setPath(chosen);
}

} // namespace ingress::ui
