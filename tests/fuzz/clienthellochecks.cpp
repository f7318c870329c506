#include "clienthellochecks.h"

#include "clienthelloparser.h"

#include <algorithm>
#include <QList>

namespace ingress::fuzz {

namespace {

using proxy::ClientHello;
using Status = ClientHello::Status;

QString statusName(Status status) {
    switch (status) {
    case Status::NeedMore:
        return QStringLiteral("NeedMore");
    case Status::Complete:
        return QStringLiteral("Complete");
    case Status::NotTls:
        return QStringLiteral("NotTls");
    case Status::Malformed:
        return QStringLiteral("Malformed");
    case Status::TooLarge:
        return QStringLiteral("TooLarge");
    }
    return QStringLiteral("unknown status %1").arg(int(status));
}

QString describe(const ClientHello &hello) {
    return QStringLiteral("%1 '%2' (%3)")
        .arg(statusName(hello.status), hello.serverName, hello.error);
}

// Checks one answer on its own.
QString checkAnswer(const ClientHello &hello) {
    const bool failed = hello.status == Status::NotTls || hello.status == Status::Malformed ||
                        hello.status == Status::TooLarge;
    if (!failed && hello.status != Status::NeedMore && hello.status != Status::Complete)
        return QStringLiteral("unknown status %1").arg(int(hello.status));
    if (failed == hello.error.isEmpty())
        return QStringLiteral("error text does not match the status: %1").arg(describe(hello));
    if (hello.status != Status::Complete && !hello.serverName.isEmpty())
        return QStringLiteral("server name without a complete ClientHello: %1")
            .arg(describe(hello));
    const QString &name = hello.serverName;
    if (name.size() > 253 || name.endsWith(u'.') || name != name.toLower())
        return QStringLiteral("server name is not normalised: %1").arg(describe(hello));
    for (const QChar c : name) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' ||
                        c == u'.' || c == u'_';
        if (!ok)
            return QStringLiteral("server name has character U+%1: %2")
                .arg(c.unicode(), 4, 16, QLatin1Char('0'))
                .arg(describe(hello));
    }
    return {};
}

bool refused(Status status) {
    return status == Status::NotTls || status == Status::Malformed || status == Status::TooLarge;
}

// Where to cut the input for the prefix check. Every length would make one iteration O(n^2)
// and the fuzzer 50x slower; the decisions change where a record or handshake header starts
// or ends, so: the first 64 bytes, around every record header the input walks to, around the
// end, and 32 evenly spaced lengths.
QList<qsizetype> cutPoints(const QByteArray &input) {
    const qsizetype size = input.size();
    QList<qsizetype> cuts;
    const auto add = [&cuts, size](qsizetype from, qsizetype to) {
        for (qsizetype n = qMax<qsizetype>(from, 0); n < qMin(to, size); ++n)
            cuts << n;
    };
    add(0, 64);
    qsizetype pos = 0;
    for (int records = 0; records < 32 && pos + 5 <= size; ++records) {
        add(pos - 1, pos + 10);
        pos += 5 + ((static_cast<unsigned char>(input[pos + 3]) << 8) |
                    static_cast<unsigned char>(input[pos + 4]));
    }
    add(size - 8, size);
    for (int i = 1; i < 32; ++i)
        cuts << size * i / 32;
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    return cuts;
}

} // namespace

QString checkClientHello(const QByteArray &input) {
    const ClientHello whole = ClientHello::parse(input);
    if (QString problem = checkAnswer(whole); !problem.isEmpty())
        return problem;
    // Same bytes, same answer: the parser keeps no state between calls.
    const ClientHello again = ClientHello::parse(QByteArray(input.constData(), input.size()));
    if (again.status != whole.status || again.serverName != whole.serverName)
        return QStringLiteral("two parses of the same bytes differ: %1 vs %2")
            .arg(describe(whole), describe(again));
    for (const qsizetype cut : cutPoints(input)) {
        const ClientHello prefix = ClientHello::parse(input.left(cut));
        if (QString problem = checkAnswer(prefix); !problem.isEmpty())
            return QStringLiteral("first %1 bytes: %2").arg(cut).arg(problem);
        if (prefix.status == Status::NeedMore)
            continue;
        // The reason for a refusal may differ (a record too long for the peek window is
        // TooLarge before its content shows it Malformed); refused or not, and the name, not.
        const bool same = refused(prefix.status) ? refused(whole.status)
                                                 : whole.status == Status::Complete &&
                                                       prefix.serverName == whole.serverName;
        if (!same)
            return QStringLiteral("the first %1 bytes give %2 but all %3 bytes give %4")
                .arg(cut)
                .arg(describe(prefix))
                .arg(input.size())
                .arg(describe(whole));
    }
    return {};
}

} // namespace ingress::fuzz
