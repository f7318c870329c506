#include "ui/proxy/proxypanel.h"

#include "model/items/topologydocument.h"
#include "ui/proxy/explainbox.h"
#include "ui/proxy/metricscharts.h"
#include "ui/proxy/proxycontroller.h"
#include "ui/proxy/requestdetaildialog.h"
#include "ui/proxy/requestdetails.h"
#include "ui/proxy/requestlogmodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ingress::ui {

ProxyPanel::ProxyPanel(ProxyController *controller, TopologyDocument *document,
                       SelectionHub *selection, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_document(document), m_selection(selection),
      m_status(new QLabel(this)), m_addresses(new QLabel(this)), m_outdated(new QWidget(this)),
      m_charts(new MetricsCharts(this)), m_log(new RequestLogModel(5000, this)),
      m_filtered(new QSortFilterProxyModel(this)), m_logView(new QTableView(this)),
      m_detailsButton(new QPushButton(tr("Details..."), this)), m_filter(new QLineEdit(this)),
      m_pause(new QCheckBox(tr("Pause"), this)), m_explain(new ExplainBox(document, this)) {
    m_addresses->setOpenExternalLinks(true);
    m_addresses->setTextInteractionFlags(Qt::TextBrowserInteraction);

    auto *header = new QHBoxLayout;
    header->addWidget(m_status);
    header->addWidget(m_addresses, 1);

    // Edits do not reach the running proxy until it is reloaded: say so where the traffic is.
    m_outdated->setObjectName(QStringLiteral("outdatedBanner"));
    auto *outdatedText = new QLabel(tr("The design has changed since the proxy started serving "
                                       "it; the proxy still serves the older version."),
                                    m_outdated);
    outdatedText->setWordWrap(true);
    auto *reload = new QPushButton(tr("Reload (Ctrl+F5)"), m_outdated);
    reload->setObjectName(QStringLiteral("outdatedReload"));
    connect(reload, &QPushButton::clicked, controller, &ProxyController::reload);
    auto *outdatedLayout = new QHBoxLayout(m_outdated);
    outdatedLayout->setContentsMargins(0, 0, 0, 0);
    outdatedLayout->addWidget(outdatedText, 1);
    outdatedLayout->addWidget(reload);
    m_outdated->hide();
    connect(controller, &ProxyController::servedDesignChanged, m_outdated, &QWidget::setVisible);

    QSortFilterProxyModel *filtered = m_filtered;
    filtered->setSourceModel(m_log);
    filtered->setFilterKeyColumn(-1);
    filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_logView->setModel(filtered);
    m_logView->setObjectName(QStringLiteral("requestLog"));
    m_logView->verticalHeader()->hide();
    // One text line per request: the style's default row height shows half as many.
    m_logView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_logView->horizontalHeader()->setStretchLastSection(true);
    m_logView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_filter->setPlaceholderText(tr("Filter requests (status, host, path, service...)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, filtered,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_pause, &QCheckBox::toggled, m_log, &RequestLogModel::setPaused);
    auto *clear = new QPushButton(tr("Clear"), this);
    connect(clear, &QPushButton::clicked, m_log, &RequestLogModel::clear);
    // activated: a double-click or Enter on a row.
    connect(m_logView, &QTableView::activated, this, &ProxyPanel::openDetails);
    m_logView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_logView, &QTableView::customContextMenuRequested, this, &ProxyPanel::showLogMenu);
    m_detailsButton->setObjectName(QStringLiteral("requestDetailsButton"));
    m_detailsButton->setEnabled(false);
    connect(m_logView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { m_detailsButton->setEnabled(current.isValid()); });
    connect(m_detailsButton, &QPushButton::clicked, this,
            [this] { openDetails(m_logView->currentIndex()); });

    auto *logPage = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logPage);
    logLayout->setContentsMargins(0, 0, 0, 0);
    auto *logTools = new QHBoxLayout;
    logTools->addWidget(m_filter, 1);
    logTools->addWidget(m_detailsButton);
    logTools->addWidget(m_pause);
    logTools->addWidget(clear);
    logLayout->addLayout(logTools);
    logLayout->addWidget(m_logView);

    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("proxyTabs"));
    tabs->addTab(m_charts, tr("Charts"));
    tabs->addTab(logPage, tr("Requests"));
    tabs->addTab(m_explain, tr("Explain"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_outdated);
    layout->addWidget(tabs, 1);

    connect(controller, &ProxyController::requestsLogged, m_log, &RequestLogModel::append);
    connect(controller, &ProxyController::stateChanged, this, &ProxyPanel::updateState);
    connect(controller, &ProxyController::metricsSampled, this, &ProxyPanel::addSample);
    m_clock.start();
    updateState();
}

RequestDetails ProxyPanel::detailsFor(const QModelIndex &index) const {
    const proxy::AccessLogEntry &entry = m_log->entry(m_filtered->mapToSource(index).row());
    // Tests and a listener on port 0 bind another port than the document says.
    const quint16 port = m_controller->isRunning() ? m_controller->port(entry.listener) : 0;
    return RequestDetails(entry, m_document->topology(), port);
}

RequestDetailDialog *ProxyPanel::openDetails(const QModelIndex &index) {
    if (!index.isValid() || index.model() != m_filtered)
        return nullptr;
    if (!m_details)
        m_details = new RequestDetailDialog(m_selection, this);
    m_details->setDetails(detailsFor(index));
    m_details->show();
    m_details->raise();
    m_details->activateWindow();
    return m_details;
}

RequestDetailDialog *ProxyPanel::detailDialog() const {
    return m_details;
}

void ProxyPanel::showLogMenu(const QPoint &position) {
    const QModelIndex index = m_logView->indexAt(position);
    if (!index.isValid())
        return;
    const RequestDetails details = detailsFor(index);
    QMenu menu(this);
    menu.addAction(tr("Details..."), this, [this, index] { openDetails(index); });
    QAction *show = menu.addAction(tr("Show on Canvas"), this, [this, details] {
        RequestDetailDialog::showOnCanvas(details, m_selection);
    });
    show->setEnabled(m_selection && details.canvasItem().isValid());
    QAction *curl = menu.addAction(tr("Copy as curl"), this,
                                   [details] { RequestDetailDialog::copyAsCurl(details); });
    curl->setEnabled(!details.curl().isEmpty());
    menu.exec(m_logView->viewport()->mapToGlobal(position));
}

void ProxyPanel::addSample() {
    if (const ProxyController::SnapshotPtr sample = m_controller->lastSample())
        m_charts->addSnapshot(*sample, double(m_clock.elapsed()) / 1000.0);
}

void ProxyPanel::updateState() {
    switch (m_controller->state()) {
    case ProxyController::State::Running: {
        m_status->setText(tr("<b>Serving</b>"));
        QStringList links;
        for (const QString &address : m_controller->listeningAddresses()) {
            const QString name = address.section(QStringLiteral(" \u2192 "), 0, 0);
            const QString hostPort = address.section(QStringLiteral(" \u2192 "), 1);
            const Listener *listener = m_document->topology().findListener(name);
            const bool https = listener && listener->protocol == Protocol::Https;
            links << QStringLiteral("<a href=\"%1://%2/\">%3</a>")
                         .arg(https ? QStringLiteral("https") : QStringLiteral("http"), hostPort,
                              address.toHtmlEscaped());
        }
        m_addresses->setText(links.join(QLatin1String(" &nbsp; ")));
        if (!m_serving) { // a start, not a reload: a new history
            m_serving = true;
            m_charts->clear();
        }
        break;
    }
    case ProxyController::State::Stopping:
        m_status->setText(tr("Stopping..."));
        break;
    case ProxyController::State::Stopped:
        m_status->setText(tr("Stopped. Proxy > Start serves this topology on its listeners."));
        m_addresses->clear();
        m_serving = false; // the charts keep showing the run that ended
        break;
    }
}

} // namespace ingress::ui
