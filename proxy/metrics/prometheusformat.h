#pragma once

#include "proxy/metrics/metricssnapshot.h"

#include <QByteArray>
#include <string_view>

namespace ingress::proxy {

// Prometheus text exposition format 0.0.4 of a snapshot, written from metricDefinitions():
// one HELP/TYPE pair per family, every family's samples together, labels
// {scope="service",name="food"} (scope="total" for the engine-wide sum), latency as a summary
// in seconds with quantiles 0.5/0.9/0.99, _sum and _count.
QByteArray formatPrometheus(const MetricsSnapshot &snapshot);

// Label value escaping: backslash, double quote and line feed.
QByteArray escapeLabelValue(std::string_view value);

} // namespace ingress::proxy
