// ingress-studio: the desktop application. Everything lives in ui/; this only starts it.
#include "application.h"

#include <QByteArray>
#include <QtGlobal>

int main(int argc, char *argv[]) {
    // The embedded proxy's worker threads run Qt event loops; with GLib's dispatcher each turn
    // costs 2-3 more syscalls per request than Qt's own (measured on `serve`). Only the
    // threads leave GLib: the main thread keeps it because the keychain (libsecret) answers
    // through GLib's main context. Set before QApplication exists; a value already in the
    // environment is left alone.
    if (!qEnvironmentVariableIsSet("QT_NO_THREADED_GLIB"))
        qputenv("QT_NO_THREADED_GLIB", "1");
    return ingress::ui::runApplication(argc, argv);
}
