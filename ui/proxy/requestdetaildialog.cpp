#include "ui/proxy/requestdetaildialog.h"

#include "ui/selectionhub.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ingress::ui {

RequestDetailDialog::RequestDetailDialog(SelectionHub *selection, QWidget *parent)
    : QDialog(parent), m_selection(selection), m_text(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("requestDetails"));
    setWindowTitle(tr("Request Details"));
    m_text->setObjectName(QStringLiteral("requestDetailsText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_showOnCanvas = buttons->addButton(tr("Show on Canvas"), QDialogButtonBox::ActionRole);
    m_showOnCanvas->setObjectName(QStringLiteral("showOnCanvas"));
    m_copyAsCurl = buttons->addButton(tr("Copy as curl"), QDialogButtonBox::ActionRole);
    m_copyAsCurl->setObjectName(QStringLiteral("copyAsCurl"));
    // Close must stay the default: Enter in the text would otherwise jump to the canvas.
    m_showOnCanvas->setAutoDefault(false);
    m_copyAsCurl->setAutoDefault(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addWidget(buttons);
    resize(760, 560);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_showOnCanvas, &QPushButton::clicked, this, [this] {
        if (m_details)
            showOnCanvas(*m_details, m_selection);
    });
    connect(m_copyAsCurl, &QPushButton::clicked, this, [this] {
        if (m_details)
            copyAsCurl(*m_details);
    });
}

void RequestDetailDialog::setDetails(const RequestDetails &details) {
    m_details = std::make_unique<RequestDetails>(details);
    m_text->setPlainText(details.text());
    m_showOnCanvas->setEnabled(m_selection && details.canvasItem().isValid());
    const QString curl = details.curl();
    m_copyAsCurl->setEnabled(!curl.isEmpty());
    m_copyAsCurl->setToolTip(curl);
}

QString RequestDetailDialog::text() const {
    return m_text->toPlainText();
}

bool RequestDetailDialog::showOnCanvas(const RequestDetails &details, SelectionHub *selection) {
    if (!selection || !details.canvasItem().isValid())
        return false;
    selection->setCurrent(details.canvasItem());
    return true;
}

bool RequestDetailDialog::copyAsCurl(const RequestDetails &details) {
    const QString curl = details.curl();
    if (curl.isEmpty())
        return false;
    QGuiApplication::clipboard()->setText(curl);
    return true;
}

} // namespace ingress::ui
