// MainWindow's actions and menus: what each command does lives in the document layer
// (DocumentEditor, DocumentController); this file only wires them to menus and shortcuts.
#include "ingress/version.h"
#include "model/items/documenteditor.h"
#include "model/items/itemclipboard.h"
#include "model/items/resetcanvaslayoutcommand.h"
#include "model/items/topologydocument.h"
#include "ui/autosaver.h"
#include "ui/canvas/topologycanvas.h"
#include "ui/certificates/certificateactions.h"
#include "ui/certificates/keychainchecker.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/dialogs/shortcutsdialog.h"
#include "ui/docks/topologytreepanel.h"
#include "ui/documentcontroller.h"
#include "ui/icons.h"
#include "ui/mainwindow.h"
#include "ui/selectionhub.h"

#include <openssl/crypto.h>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileDialog>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>
#include <QUrl>

namespace ingress::ui {

QAction *MainWindow::makeAction(const QString &name, const QString &text, const QString &iconName,
                                const QKeySequence &shortcut) {
    auto *a = new QAction(text, this);
    a->setObjectName(name);
    if (!iconName.isEmpty())
        a->setIcon(icon(iconName));
    if (!shortcut.isEmpty()) {
        a->setShortcut(shortcut);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(u'&'),
                                                    shortcut.toString(QKeySequence::NativeText)));
    }
    return a;
}

QAction *MainWindow::action(const QString &name) const {
    return findChild<QAction *>(name, Qt::FindDirectChildrenOnly);
}

