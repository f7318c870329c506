#include "ui/docks/usagespanel.h"

#include "model/items/topologydocument.h"
#include "ui/selectionhub.h"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace ingress::ui {

UsagesPanel::UsagesPanel(TopologyDocument *document, SelectionHub *selection, QWidget *parent)
    : QWidget(parent), m_document(document), m_selection(selection), m_title(new QLabel(this)),
      m_list(new QListWidget(this)) {
    m_title->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("usagesList"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_list, 1);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const int row = m_list->row(item);
        if (row >= 0 && row < m_usages.size())
            m_selection->setCurrent(m_usages.at(row).user);
    });
    connect(document, &TopologyDocument::contentChanged, this, &UsagesPanel::refresh);
    connect(document, &TopologyDocument::wasReset, this, [this] { showUsagesOf({}); });
    showUsagesOf({});
}

void UsagesPanel::showUsagesOf(ItemRef ref) {
    m_subject = m_document->contains(ref) ? ref : ItemRef{};
    m_subjectName = m_subject.isValid() ? nameOf(m_document->topology(), m_subject) : QString();
    refresh();
}

QString UsagesPanel::summary() const {
    return m_title->text();
}

void UsagesPanel::refresh() {
    const Topology &topology = m_document->topology();
    if (m_subject.isValid()) {
        // Follow the subject by name (rows shift under inserts), or through a rename.
        const ItemRef byName = findByName(topology, m_subject.kind, m_subjectName);
        if (byName.isValid())
            m_subject = byName;
        else if (m_document->contains(m_subject))
            m_subjectName = nameOf(topology, m_subject);
        else
            m_subject = {};
    }
    m_list->clear();
    m_usages.clear();
    if (!m_subject.isValid()) {
        m_title->setText(tr("Select a service, certificate or listener and choose Edit > Find "
                            "Usages to list where it is used."));
        return;
    }
    m_usages = findUsages(topology, m_subject);
    m_title->setText(tr("%1 <b>%2</b> is used in %n place(s)", nullptr, int(m_usages.size()))
                         .arg(nounOf(m_subject.kind), m_subjectName.toHtmlEscaped()));
    for (const Usage &usage : std::as_const(m_usages))
        m_list->addItem(QStringLiteral("%1 (%2)").arg(usage.description, usage.field));
}

} // namespace ingress::ui
