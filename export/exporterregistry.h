#pragma once

#include "export/exporter.h"

#include <memory>
#include <QStringList>
#include <vector>

namespace ingress {

// Every export target, in the order the CLI's help and the GUI's Export dialog list them.
class ExporterRegistry {
public:
    static const std::vector<std::unique_ptr<Exporter>> &all();
    static const Exporter *find(const QString &name);
    static QStringList names();
};

} // namespace ingress