void MainWindow::createActions() {
    DocumentController *c = m_controller;
    connect(makeAction(QStringLiteral("actionNew"), tr("&New"), {}, QKeySequence::New),
            &QAction::triggered, c, &DocumentController::newDocument);
    connect(makeAction(QStringLiteral("actionOpen"), tr("&Open..."), {}, QKeySequence::Open),
            &QAction::triggered, c, [c] { c->open(); });
    connect(makeAction(QStringLiteral("actionSave"), tr("&Save"), {}, QKeySequence::Save),
            &QAction::triggered, c, &DocumentController::save);
    // Ctrl+Shift+S as on every Linux desktop (QKeySequence::SaveAs has none in Windows' scheme,
    // which the offscreen and some other platforms use).
    connect(makeAction(QStringLiteral("actionSaveAs"), tr("Save &As..."), {},
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)),
            &QAction::triggered, c, &DocumentController::saveAs);
    // A window holds one topology: closing it leaves an empty, untitled one.
    connect(makeAction(QStringLiteral("actionClose"), tr("&Close"), {},
                       QKeySequence(Qt::CTRL | Qt::Key_W)),
            &QAction::triggered, c, &DocumentController::newDocument);
    QAction *import =
        makeAction(QStringLiteral("actionImportKubernetes"), tr("&Import Kubernetes Manifests..."));
    import->setToolTip(
        tr("Read Ingress, Gateway API, Service and TLS Secret manifests into a new topology"));
    connect(import, &QAction::triggered, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Import Kubernetes manifests"), QString(),
            tr("Kubernetes manifests (*.yaml *.yml *.json);;All files (*)"));
        if (!files.isEmpty())
            m_controller->importKubernetes(files);
    });
    QAction *exportAction = makeAction(QStringLiteral("actionExport"), tr("&Export..."), {},
                                       QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAction->setToolTip(tr("Export to Kubernetes, nginx, HAProxy and more"));
    connect(exportAction, &QAction::triggered, this, [this] {
        ExportDialog dialog(m_document->topology(), this);
        dialog.exec();
    });
    connect(makeAction(QStringLiteral("actionExportCanvas"), tr("Export Canvas &Image...")),
            &QAction::triggered, this, &MainWindow::exportCanvas);
    connect(makeAction(QStringLiteral("actionQuit"), tr("&Quit"), {}, QKeySequence::Quit),
            &QAction::triggered, this, &QWidget::close);

    QUndoStack *stack = m_document->undoStack();
    QAction *undo = stack->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("actionUndo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = stack->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("actionRedo"));
    redo->setShortcut(QKeySequence::Redo);

    // Cut, Copy, Paste and Delete belong to the text field that has focus (the Explain output,
    // a property, the filter box); topology items are copied from the views that show them.
    connect(makeAction(QStringLiteral("actionCut"), tr("Cu&t"), {}, QKeySequence::Cut),
            &QAction::triggered, this, [this] {
                if (!forwardToFocusedText("cut"))
                    copySelection(true);
            });
    connect(makeAction(QStringLiteral("actionCopy"), tr("&Copy"), {}, QKeySequence::Copy),
            &QAction::triggered, this, [this] {
                if (!forwardToFocusedText("copy"))
                    copySelection(false);
            });
    connect(makeAction(QStringLiteral("actionPaste"), tr("&Paste"), {}, QKeySequence::Paste),
            &QAction::triggered, this, [this] {
                if (!forwardToFocusedText("paste"))
                    paste();
            });
    connect(makeAction(QStringLiteral("actionDelete"), tr("&Delete"), QStringLiteral("delete"),
                       QKeySequence::Delete),
            &QAction::triggered, this, [this] {
                if (!forwardToFocusedText("del"))
                    DocumentEditor(m_document).remove(m_selection->current());
            });
    connect(makeAction(QStringLiteral("actionDuplicate"), tr("D&uplicate"), {},
                       QKeySequence(Qt::CTRL | Qt::Key_D)),
            &QAction::triggered, this, [this] {
                m_selection->setCurrent(
                    DocumentEditor(m_document).duplicate(m_selection->current()));
            });

    QAction *makeDefault =
        makeAction(QStringLiteral("actionDefaultService"), tr("Default Ser&vice"), {}, {});
    makeDefault->setCheckable(true);
    makeDefault->setToolTip(tr("The current service answers requests that no host or route "
                               "matches (the topology's defaultService)"));
    connect(makeDefault, &QAction::triggered, this, [this](bool checked) {
        const ItemRef current = m_selection->current();
        if (current.kind != ItemKind::Service || !m_document->contains(current))
            return;
        DocumentEditor(m_document)
            .setDefaultService(checked ? m_document->topology().services.at(current.row).name
                                       : QString());
    });

    const auto addAction = [this](const QString &name, const QString &text, const QString &iconName,
                                  const QKeySequence &shortcut, auto add) {
        connect(makeAction(name, text, iconName, shortcut), &QAction::triggered, this, [this, add] {
            DocumentEditor editor(m_document);
            m_selection->setCurrent(add(editor, m_selection->current()));
        });
    };
    addAction(QStringLiteral("actionAddHost"), tr("Add &Host"), QStringLiteral("host"),
              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H),
              [](DocumentEditor &e, ItemRef) { return e.addHost(); });
    addAction(QStringLiteral("actionAddRoute"), tr("Add &Route"), QStringLiteral("route"),
              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [](DocumentEditor &e, ItemRef at) {
                  if (at.kind == ItemKind::Route)
                      return e.addRoute(at.host, at.row);
                  return at.kind == ItemKind::Host ? e.addRoute(at.row) : ItemRef{};
              });
    addAction(QStringLiteral("actionAddService"), tr("Add &Service"), QStringLiteral("service"),
              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
              [](DocumentEditor &e, ItemRef) { return e.addService(); });
    addAction(QStringLiteral("actionAddListener"), tr("Add &Listener"), QStringLiteral("listener"),
              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
              [](DocumentEditor &e, ItemRef) { return e.addListener(); });
    addAction(QStringLiteral("actionAddCertificate"), tr("Add &Certificate"),
              QStringLiteral("certificate"), {},
              [](DocumentEditor &e, ItemRef) { return e.addCertificate(); });
    QAction *usages = makeAction(QStringLiteral("actionFindUsages"), tr("Find &Usages"), {},
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    usages->setStatusTip(tr("List the routes, hosts and settings that name the selected item"));
    connect(usages, &QAction::triggered, this, &MainWindow::findUsages);
    connect(makeAction(QStringLiteral("actionFind"), tr("&Find..."), {}, QKeySequence::Find),
            &QAction::triggered, this, [this] {
                m_tree->filterEdit()->setFocus();
                m_tree->filterEdit()->selectAll();
            });

    connect(makeAction(QStringLiteral("actionZoomIn"), tr("Zoom &In"), {}, QKeySequence::ZoomIn),
            &QAction::triggered, m_canvas, &TopologyCanvas::zoomIn);
    connect(makeAction(QStringLiteral("actionZoomOut"), tr("Zoom &Out"), {}, QKeySequence::ZoomOut),
            &QAction::triggered, m_canvas, &TopologyCanvas::zoomOut);
    connect(makeAction(QStringLiteral("actionFit"), tr("&Fit to Window"), QStringLiteral("fit"),
                       QKeySequence(Qt::CTRL | Qt::Key_0)),
            &QAction::triggered, m_canvas, &TopologyCanvas::fitAll);
    QAction *resetLayout = makeAction(QStringLiteral("actionResetLayout"), tr("&Reset Layout"));
    resetLayout->setStatusTip(tr("Forget where nodes were dragged; the canvas lays itself out "
                                 "again (undoable)"));
    connect(resetLayout, &QAction::triggered, this, [this] {
        // Nothing moved: no empty step on the undo stack.
        if (!m_document->canvasPositions().isEmpty())
            m_document->undoStack()->push(new ResetCanvasLayoutCommand(m_document));
    });
    connect(makeAction(QStringLiteral("actionAbout"), tr("&About Ingress Studio")),
            &QAction::triggered, this, &MainWindow::showAbout);
    connect(makeAction(QStringLiteral("actionShortcuts"), tr("&Keyboard Shortcuts"), {},
                       QKeySequence::HelpContents),
            &QAction::triggered, this, [this] {
                QList<QAction *> actions = findChildren<QAction *>(Qt::FindDirectChildrenOnly);
                ShortcutsDialog(actions, this).exec();
            });
    QAction *docs = makeAction(QStringLiteral("actionDocumentation"), tr("&Documentation"));
    docs->setStatusTip(tr("The guides installed with Ingress Studio: the file format, "
                          "validation rules, routing, exporters, TLS"));
    connect(docs, &QAction::triggered, this, [this] {
        const QString folder = documentationFolder();
        if (folder.isEmpty() || !QDesktopServices::openUrl(QUrl::fromLocalFile(folder)))
            statusBar()->showMessage(tr("The documentation is not installed"), 5000);
    });
}

void MainWindow::createMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("actionNew")));
    file->addAction(action(QStringLiteral("actionOpen")));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(action(QStringLiteral("actionSave")));
    file->addAction(action(QStringLiteral("actionSaveAs")));
    file->addAction(action(QStringLiteral("actionClose")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("actionImportKubernetes")));
    file->addAction(action(QStringLiteral("actionExport")));
    file->addAction(action(QStringLiteral("actionExportCanvas")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("actionQuit")));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    for (const char *name :
         {"actionUndo", "actionRedo", "", "actionCut", "actionCopy", "actionPaste", "actionDelete",
          "actionDuplicate", "actionDefaultService", "", "actionAddHost", "actionAddRoute",
          "actionAddService", "actionAddListener", "actionAddCertificate", "", "actionFind",
          "actionFindUsages"}) {
        if (*name)
            edit->addAction(action(QLatin1String(name)));
        else
            edit->addSeparator();
    }

    QMenu *certificates = menuBar()->addMenu(tr("&Certificates"));
    certificates->setObjectName(QStringLiteral("certificatesMenu"));
    certificates->addActions(m_certificateActions->actions());
    connect(m_certificateActions, &CertificateActions::statusMessage, this,
            [this](const QString &message) {
                statusBar()->showMessage(message, 5000);
                m_keychainChecker->recheck(); // a key may have been imported or removed
            });

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(action(QStringLiteral("actionZoomIn")));
    m_viewMenu->addAction(action(QStringLiteral("actionZoomOut")));
    m_viewMenu->addAction(action(QStringLiteral("actionFit")));
    m_viewMenu->addAction(action(QStringLiteral("actionResetLayout")));

    m_proxyMenu = menuBar()->addMenu(tr("&Proxy"));
    for (const char *name : {"actionProxyStart", "actionProxyStop", "actionProxyReload"})
        if (QAction *a = action(QLatin1String(name)))
            m_proxyMenu->addAction(a);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(QStringLiteral("actionShortcuts")));
    help->addAction(action(QStringLiteral("actionDocumentation")));
    help->addSeparator();
    help->addAction(action(QStringLiteral("actionAbout")));
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    for (const char *name : {"actionAddHost", "actionAddRoute", "actionAddService",
                             "actionAddListener", "actionDelete", "actionFit"})
        tools->addAction(action(QLatin1String(name)));
    tools->addSeparator();
    for (const char *name : {"actionProxyStart", "actionProxyStop", "actionProxyReload"})
        if (QAction *a = action(QLatin1String(name)))
            tools->addAction(a);
}

