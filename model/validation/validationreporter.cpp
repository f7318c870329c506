#include "model/validation/validationreporter.h"

#include <algorithm>

namespace ingress::validation {

ValidationReporter::ValidationReporter(const Topology &topology, const ValidationContext &context)
    : m_topology(topology), m_context(context) {
    m_serviceNames.reserve(topology.services.size());
    for (const Service &service : topology.services)
        m_serviceNames.insert(service.name);
}

void ValidationReporter::report(const QString &ruleId, SourceLocation where,
                                const QString &message) {
    const QList<ValidationRule> &rules = Validator::rules();
    const auto rule = std::find_if(rules.begin(), rules.end(),
                                   [&](const ValidationRule &r) { return r.id == ruleId; });
    Q_ASSERT_X(rule != rules.end(), "ValidationReporter::report", "rule missing from rules()");
    report(ruleId, rule != rules.end() ? rule->severity : Severity::Error, where, message);
}

void ValidationReporter::report(const QString &ruleId, Severity severity, SourceLocation where,
                                const QString &message) {
    m_diagnostics << Diagnostic{severity, ruleId,   message, m_topology.origin.filePath,
                                where,    m_subject};
}

void ValidationReporter::setCertificateInfo(const QString &name,
                                            std::optional<CertificateInfo> info) {
    if (!m_certificates.contains(name))
        m_certificates.insert(name, std::move(info));
}

const CertificateInfo *ValidationReporter::certificateInfo(const QString &name) const {
    const auto it = m_certificates.constFind(name);
    return it != m_certificates.constEnd() && it->has_value() ? &**it : nullptr;
}

QString ValidationReporter::lineRef(SourceLocation where) {
    return where.isValid() ? QStringLiteral(" (line %1)").arg(where.line) : QString();
}

} // namespace ingress::validation
