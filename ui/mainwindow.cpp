#include "ui/mainwindow.h"

#include "model/items/itemroles.h"
#include "model/items/servicestablemodel.h"
#include "model/items/topologydocument.h"
#include "ui/autosaver.h"
#include "ui/canvas/topologycanvas.h"
#include "ui/certificates/certificateactions.h"
#include "ui/certificates/certificatespanel.h"
#include "ui/certificates/keychainchecker.h"
#include "ui/docks/decoratedfiltermodel.h"
#include "ui/docks/problemspanel.h"
#include "ui/docks/topologytreepanel.h"
#include "ui/docks/usagespanel.h"
#include "ui/documentcontroller.h"
#include "ui/icons.h"
#include "ui/properties/propertyeditor.h"
#include "ui/selectionhub.h"

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>

namespace ingress::ui {

namespace {
const QString geometryKey = QStringLiteral("window/geometry");
const QString stateKey = QStringLiteral("window/state");
const QString firstStartKey = QStringLiteral("firstStartDone");

// Selects the row of a flat view whose ItemRefRole equals `ref`.
void selectRow(QAbstractItemView *view, ItemRef ref) {
    QAbstractItemModel *model = view->model();
    const bool mine = ref.isValid() && model->rowCount() > ref.row &&
                      model->index(ref.row, 0).data(ItemRefRole).value<ItemRef>() == ref;
    if (!mine) {
        view->selectionModel()->clearCurrentIndex();
        view->clearSelection();
        return;
    }
    const QModelIndex index = model->index(ref.row, 0);
    if (view->currentIndex().row() != ref.row) {
        view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
        view->scrollTo(index);
    }
}

void followSelection(QAbstractItemView *view, SelectionHub *hub) {
    QObject::connect(view->selectionModel(), &QItemSelectionModel::currentChanged, view,
                     [hub](const QModelIndex &current) {
                         if (current.isValid())
                             hub->setCurrent(current.data(ItemRefRole).value<ItemRef>());
                     });
    QObject::connect(hub, &SelectionHub::currentChanged, view,
                     [view](ItemRef ref) { selectRow(view, ref); });
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_document(new TopologyDocument(this)),
      m_selection(new SelectionHub(m_document, this)),
      m_controller(new DocumentController(m_document, DocumentPrompter::dialogs(this), this)),
      m_autosaver(new Autosaver(m_document, this)),
      m_canvas(new TopologyCanvas(m_document, m_selection, this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(icon(QStringLiteral("app")));
    setCentralWidget(m_canvas);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    // The left docks run to the bottom, so a taller Proxy dock (charts) does not squeeze the
    // topology tree.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    m_keychainChecker = new KeychainChecker(m_document, this);
    m_document->setRefactoringConfirmer(
        [this](const Refactoring &refactoring) { return confirmRefactoring(refactoring); });
    createDocks();
    createActions();
    createMenus();
    m_statusProblems = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusProblems);
    connect(m_problems, &ProblemsPanel::summaryChanged, m_statusProblems, &QLabel::setText);
    m_statusProblems->setText(m_problems->summary());

    connect(m_document, &TopologyDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &TopologyDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &TopologyDocument::wasReset, this, &MainWindow::updateTitle);
    connect(m_selection, &SelectionHub::currentChanged, this, &MainWindow::updateActions);
    connect(m_document, &TopologyDocument::documentPropertiesChanged, this,
            &MainWindow::updateActions); // Default Service is checked for the default one
    connect(m_canvas, &TopologyCanvas::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 5000); });
    connect(m_controller, &DocumentController::recentFilesChanged, this,
            &MainWindow::updateRecentMenu);
    connect(m_controller, &DocumentController::opened, this, [this](const QString &path) {
        statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
    });

