#pragma once

#include "model/topology/diagnostic.h"
#include "model/yaml/yamlnodetree.h"

#include <QByteArray>
#include <QString>

namespace ingress::yaml {

// Parses the text once, with yaml-cpp's event API, into our own node tree (yamlnode.h) for the
// section readers - yaml-cpp's node tree would cost a second parse - and makes on the way the
// checks yaml-cpp's node API cannot: not text at all (NUL bytes, invalid UTF-8), syntax errors
// and nesting too deep (yaml-cpp's own guard), duplicate mapping keys (yaml-cpp keeps the first
// one silently), aliases that expand to a huge tree ("billion laughs": a few hundred bytes that
// a naive walk visits 10^9 times), a quoted scalar left open at the end of the input (yaml-cpp
// 0.7 accepts it) and more than one document in the file.
class YamlScanner {
public:
    // A topology has a few thousand nodes; this bounds every later walk of the tree, however
    // many aliases point into it.
    static constexpr qint64 maxExpandedNodes = 1'000'000;

    // Appends problems to `diagnostics` and the document to `tree`. Returns false when the
    // tree must not be read (the text is not YAML, or walking it would not be bounded);
    // duplicate keys return true so that the loader can still report the document's other
    // problems.
    static bool scan(const QByteArray &yaml, const QString &fileName, Diagnostics &diagnostics,
                     NodeTree &tree);
};

} // namespace ingress::yaml
