#include "ui/application.h"

#include "ingress/version.h"
#include "model/items/topologydocument.h"
#include "ui/documentcontroller.h"
#include "ui/framelog.h"
#include "ui/mainwindow.h"
#include "ui/selectionhub.h"

#include <algorithm>
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QScreen>
#include <QTabWidget>
#include <QTimer>

namespace ingress::ui {

int runApplication(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Ingress Studio"));
    QApplication::setOrganizationName(QStringLiteral("ingress-studio"));
    QApplication::setApplicationVersion(QStringLiteral(INGRESS_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.ingressstudio.IngressStudio"));
    FrameLog::installFromEnvironment(&app); // bench/gui/run.sh

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Design an ingress topology, serve it and export it."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main", "Topology file to open."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Grab the window to FILE once loaded, then quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption newOption(
        QStringLiteral("new"), QApplication::translate("main", "Start with an empty topology."));
    const QCommandLineOption startProxy(
        QStringLiteral("start-proxy"),
        QApplication::translate("main", "Serve the topology on its listeners once loaded."));
    const QCommandLineOption select(
        QStringLiteral("select"),
        QApplication::translate("main", "Select the virtual host NAME once loaded."),
        QStringLiteral("NAME"));
    const QCommandLineOption proxyTab(
        QStringLiteral("proxy-tab"),
        QApplication::translate("main",
                                "Show the Proxy dock's page NAME (charts, requests, explain)."),
        QStringLiteral("NAME"));
    const QCommandLineOption screenshotDelay(
        QStringLiteral("screenshot-delay"),
        QApplication::translate("main", "Wait MS milliseconds before --screenshot (default 1500)."),
        QStringLiteral("MS"), QStringLiteral("1500"));
    parser.addOption(startProxy);
    parser.addOption(proxyTab);
    parser.addOption(screenshotDelay);
    parser.addOption(select);
    parser.addOption(screenshot);
    parser.addOption(newOption);
    parser.process(app);

    MainWindow window;
    window.setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    QApplication::setWindowIcon(window.windowIcon());
    window.show();
    if (parser.isSet(newOption))
        window.openInitial(QString()); // still offers recovery; the example only on first start
    else
        window.openInitial(parser.positionalArguments().value(0));
    if (parser.isSet(newOption) && !window.document()->filePath().isEmpty())
        window.controller()->newDocument();

    if (parser.isSet(startProxy))
        window.action(QStringLiteral("actionProxyStart"))->trigger();
    if (parser.isSet(proxyTab)) {
        // Pages are matched by their tab text, so the option follows what the user sees.
        if (auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("proxyTabs"))) {
            for (int i = 0; i < tabs->count(); ++i)
                if (tabs->tabText(i).remove(u'&').compare(parser.value(proxyTab),
                                                          Qt::CaseInsensitive) == 0)
                    tabs->setCurrentIndex(i);
            if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("proxyDock")))
                dock->raise();
        }
    }
    if (parser.isSet(select)) {
        const auto &hosts = window.document()->topology().hosts;
        for (int row = 0; row < hosts.size(); ++row)
            if (hosts.at(row).host == parser.value(select))
                window.selection()->setCurrent(ItemRef::virtualHost(row));
    }

    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        // Give layout, the canvas fit and validation a moment (or live traffic a few chart
        // polls, scripts/screenshots.sh), then grab and leave.
        const int delay = std::max(0, parser.value(screenshotDelay).toInt());
        QTimer::singleShot(delay, &window, [&window, path] {
            window.grab().save(path);
            QApplication::quit();
        });
    }
    return app.exec();
}

} // namespace ingress::ui
