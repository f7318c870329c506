#pragma once

#include "model/topology/itemref.h"

#include <QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QListView;
class QMenu;
class QTableView;

namespace ingress {
class TopologyDocument;
struct Refactoring;
} // namespace ingress

namespace ingress::ui {

class Autosaver;
class CertificateActions;
class KeychainChecker;
class CertificatesPanel;
class DocumentController;
class ProblemsPanel;
class PropertyEditor;
class SelectionHub;
class TopologyCanvas;
class TopologyTreePanel;
class UsagesPanel;

// The main window: the canvas in the middle, docks around it (topology tree, services,
// certificates, properties, problems, proxy), menus File / Edit / View / Proxy / Help.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    TopologyDocument *document() const { return m_document; }
    DocumentController *controller() const { return m_controller; }
    SelectionHub *selection() const { return m_selection; }
    Autosaver *autosaver() const { return m_autosaver; }
    TopologyCanvas *canvas() const { return m_canvas; }
    TopologyTreePanel *treePanel() const { return m_tree; }
    QTableView *servicesView() const { return m_services; }
    CertificatesPanel *certificatesPanel() const { return m_certificatesPanel; }
    CertificateActions *certificateActions() const { return m_certificateActions; }
    PropertyEditor *propertyEditor() const { return m_properties; }
    ProblemsPanel *problemsPanel() const { return m_problems; }
    UsagesPanel *usagesPanel() const { return m_usages; }
    KeychainChecker *keychainChecker() const { return m_keychainChecker; }
    // Actions by objectName ("actionAddHost", ...), for tests and shortcuts.
    QAction *action(const QString &name) const;

    // On start: recover an autosave, else open `file`, else on first start the example.
    void openInitial(const QString &file);
    static QString bundledExample();
    // The folder of the documentation installed with the app (or the source tree's docs/).
    static QString documentationFolder();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createDocks();
    void createActions();
    void createMenus();
    void updateTitle();
    void updateActions();
    void updateRecentMenu();
    void addProxyDock();
    // Runs `method` (cut, copy, paste, del) on the focused text field; false when no text field
    // has focus.
    bool forwardToFocusedText(const char *method);
    void copySelection(bool cut);
    void paste();
    void findUsages();
    bool confirmRefactoring(const Refactoring &refactoring);
    void exportCanvas();
    void showAbout();
    QDockWidget *addDock(QWidget *widget, const QString &title, const QString &name,
                         Qt::DockWidgetArea area);
    QAction *makeAction(const QString &name, const QString &text, const QString &iconName = {},
                        const QKeySequence &shortcut = {});

    TopologyDocument *m_document;
    SelectionHub *m_selection;
    DocumentController *m_controller;
    Autosaver *m_autosaver;
    TopologyCanvas *m_canvas;
    TopologyTreePanel *m_tree = nullptr;
    QTableView *m_services = nullptr;
    QListView *m_certificates = nullptr;
    CertificateActions *m_certificateActions = nullptr;
    CertificatesPanel *m_certificatesPanel = nullptr;
    PropertyEditor *m_properties = nullptr;
    ProblemsPanel *m_problems = nullptr;
    UsagesPanel *m_usages = nullptr;
    KeychainChecker *m_keychainChecker = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_proxyMenu = nullptr;
    QLabel *m_statusProblems = nullptr;
};

} // namespace ingress::ui