void MainWindow::updateActions() {
    const ItemRef current = m_selection->current();
    const bool any = current.isValid();
    for (const char *name : {"actionCut", "actionCopy", "actionDelete", "actionDuplicate"})
        action(QLatin1String(name))->setEnabled(any);
    action(QStringLiteral("actionAddRoute"))
        ->setEnabled(current.kind == ItemKind::Host || current.kind == ItemKind::Route);
    action(QStringLiteral("actionFindUsages"))
        ->setEnabled(current.kind == ItemKind::Service || current.kind == ItemKind::Certificate ||
                     current.kind == ItemKind::Listener);
    QAction *makeDefault = action(QStringLiteral("actionDefaultService"));
    const bool service = current.kind == ItemKind::Service && m_document->contains(current);
    makeDefault->setEnabled(service);
    makeDefault->setChecked(service && m_document->topology().services.at(current.row).name ==
                                           m_document->topology().defaultService);
}

bool MainWindow::forwardToFocusedText(const char *method) {
    QWidget *focus = QApplication::focusWidget();
    // A text field is what has a copy() slot (QLineEdit, QTextEdit, QPlainTextEdit, and the
    // line edit inside an editable combo box); item views and the canvas have none.
    if (!focus || focus->metaObject()->indexOfSlot("copy()") < 0)
        return false;
    // A text field without the method (Delete in a QPlainTextEdit) does nothing with it: the
    // key was meant for the text, never for the topology.
    if (focus->metaObject()->indexOfSlot(QByteArray(method).append("()").constData()) >= 0)
        QMetaObject::invokeMethod(focus, method);
    return true;
}

