#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ingress {

// What a target's own check (`nginx -t`, `haproxy -c`, `caddy validate`) said about an export.
struct ConfigCheckResult {
    enum class Outcome {
        NotApplicable, // the target has no checker here (Kubernetes, Traefik)
        NotInstalled,  // the tool is not on PATH (nor in /usr/sbin): not checked
        Passed,
        Failed,
        TimedOut, // no answer in time: not checked
        Error,    // the tool could not be run, or the files not written: not checked
    };

    Outcome outcome = Outcome::NotApplicable;
    QString tool;      // "nginx"
    QString command;   // "nginx -t", as the user would type it
    QString output;    // the tool's stdout and stderr, the temporary folder's path shown as "."
    QStringList notes; // what the check did besides, e.g. stand-in key pairs

    bool passed() const { return outcome == Outcome::Passed; }
    // One line: "nginx -t: the configuration is valid", "nginx is not installed: not checked".
    QString summary() const;
};

} // namespace ingress

Q_DECLARE_METATYPE(ingress::ConfigCheckResult)
