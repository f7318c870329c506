#include "tests/fuzz/fuzzchecks.h"

#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"

namespace ingress::fuzz {

QString checkTopologyLoader(const QByteArray &input) {
    const LoadResult result = TopologyLoader::loadData(input, QStringLiteral("fuzz.yaml"));
    if (result.ok() == hasErrors(result.diagnostics))
        return QStringLiteral("ok() is %1 but the diagnostics %2 errors")
            .arg(result.ok() ? QStringLiteral("true") : QStringLiteral("false"),
                 hasErrors(result.diagnostics) ? QStringLiteral("contain")
                                               : QStringLiteral("contain no"));
    for (const Diagnostic &d : result.diagnostics) {
        if (d.ruleId.isEmpty() || d.message.isEmpty() || d.file != QLatin1String("fuzz.yaml"))
            return QStringLiteral("incomplete diagnostic: %1").arg(d.toString());
    }
    if (!result.ok())
        return {};
    const QByteArray saved = TopologyWriter::toYaml(*result.topology);
    const LoadResult reloaded = TopologyLoader::loadData(saved, QStringLiteral("saved.yaml"));
    if (!reloaded.ok()) {
        const QString first =
            reloaded.diagnostics.isEmpty() ? QString() : reloaded.diagnostics.first().toString();
        return QStringLiteral("the saved document does not load: %1\n%2")
            .arg(first, QString::fromUtf8(saved));
    }
    if (!(*reloaded.topology == *result.topology))
        return QStringLiteral("the saved document loads as a different one:\n%1")
            .arg(QString::fromUtf8(saved));
    if (TopologyWriter::toYaml(*reloaded.topology) != saved)
        return QStringLiteral("saving twice gives different text:\n%1")
            .arg(QString::fromUtf8(saved));
    return {};
}

} // namespace ingress::fuzz
