// ingress-studio: the desktop application. Everything lives in ui/; this only starts it.
#include "application.h"

#include <QtGlobal>

int main(int argc, char *argv[]) {
    // The embedded proxy's worker threads run Qt event loops; with GLib's dispatcher each turn
    // costs 2-3 more syscalls per request than Qt's own (measured on `serve`, which runs
    // without GLib too). Nothing here needs GLib's loop; the xcb and offscreen platforms work
    // with Qt's. Set before QApplication exists; a QT_NO_GLIB set
    // in the environment is left alone (set it empty to get GLib's loop back).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    return ingress::ui::runApplication(argc, argv);
}