void MainWindow::copySelection(bool cut) {
    const ItemRef current = m_selection->current();
    if (!m_document->contains(current))
        return;
    const QByteArray yaml = itemclipboard::encode(m_document->topology(), current);
    auto *mime = new QMimeData;
    mime->setData(itemclipboard::mimeType(), yaml);
    mime->setText(QString::fromUtf8(yaml));
    QGuiApplication::clipboard()->setMimeData(mime);
    if (cut)
        DocumentEditor(m_document).remove(current);
}

void MainWindow::paste() {
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (!mime)
        return;
    const QByteArray yaml = mime->hasFormat(itemclipboard::mimeType())
                                ? mime->data(itemclipboard::mimeType())
                                : mime->text().toUtf8();
    QString error;
    const QList<ItemRef> added =
        itemclipboard::paste(m_document, yaml, m_selection->current(), &error);
    if (added.isEmpty())
        statusBar()->showMessage(tr("Cannot paste: %1").arg(error), 5000);
    else
        m_selection->setCurrent(added.constLast());
}

void MainWindow::exportCanvas() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export canvas"), m_document->topology().name + QStringLiteral(".png"),
        tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_canvas->exportImage(path, &error))
        QMessageBox::critical(this, tr("Export failed"), error);
    else
        statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Ingress Studio"),
        tr("<h3>Ingress Studio %1</h3><p>Design, serve and export ingress topologies.</p>"
           "<p>Qt %2 (built with %3)<br>%4</p>")
            .arg(QStringLiteral(INGRESS_VERSION), QString::fromLatin1(qVersion()),
                 QStringLiteral(QT_VERSION_STR),
                 QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION))));
}

} // namespace ingress::ui
