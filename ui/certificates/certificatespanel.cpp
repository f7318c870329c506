#include "ui/certificates/certificatespanel.h"

#include "model/items/certificateslistmodel.h"
#include "ui/certificates/certificateactions.h"
#include "ui/certificates/certificatedetailspanel.h"
#include "ui/docks/decoratedfiltermodel.h"

#include <QAction>
#include <QListView>
#include <QScrollArea>
#include <QSplitter>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace ingress::ui {

CertificatesPanel::CertificatesPanel(TopologyDocument *document, SelectionHub *selection,
                                     CertificateActions *actions, QWidget *parent)
    : QWidget(parent), m_list(new QListView(this)),
      m_details(new CertificateDetailsPanel(document, selection, actions->operations(), this)) {
    setObjectName(QStringLiteral("certificatesPanel"));
    auto *toolBar = new QToolBar(this);
    toolBar->setObjectName(QStringLiteral("certificatesToolBar"));
    toolBar->setIconSize(QSize(16, 16));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // The dock is narrow: the issue action (the common one) stays visible, the rest are
    // behind a menu button, all of them also in the list's context menu.
    const QList<QAction *> all = actions->actions();
    QAction *issue = nullptr;
    for (QAction *action : all)
        if (action->objectName() == u"actionIssueCertificate")
            issue = action;
    toolBar->addAction(issue);
    auto *more = new QToolButton(toolBar);
    more->setObjectName(QStringLiteral("moreCertificateActions"));
    more->setText(tr("More"));
    more->setPopupMode(QToolButton::InstantPopup);
    for (QAction *action : all)
        if (action != issue)
            more->addAction(action);
    toolBar->addWidget(more);

    m_list->setObjectName(QStringLiteral("certificatesView"));
    auto *model = new DecoratedFilterModel(this);
    model->setSourceModel(new CertificatesListModel(document, this));
    m_list->setModel(model);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_list->addActions(all);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_details);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_list);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolBar);
    layout->addWidget(splitter, 1);

    connect(actions, &CertificateActions::certificatesChanged, m_details,
            &CertificateDetailsPanel::forgetKeyChecks);
}

} // namespace ingress::ui
