#include "model/topology/duration.h"

#include <array>

namespace ingress {

namespace {

// 100 years: a bound, not a meaningful value.
constexpr qint64 maxDurationMs = 100LL * 365 * 24 * 3600 * 1000;

struct Unit {
    QStringView suffix;
    qint64 factor;
};

} // namespace

std::optional<Duration> parseDuration(QStringView text) {
    // Longest suffix first so that "ms" is not read as "m" followed by junk.
    static constexpr std::array<Unit, 4> units{
        {{u"ms", 1}, {u"h", 3600000}, {u"m", 60000}, {u"s", 1000}}};
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    while (!text.isEmpty()) {
        qsizetype digits = 0;
        while (digits < text.size() && text[digits].isDigit())
            ++digits;
        if (digits == 0 || digits > 9)
            return std::nullopt;
        const qint64 value = text.left(digits).toLongLong();
        text = text.mid(digits);
        const Unit *unit = nullptr;
        for (const Unit &u : units)
            if (text.startsWith(u.suffix)) {
                unit = &u;
                break;
            }
        if (!unit)
            return std::nullopt;
        total += value * unit->factor;
        // Far beyond any timeout anyone means; also keeps long chains from overflowing.
        if (total > maxDurationMs)
            return std::nullopt;
        text = text.mid(unit->suffix.size());
    }
    return Duration{total};
}

QString formatDuration(Duration duration) {
    qint64 ms = duration.count();
    if (ms == 0)
        return QStringLiteral("0s");
    QString text;
    for (const auto &[suffix, factor] : std::array<std::pair<QStringView, qint64>, 4>{
             {{u"h", 3600000}, {u"m", 60000}, {u"s", 1000}, {u"ms", 1}}}) {
        if (ms >= factor) {
            text += QString::number(ms / factor) + suffix.toString();
            ms %= factor;
        }
    }
    return text;
}

std::optional<qint64> parseByteSize(QStringView text) {
    static constexpr std::array<Unit, 7> units{{{u"KiB", 1024},
                                                {u"MiB", 1024 * 1024},
                                                {u"GiB", 1024LL * 1024 * 1024},
                                                {u"KB", 1000},
                                                {u"MB", 1000 * 1000},
                                                {u"GB", 1000LL * 1000 * 1000},
                                                {u"B", 1}}};
    text = text.trimmed();
    qsizetype digits = 0;
    while (digits < text.size() && text[digits].isDigit())
        ++digits;
    if (digits == 0 || digits > 18)
        return std::nullopt;
    const qint64 value = text.left(digits).toLongLong();
    const QStringView suffix = text.mid(digits).trimmed();
    if (suffix.isEmpty())
        return value;
    for (const Unit &u : units) {
        qint64 bytes = 0;
        if (suffix == u.suffix)
            return __builtin_mul_overflow(value, u.factor, &bytes) ? std::nullopt
                                                                   : std::optional(bytes);
    }
    return std::nullopt;
}

QString formatByteSize(qint64 bytes) {
    for (const auto &[suffix, factor] : std::array<std::pair<QStringView, qint64>, 3>{
             {{u"GiB", 1024LL * 1024 * 1024}, {u"MiB", 1024 * 1024}, {u"KiB", 1024}}})
        if (bytes >= factor && bytes % factor == 0)
            return QString::number(bytes / factor) + suffix.toString();
    return QString::number(bytes);
}

} // namespace ingress
