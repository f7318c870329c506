#pragma once

#include "cli/command.h"

#include <QCommandLineParser>

namespace ingress::cli {

// Shared QCommandLineParser set-up for subcommands: `--help` on each, errors to stderr with
// exit code 2. Returns false when the command should stop with `*exitCode`.
bool parseCommandLine(QCommandLineParser &parser, const QString &command, const QStringList &args,
                      Io io, int *exitCode);

} // namespace ingress::cli
