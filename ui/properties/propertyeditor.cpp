#include "ui/properties/propertyeditor.h"

#include "model/certs/certificatereader.h"
#include "model/items/topologydocument.h"
#include "model/topology/certificateinfo.h"
#include "ui/properties/checkedlineedit.h"
#include "ui/properties/propertyfields.h"
#include "ui/selectionhub.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHash>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
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
    m_rows.clear();
    const ItemRef ref = m_selection->current();
    m_kind = ref.kind;
    auto *hub = m_selection;
    m_fields = propertyFields(m_document, m_kind, [hub] { return hub->current(); });
    m_empty->setVisible(m_kind == ItemKind::None);
    m_title->setText(kindTitle(m_kind));
    QString group;
    for (const PropertyField &field : std::as_const(m_fields)) {
        if (!field.group.isEmpty() && field.group != group) {
            auto *heading = new QLabel(field.group);
            QFont bold = heading->font();
            bold.setBold(true);
            heading->setFont(bold);
            heading->setContentsMargins(0, 8, 0, 0);
            m_layout->addRow(heading);
        }
        group = field.group;
        QWidget *row = nullptr;
        QWidget *editor = makeEditor(field, &row);
        editor->setObjectName(field.key);
        editor->setToolTip(field.toolTip);
        m_layout->addRow(field.label, row);
        m_editors << editor;
        m_rows << row;
    }
    refreshValues();
}

QWidget *PropertyEditor::makeEditor(const PropertyField &field, QWidget **row) {
    const auto set = field.set;
    const auto get = field.get;
    switch (field.editor) {
    case PropertyField::Editor::Choice: {
        auto *combo = new QComboBox;
        combo->addItems(field.choices);
        connect(combo, &QComboBox::activated, this, [this, combo, set] {
            if (!set(combo->currentText()))
                refreshValues();
        });
        if (field.editable) {
            // Typed text is checked and committed as in a text field; the list is a shortcut.
            combo->setEditable(true);
            combo->setInsertPolicy(QComboBox::NoInsert);
            auto *line = new CheckedLineEdit(field.check);
            combo->setLineEdit(line);
            connect(line, &CheckedLineEdit::committed, this, [this, set](const QString &t) {
                if (!set(t))
                    refreshValues();
            });
        }
        *row = combo;
        return combo;
    }
    case PropertyField::Editor::Toggle: {
        auto *box = new QCheckBox;
        // clicked, not toggled: refreshValues() sets the box without writing it back.
        connect(box, &QCheckBox::clicked, this, [this, set](bool on) {
            if (!set(on ? QStringLiteral("true") : QStringLiteral("false")))
                refreshValues();
        });
        *row = box;
        return box;
    }
    case PropertyField::Editor::Text:
    case PropertyField::Editor::File:
        break;
    }
    auto *line = new CheckedLineEdit(field.check);
    line->setPlaceholderText(field.placeholder);
    connect(line, &CheckedLineEdit::committed, this, [line, set, get](const QString &t) {
        if (!set(t))
            line->showValue(get()); // a rename the user cancelled
    });
    *row = line;
    if (field.editor != PropertyField::Editor::File)
        return line;
    // A chosen file may be wrong in ways a glance at the path does not show (a bad line in
    // it): the check's message is shown under the field, not only in its tooltip.
    auto *box = new QWidget;
    auto *layout = new QGridLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(line, 0, 0);
    auto *choose = new QPushButton(tr("Choose..."), box);
    choose->setObjectName(field.key + QStringLiteral("/choose"));
    choose->setAutoDefault(false);
    layout->addWidget(choose, 0, 1);
    auto *message = new QLabel(box);
    message->setObjectName(field.key + QStringLiteral("/error"));
    message->setWordWrap(true);
    message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message->setVisible(false);
    layout->addWidget(message, 1, 0, 1, 2);
    connect(line, &CheckedLineEdit::errorChanged, message, [message](const QString &error) {
        message->setText(error);
        message->setVisible(!error.isEmpty());
    });
    const int index = int(m_editors.size());
    connect(choose, &QPushButton::clicked, this, [this, index] { chooseFile(index); });
    *row = box;
    return line;
}

void PropertyEditor::chooseFile(int field) {
    auto *line = qobject_cast<CheckedLineEdit *>(m_editors.value(field));
    if (!line)
        return;
    const Topology &t = m_document->topology();
    QString start = t.resolvePath(line->text().trimmed());
    if (start.isEmpty() && !m_document->filePath().isEmpty())
        start = QFileInfo(m_document->filePath()).absolutePath();
    const QString title = tr("Choose the %1").arg(m_fields.at(field).label);
    const QString chosen =
        m_fileChooser ? m_fileChooser(title, start)
                      : QFileDialog::getOpenFileName(this, title, start, tr("All files (*)"));
    if (chosen.isEmpty())
        return;
    line->setText(documentPath(chosen));
    // A file that fails the check stays in the field, tinted, with the message under it.
    line->commit();
}

QString PropertyEditor::documentPath(const QString &absolutePath) const {
    const QString path = m_document->filePath();
    if (path.isEmpty())
        return absolutePath;
    // Beside the document: relative, so the project folder can move. Elsewhere (a shared
    // folder): absolute, which survives moving the document alone (as certificates do).
    const QString relative = QFileInfo(path).absoluteDir().relativeFilePath(absolutePath);
    return relative.startsWith(QLatin1String("..")) ? absolutePath : relative;
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
        const QString inherited = field.inherited ? field.inherited() : QString();
        const QString placeholder = inherited.isEmpty() ? field.placeholder : inherited;
        m_rows.at(i)->setEnabled(!field.enabled || field.enabled());
        if (auto *combo = qobject_cast<QComboBox *>(m_editors.at(i))) {
            // Choice lists (services, certificates) follow the document.
            if (const QStringList now = freshChoices.value(field.key); now != field.choices) {
                m_fields[i].choices = now;
                combo->clear();
                combo->addItems(now);
            }
            combo->setPlaceholderText(placeholder);
            int index = combo->findText(value);
            if (index < 0 && value.isEmpty()) {
                // Unset: the placeholder says what applies.
            } else if (index < 0) {
                combo->addItem(value); // a dangling reference stays visible (validation flags it)
                index = combo->count() - 1;
            }
            auto *line = qobject_cast<CheckedLineEdit *>(combo->lineEdit());
            if (!line) {
                combo->setCurrentIndex(index);
            } else if (!line->hasFocus() || line->text().trimmed() == value) {
                // Editable: as a text field, not from under the user's cursor.
                combo->setCurrentIndex(index);
                line->setPlaceholderText(placeholder);
                line->showValue(value);
            }
        } else if (auto *box = qobject_cast<QCheckBox *>(m_editors.at(i))) {
            box->setChecked(value == QLatin1String("true"));
            // What applies while it is off (a route's part from its host).
            box->setText(box->isChecked() ? QString() : inherited);
        } else if (auto *line = qobject_cast<CheckedLineEdit *>(m_editors.at(i))) {
            line->setPlaceholderText(placeholder);
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
