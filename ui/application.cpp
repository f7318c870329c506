#include "application.h"

#include <QApplication>
#include <QLabel>

namespace ingress::ui {

int runApplication(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Ingress Studio"));
    QLabel placeholder(QStringLiteral("Ingress Studio"));
    placeholder.show();
    return app.exec();
}

} // namespace ingress::ui
