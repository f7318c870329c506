#include "export/configcheckresult.h"

#include <QRegularExpression>

namespace ingress {

QString ConfigCheckResult::summary() const {
    switch (outcome) {
    case Outcome::NotApplicable:
        return QStringLiteral("no syntax check for this format");
    case Outcome::NotInstalled:
        return QStringLiteral("%1 is not installed: not checked").arg(tool);
    case Outcome::Passed:
        return QStringLiteral("%1: the configuration is valid").arg(command);
    case Outcome::Failed: {
        // The first line that says what is wrong, without the time and process id nginx and
        // HAProxy put in front; the whole output is shown beside.
        static const QRegularExpression noise(QStringLiteral(
            R"(^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d |(?<=\]) \d+#\d+:|(?<=\])\s*\(\d+\) :)"));
        QString first;
        for (const QString &line : output.split(u'\n', Qt::SkipEmptyParts)) {
            if (line.contains(QLatin1String("[emerg]")) ||
                line.contains(QLatin1String("[ALERT]")) || line.contains(QLatin1String("Error")) ||
                line.contains(QLatin1String("error"))) {
                first = QString(line).remove(noise).trimmed();
                break;
            }
        }
        return first.isEmpty() ? QStringLiteral("%1: failed").arg(command)
                               : QStringLiteral("%1: failed: %2").arg(command, first);
    }
    case Outcome::TimedOut:
        return QStringLiteral("%1: no answer in time: not checked").arg(command);
    case Outcome::Error:
        return QStringLiteral("%1 could not run: not checked (%2)").arg(command, output);
    }
    return {};
}

} // namespace ingress
