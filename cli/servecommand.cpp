#include "cli/servecommand.h"

#include "cli/commandline.h"
#include "cli/servesession.h"

#include <QCoreApplication>

namespace ingress::cli {

int ServeCommand::run(const QStringList &args, Io io) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral(
            ".\nPrints each listening address, serves until SIGINT/SIGTERM, then drains.\n"
            "SIGHUP or a change to FILE reloads it; a topology with errors is refused and the\n"
            "previous one keeps serving.\n"
            "Exit status: 0 stopped cleanly, 1 the topology has errors or nothing could listen,\n"
            "2 the call is wrong or FILE cannot be read."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Topology YAML file."));
    const QCommandLineOption workers(QStringLiteral("workers"),
                                     QStringLiteral("Worker threads (default: one per core)."),
                                     QStringLiteral("N"));
    const QCommandLineOption admin(QStringLiteral("admin"),
                                   QStringLiteral("Serve /metrics and /healthz on ADDR:PORT."),
                                   QStringLiteral("ADDR:PORT"));
    const QCommandLineOption accessLog(
        QStringLiteral("access-log"),
        QStringLiteral("Write an access log to PATH, or to stderr with '-' (default: off)."),
        QStringLiteral("PATH"));
    const QCommandLineOption drain(QStringLiteral("drain-timeout"),
                                   QStringLiteral("How long to let requests finish on stop "
                                                  "(default 10s)."),
                                   QStringLiteral("DURATION"));
    const QCommandLineOption ca(
        QStringLiteral("ca"),
        QStringLiteral("Development CA that issues stand-ins for certificates the cluster holds "
                       "(certificates with only a 'secret'; default: the desktop app's CA)."),
        QStringLiteral("DIR"));
    parser.addOptions({workers, admin, accessLog, drain, ca});
    int exitCode = ExitOk;
    if (!parseCommandLine(parser, name(), args, io, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        io.err << "ingress-studio-cli serve: expected exactly one FILE\n";
        return ExitUsage;
    }
    ServeOptions options;
    options.file = parser.positionalArguments().constFirst();
    if (parser.isSet(workers)) {
        bool ok = false;
        options.workers = parser.value(workers).toInt(&ok);
        if (!ok || options.workers < 1 || options.workers > 256) {
            io.err << "ingress-studio-cli serve: --workers expects a number from 1 to 256\n";
            return ExitUsage;
        }
    }
    if (parser.isSet(drain)) {
        const auto d = parseDuration(parser.value(drain));
        if (!d) {
            io.err << "ingress-studio-cli serve: --drain-timeout expects a duration such as 5s\n";
            return ExitUsage;
        }
        options.drain = *d;
    }
    options.admin = parser.value(admin);
    options.accessLog = parser.value(accessLog);
    options.caFolder = parser.value(ca);
    ServeSession session(options, io);
    if (const int code = session.start(); code != ExitOk)
        return code;
    return QCoreApplication::exec();
}

} // namespace ingress::cli
