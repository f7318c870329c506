#pragma once

namespace ingress::ui {

// Sets up QApplication (names, icons, palette), opens the file named on the command line or
// the bundled example on first start, and runs the event loop.
int runApplication(int argc, char *argv[]);

} // namespace ingress::ui
