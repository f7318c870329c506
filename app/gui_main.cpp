// ingress-studio: the desktop application. Everything lives in ui/; this only starts it.
#include "ui/application.h"

int main(int argc, char *argv[]) {
    return ingress::ui::runApplication(argc, argv);
}
