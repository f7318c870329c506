#include "model/yaml/topologyloader.h"

#include "model/yaml/yamlcontext.h"
#include "model/yaml/yamlmap.h"
#include "model/yaml/yamlscanner.h"
#include "model/yaml/yamlsections.h"
#include "model/yaml/yamlsupport.h"

#include <algorithm>
#include <exception>
#include <QFile>
#include <QFileInfo>
#include <span>

namespace ingress {

namespace {

using namespace yaml;

LoadResult failure(const QString &fileName, const QString &ruleId, const QString &message) {
    LoadResult result;
    result.diagnostics << Diagnostic{Severity::Error, ruleId, message, fileName, {}};
    return result;
}

// Reads each element of the sequence under `key` with `read`.
template <typename T, typename Reader>
void readList(YamlContext &context, YamlMap &map, const char *key, const QString &elementWhat,
              QList<T> &out, Reader read) {
    const std::span<const Node *const> elements = map.sequence(key, elementWhat);
    if (!elements.empty())
        out.reserve(qsizetype(elements.size()));
    for (const Node *element : elements)
        out << read(context, element);
}

// The document's header decides whether the rest can be read at all: a file for another
// version or of another kind would only produce misleading field errors.
bool readHeader(YamlContext &context, YamlMap &map, Topology &topology) {
    const QString supported = Topology::currentApiVersion;
    if (!map.has("apiVersion")) {
        context.error(
            rule::apiVersion, map.keyLocation("apiVersion"),
            QStringLiteral("missing 'apiVersion'; expected 'apiVersion: %1'").arg(supported));
        return false;
    }
    QString version;
    map.readString("apiVersion", version);
    if (version != supported) {
        context.error(rule::apiVersion, map.value("apiVersion"),
                      QStringLiteral("unsupported apiVersion %1; this version of Ingress Studio "
                                     "reads '%2'")
                          .arg(YamlContext::describe(map.value("apiVersion")), supported));
        return false;
    }
    topology.apiVersion = version;
    QString kind;
    map.readString("kind", kind);
    if (kind != Topology::kindName) {
        context.error(
            rule::kind,
            map.has("kind") ? YamlContext::location(map.value("kind")) : map.keyLocation("kind"),
            map.has("kind")
                ? QStringLiteral("kind %1 is not supported; expected "
                                 "'kind: %2'")
                      .arg(YamlContext::describe(map.value("kind")), Topology::kindName)
                : QStringLiteral("missing 'kind'; expected 'kind: %1'").arg(Topology::kindName));
        return false;
    }
    return true;
}

void readDocument(YamlContext &context, const Node *root, Topology &topology) {
    if (!root || root->isNull()) {
        context.error(rule::wrongType, SourceLocation{1, 1},
                      QStringLiteral("the document is empty; expected a mapping with "
                                     "'apiVersion: %1' and 'kind: %2'")
                          .arg(Topology::currentApiVersion, Topology::kindName));
        return;
    }
    YamlMap map(context, root, QStringLiteral("topology document"), topology.src,
                {"apiVersion", "kind", "metadata", "listeners", "services", "certificates", "hosts",
                 "defaultService", "canvas"},
                {});
    if (!map.isValid() || !readHeader(context, map, topology))
        return;
    if (map.has("metadata")) {
        SourceMap metadataSource;
        YamlMap metadata(context, map.value("metadata"), QStringLiteral("metadata"), metadataSource,
                         {"name"});
        if (metadata.isValid()) {
            metadata.readString("name", topology.name);
            // The document's own SourceMap has no "metadata" level: "name" is its field.
            topology.src.fields.insert(QStringLiteral("name"),
                                       metadataSource.at(QStringLiteral("name")));
        }
    }
    readList(context, map, "listeners", QStringLiteral("listener"), topology.listeners,
             readListener);
    readList(context, map, "services", QStringLiteral("service"), topology.services, readService);
    readList(context, map, "certificates", QStringLiteral("certificate"), topology.certificates,
             readCertificate);
    readList(context, map, "hosts", QStringLiteral("host"), topology.hosts, readHost);
    map.readString("defaultService", topology.defaultService);
    if (map.has("canvas"))
        readCanvas(context, map.value("canvas"), topology.canvasPositions);
}

} // namespace

LoadResult TopologyLoader::loadFile(const QString &path) {
    const QFileInfo info(path);
    if (!info.exists())
        return failure(path, rule::fileUnreadable, QStringLiteral("no such file"));
    if (info.isDir())
        return failure(path, rule::fileUnreadable,
                       QStringLiteral("this is a folder, not a topology file"));
    if (info.size() > maxFileSize)
        return failure(path, rule::fileTooLarge,
                       QStringLiteral("the file has %1 bytes; topology files are limited to %2")
                           .arg(info.size())
                           .arg(maxFileSize));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(path, rule::fileUnreadable,
                       QStringLiteral("cannot read the file: %1").arg(file.errorString()));
    // Devices and pipes report no size: read one byte past the limit to notice them.
    const QByteArray data = file.read(maxFileSize + 1);
    if (data.size() > maxFileSize)
        return failure(path, rule::fileTooLarge,
                       QStringLiteral("the file has more than %1 bytes; topology files are "
                                      "limited to that")
                           .arg(maxFileSize));
    if (file.error() != QFileDevice::NoError)
        return failure(path, rule::fileUnreadable,
                       QStringLiteral("cannot read the file: %1").arg(file.errorString()));
    return loadData(data, path);
}

LoadResult TopologyLoader::loadData(const QByteArray &yamlText, const QString &fileName) {
    if (yamlText.size() > maxFileSize)
        return failure(fileName, rule::fileTooLarge,
                       QStringLiteral("the input has %1 bytes; topology files are limited to %2")
                           .arg(yamlText.size())
                           .arg(maxFileSize));
    LoadResult result;
    YamlContext context(fileName);
    try {
        // One parse: the scanner's checks and the node tree the readers read come from the
        // same pass over the text.
        Diagnostics scanned;
        NodeTree tree;
        const bool loadable = YamlScanner::scan(yamlText, fileName, scanned, tree);
        context.append(scanned);
        if (!loadable) {
            result.diagnostics = context.takeDiagnostics();
            return result;
        }
        Topology topology;
        topology.origin.filePath = fileName;
        readDocument(context, tree.root(), topology);
        if (!context.hasErrors())
            result.topology = std::move(topology);
    } catch (const std::exception &e) {
        // Out of memory and the like: report, never let it escape into the caller.
        context.error(
            rule::syntax, SourceLocation{},
            QStringLiteral("cannot load the document: %1").arg(QString::fromLocal8Bit(e.what())));
    }
    if (context.hasErrors())
        result.topology.reset();
    result.diagnostics = context.takeDiagnostics();
    // Sections are read in a fixed order, not the file's: report in file order.
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic &a, const Diagnostic &b) {
                         return std::pair(a.location.line, a.location.column) <
                                std::pair(b.location.line, b.location.column);
                     });
    return result;
}

} // namespace ingress
