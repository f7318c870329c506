#include "ui/properties/propertyeditor.h"

#include "model/certs/certificatereader.h"
#include "model/items/topologydocument.h"
#include "model/topology/certificateinfo.h"
#include "ui/properties/checkedlineedit.h"
#include "ui/properties/propertyfields.h"
#include "ui/selectionhub.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHash>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QVBoxLayout>

namespace ingress::ui {

namespace {

QString kindTitle(ItemKind kind) {
    switch (kind) {
    case ItemKind::Listener:
        return PropertyEditor::tr("Listener");
    case ItemKind::Host:
        return PropertyEditor::tr("Virtual host");
    case ItemKind::Route:
        return PropertyEditor::tr("Route");
    case ItemKind::Service:
        return PropertyEditor::tr("Service");
    case ItemKind::Certificate:
        return PropertyEditor::tr("Certificate");
    case ItemKind::None:
        break;
    }
    return PropertyEditor::tr("Topology");
}

QString certificateDetails(const Topology &t, const Certificate &c) {
    if (c.inCluster())
        return PropertyEditor::tr("Held by the cluster in Secret %1; serving here presents a "
                                  "certificate from the development CA.")
            .arg(c.secret.toHtmlEscaped());
    QString error;
    const auto info = readCertificateFile(t.resolvePath(c.certificate), &error);
    if (!info)
        return PropertyEditor::tr("<i>%1</i>").arg(error.toHtmlEscaped());
    return PropertyEditor::tr("Subject: %1<br>Names: %2<br>Valid until: %3<br>Key: %4 %5")
        .arg(info->subject.toHtmlEscaped(), info->names().join(QLatin1String(", ")).toHtmlEscaped(),
             QLocale().toString(info->notAfter, QLocale::ShortFormat), info->keyType)
        .arg(info->keyBits);
}

} // namespace

PropertyEditor::PropertyEditor(TopologyDocument *document, SelectionHub *selection, QWidget *parent)
    : QWidget(parent), m_document(document), m_selection(selection), m_form(new QWidget),
      m_layout(new QFormLayout(m_form)), m_title(new QLabel(this)),
      m_empty(new QLabel(tr("Select a host, route, service, listener or certificate to edit "
                            "its properties; with nothing selected, these are the topology's."),
                         this)),
      m_details(new QLabel(this)) {
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    auto *scroll = new QScrollArea(this);
    m_scroll = scroll;
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_empty);
    layout->addWidget(m_details);

    connect(selection, &SelectionHub::currentChanged, this, &PropertyEditor::rebuild);
    connect(document, &TopologyDocument::contentChanged, this, [this] {
        // The current item's kind still matches; only values (or choice lists) changed.
        if (m_kind != m_selection->current().kind)
            rebuild();
        else
            refreshValues();
    });
    rebuild();
}

QWidget *PropertyEditor::editorFor(const QString &key) const {
    for (int i = 0; i < m_fields.size(); ++i)
        if (m_fields.at(i).key == key)
            return m_editors.at(i);
    return nullptr;
}

void PropertyEditor::rebuild() {
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_editors.clear();
    const ItemRef ref = m_selection->current();
    m_kind = ref.kind;
    auto *hub = m_selection;
    m_fields = propertyFields(m_document, m_kind, [hub] { return hub->current(); });
    m_empty->setVisible(m_kind == ItemKind::None);
    m_title->setText(kindTitle(m_kind));
    for (const PropertyField &field : std::as_const(m_fields)) {
        QWidget *editor = nullptr;
        const auto set = field.set;
        if (field.editor == PropertyField::Editor::Choice) {
            auto *combo = new QComboBox;
            combo->addItems(field.choices);
            connect(combo, &QComboBox::activated, this, [this, combo, set] {
                if (!set(combo->currentText()))
                    refreshValues();
            });
            editor = combo;
        } else {
            auto *line = new CheckedLineEdit(field.check);
            line->setPlaceholderText(field.placeholder);
            const auto get = field.get;
            connect(line, &CheckedLineEdit::committed, this, [line, set, get](const QString &t) {
                if (!set(t))
                    line->showValue(get()); // a rename the user cancelled
            });
            editor = line;
        }
        editor->setObjectName(field.key);
        editor->setToolTip(field.toolTip);
        m_layout->addRow(field.label, editor);
        m_editors << editor;
    }
    refreshValues();
}

void PropertyEditor::refreshValues() {
    const ItemRef ref = m_selection->current();
    QHash<QString, QStringList> freshChoices;
    for (const PropertyField &f : propertyFields(m_document, m_kind, [ref] { return ref; }))
        if (f.editor == PropertyField::Editor::Choice)
            freshChoices.insert(f.key, f.choices);
    for (int i = 0; i < m_fields.size(); ++i) {
        const PropertyField &field = m_fields.at(i);
        const QString value = field.get();
        if (auto *combo = qobject_cast<QComboBox *>(m_editors.at(i))) {
            // Choice lists (services, certificates) follow the document.
            if (const QStringList now = freshChoices.value(field.key); now != field.choices) {
                m_fields[i].choices = now;
                combo->clear();
                combo->addItems(now);
            }
            int index = combo->findText(value);
            if (index < 0) {
                combo->addItem(value); // a dangling reference stays visible (validation flags it)
                index = combo->count() - 1;
            }
            combo->setCurrentIndex(index);
        } else if (auto *line = qobject_cast<CheckedLineEdit *>(m_editors.at(i))) {
            // Don't pull the text from under the user's cursor while they type.
            if (!line->hasFocus() || line->text().trimmed() == value)
                line->showValue(value);
        }
    }
    m_details->setVisible(ref.kind == ItemKind::Certificate && m_document->contains(ref));
    if (m_details->isVisibleTo(this))
        m_details->setText(
            certificateDetails(m_document->topology(), m_document->item<Certificate>(ref)));
}

} // namespace ingress::ui