    QSettings settings;
    resize(1400, 860);
    if (!restoreGeometry(settings.value(geometryKey).toByteArray()) ||
        !restoreState(settings.value(stateKey).toByteArray())) {
        // First start: a canvas-first layout with narrow docks around it; the Topology dock is
        // just wide enough for the Details column ("3 route(s), TLS bar-com").
        const auto dock = [this](const char *name) {
            return findChild<QDockWidget *>(QLatin1String(name));
        };
        resizeDocks({dock("topologyDock"), dock("propertiesDock")}, {370, 380}, Qt::Horizontal);
        resizeDocks({dock("problemsDock")}, {170}, Qt::Vertical);
        resizeDocks({dock("topologyDock"), dock("servicesDock")}, {330, 150}, Qt::Vertical);
    }
    updateTitle();
    updateActions();
    updateRecentMenu();
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addDock(QWidget *widget, const QString &title, const QString &name,
                                 Qt::DockWidgetArea area) {
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name); // saveState() keys the layout by it
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createDocks() {
    m_tree = new TopologyTreePanel(m_document, m_selection, this);
    QDockWidget *treeDock =
        addDock(m_tree, tr("Topology"), QStringLiteral("topologyDock"), Qt::LeftDockWidgetArea);

    m_services = new QTableView(this);
    m_services->setObjectName(QStringLiteral("servicesView"));
    auto *services = new DecoratedFilterModel(this);
    services->setSourceModel(new ServicesTableModel(m_document, this));
    m_services->setModel(services);
    m_services->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_services->setSelectionMode(QAbstractItemView::SingleSelection);
    m_services->verticalHeader()->hide();
    m_services->horizontalHeader()->setStretchLastSection(true);
    followSelection(m_services, m_selection);
    QDockWidget *servicesDock =
        addDock(m_services, tr("Services"), QStringLiteral("servicesDock"), Qt::LeftDockWidgetArea);

    m_certificateActions = new CertificateActions(m_document, m_selection, this);
    m_certificatesPanel =
        new CertificatesPanel(m_document, m_selection, m_certificateActions, this);
    m_certificates = m_certificatesPanel->listView();
    followSelection(m_certificates, m_selection);
    QDockWidget *certificatesDock =
        addDock(m_certificatesPanel, tr("Certificates"), QStringLiteral("certificatesDock"),
                Qt::LeftDockWidgetArea);
    splitDockWidget(treeDock, servicesDock, Qt::Vertical);
    tabifyDockWidget(servicesDock, certificatesDock);
    servicesDock->raise();

    m_properties = new PropertyEditor(m_document, m_selection, this);
    addDock(m_properties, tr("Properties"), QStringLiteral("propertiesDock"),
            Qt::RightDockWidgetArea);

    m_problems = new ProblemsPanel(m_document, m_selection, this);
    QDockWidget *problemsDock = addDock(m_problems, tr("Problems"), QStringLiteral("problemsDock"),
                                        Qt::BottomDockWidgetArea);
    m_usages = new UsagesPanel(m_document, m_selection, this);
    tabifyDockWidget(problemsDock, addDock(m_usages, tr("Usages"), QStringLiteral("usagesDock"),
                                           Qt::BottomDockWidgetArea));
    addProxyDock();
    problemsDock->raise();
}

bool MainWindow::confirmRefactoring(const Refactoring &refactoring) {
    const auto &ask = m_controller->prompter().confirmRefactoring;
    return !ask || ask(refactoring);
}

void MainWindow::findUsages() {
    m_usages->showUsagesOf(m_selection->current());
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("usagesDock"))) {
        dock->show();
        dock->raise();
    }
}

void MainWindow::updateTitle() {
    setWindowTitle(m_document->displayName() + QStringLiteral("[*] - Ingress Studio"));
    setWindowModified(m_document->isModified());
    setWindowFilePath(m_document->filePath());
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = m_controller->recentFiles();
    for (const QString &file : files) {
        QAction *open = m_recentMenu->addAction(QDir::toNativeSeparators(file));
        connect(open, &QAction::triggered, this, [this, file] { m_controller->open(file); });
    }
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear Menu"), m_controller,
                                &DocumentController::clearRecentFiles);
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

namespace {

// An installed file (packaging/: <prefix>/share/... beside <prefix>/bin), or the source tree's
// when the program runs from a build folder.
QString installedOrSource(const QString &installed, const QString &source) {
    const QString appDir = QCoreApplication::applicationDirPath();
    for (const QString &candidate : {appDir + QStringLiteral("/../") + installed, source})
        if (QFileInfo::exists(candidate))
            return QFileInfo(candidate).canonicalFilePath();
    return {};
}

} // namespace

QString MainWindow::bundledExample() {
    return installedOrSource(QStringLiteral("share/ingress-studio/examples/shop.yaml"),
                             QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml"));
}

QString MainWindow::documentationFolder() {
    return installedOrSource(QStringLiteral("share/doc/ingress-studio"),
                             QStringLiteral(INGRESS_SOURCE_DIR "/docs"));
}

void MainWindow::openInitial(const QString &file) {
    QSettings settings;
    if (m_autosaver->hasRecoverable()) {
        const QString origin = m_autosaver->recoverableOrigin();
        const auto answer = QMessageBox::question(
            this, tr("Recover unsaved changes?"),
            tr("Ingress Studio did not close normally. Recover the unsaved changes to %1?")
                .arg(origin.isEmpty() ? tr("an untitled topology")
                                      : QDir::toNativeSeparators(origin)),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        QString error;
        if (answer == QMessageBox::Yes && m_autosaver->recover(&error))
            return;
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Recovery failed"), error);
        m_autosaver->discard();
    }
    if (!file.isEmpty()) {
        m_controller->open(file);
    } else if (!settings.value(firstStartKey).toBool()) {
        const QString example = bundledExample();
        if (!example.isEmpty())
            m_controller->open(example);
    }
    settings.setValue(firstStartKey, true);
    if (m_document->filePath().isEmpty() && m_document->topology().name.isEmpty())
        m_controller->newDocument();
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (!m_controller->maybeSave()) {
        event->ignore();
        return;
    }
    m_autosaver->discard();
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(stateKey, saveState());
    event->accept();
}

} // namespace ingress::ui
