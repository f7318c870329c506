// MainWindow's proxy dock and Proxy menu actions.
#include "ui/canvas/topologycanvas.h"
#include "ui/icons.h"
#include "ui/mainwindow.h"
#include "ui/proxy/proxycontroller.h"
#include "ui/proxy/proxypanel.h"

#include <QAction>
#include <QDockWidget>
#include <QMessageBox>
#include <QStatusBar>

namespace ingress::ui {

void MainWindow::addProxyDock() {
    auto *controller = new ProxyController(m_document, this);
    controller->setObjectName(QStringLiteral("proxyController"));
    auto *panel = new ProxyPanel(controller, m_document, m_selection, this);
    QDockWidget *dock =
        addDock(panel, tr("Proxy"), QStringLiteral("proxyDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(findChild<QDockWidget *>(QStringLiteral("problemsDock")), dock);

    QAction *start = makeAction(QStringLiteral("actionProxyStart"), tr("&Start Proxy"),
                                QStringLiteral("start"), QKeySequence(Qt::Key_F5));
    QAction *stop = makeAction(QStringLiteral("actionProxyStop"), tr("S&top Proxy"),
                               QStringLiteral("stop"), QKeySequence(Qt::SHIFT | Qt::Key_F5));
    QAction *reload = makeAction(QStringLiteral("actionProxyReload"), tr("&Reload Proxy"),
                                 QStringLiteral("reload"), QKeySequence(Qt::CTRL | Qt::Key_F5));
    connect(start, &QAction::triggered, this, [this, controller, dock] {
        if (!controller->start())
            return;
        dock->raise();
        // The charts are unreadable in the short strip the Problems list is happy with; grow
        // the bottom area once, but never shrink a taller layout the user chose.
        constexpr int readableHeight = 340;
        if (!dock->isFloating() && dock->height() < readableHeight)
            resizeDocks({dock}, {readableHeight}, Qt::Vertical);
    });
    connect(stop, &QAction::triggered, controller, &ProxyController::stop);
    connect(reload, &QAction::triggered, this, [this, controller] {
        if (controller->reload())
            statusBar()->showMessage(tr("Proxy reloaded"), 3000);
    });
    const auto update = [start, stop, reload](ProxyController::State state) {
        start->setEnabled(state == ProxyController::State::Stopped);
        stop->setEnabled(state == ProxyController::State::Running);
        reload->setEnabled(state == ProxyController::State::Running);
    };
    connect(controller, &ProxyController::stateChanged, this, update);
    update(controller->state());
    // The canvas shows live rates from the same samples as the charts, and only while serving.
    connect(controller, &ProxyController::metricsSampled, m_canvas, [this, controller] {
        m_canvas->showTraffic(controller->lastSample(), controller->previousSample());
    });
    connect(controller, &ProxyController::stateChanged, m_canvas,
            [this](ProxyController::State state) {
                if (state != ProxyController::State::Running)
                    m_canvas->clearTraffic();
            });
    connect(controller, &ProxyController::problem, this, [this](const QString &message) {
        statusBar()->showMessage(message.section(u'\n', 0, 0), 8000);
        // Where the errors are listed, one double-click away from each culprit.
        if (QDockWidget *problems = findChild<QDockWidget *>(QStringLiteral("problemsDock"))) {
            problems->show();
            problems->raise();
        }
    });
}

} // namespace ingress::ui
