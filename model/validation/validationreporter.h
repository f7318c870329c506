#pragma once

#include "model/topology/certificateinfo.h"
#include "model/topology/diagnostic.h"
#include "model/topology/topology.h"
#include "model/validation/validator.h"

#include <optional>
#include <QHash>
#include <QSet>
#include <QString>

namespace ingress::validation {

// What every rule file shares during one Validator::validate() run: the document, the context,
// the diagnostics found so far and the certificates already read (each file is read once).
class ValidationReporter {
public:
    ValidationReporter(const Topology &topology, const ValidationContext &context);

    const Topology &topology() const { return m_topology; }
    const ValidationContext &context() const { return m_context; }

    // The severity comes from the catalogue (Validator::rules()) so that it cannot drift from
    // the documentation; the overload is for the few rules that document a milder case.
    void report(const QString &ruleId, SourceLocation where, const QString &message);
    void report(const QString &ruleId, Severity severity, SourceLocation where,
                const QString &message);
    // The item the rules are looking at: every report until the next call is about it.
    void setSubject(ItemRef subject) { m_subject = subject; }
    Diagnostics takeDiagnostics() { return std::move(m_diagnostics); }

    void setCertificateInfo(const QString &name, std::optional<CertificateInfo> info);
    // Null when the certificate is unknown or its file could not be read (already reported).
    const CertificateInfo *certificateInfo(const QString &name) const;

    // Name lookups in constant time: routes refer to services by name, and a 10,000-host
    // document has tens of thousands of such references.
    bool hasService(const QString &name) const { return m_serviceNames.contains(name); }

    // " (line 12)" for messages that point at a second place; empty when not from a file.
    static QString lineRef(SourceLocation where);

private:
    const Topology &m_topology;
    const ValidationContext &m_context;
    Diagnostics m_diagnostics;
    ItemRef m_subject;
    QHash<QString, std::optional<CertificateInfo>> m_certificates;
    QSet<QString> m_serviceNames;
};

} // namespace ingress::validation
