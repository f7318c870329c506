#pragma once

#include <chrono>
#include <optional>
#include <QString>

namespace ingress {

using Duration = std::chrono::milliseconds;

// "250ms", "2s", "1m30s", "1h" <-> milliseconds. Formatting picks the largest exact units so
// that what a user wrote survives a save unchanged.
std::optional<Duration> parseDuration(QStringView text);
QString formatDuration(Duration duration);

// "512", "64KiB", "10MiB", "1GiB" (also KB/MB/GB as powers of 1000) <-> bytes.
std::optional<qint64> parseByteSize(QStringView text);
QString formatByteSize(qint64 bytes);

} // namespace ingress
