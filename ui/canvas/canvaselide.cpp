#include "ui/canvas/canvaselide.h"

#include <QFontMetricsF>
#include <QList>

namespace ingress::ui {

QString elideAtBoundaries(const QString &text, const QFontMetricsF &metrics, qreal width,
                          QStringView separators) {
    if (metrics.horizontalAdvance(text) <= width)
        return text;
    // Cut just after separators, so that the ellipsis stands between two whole parts
    // ("api.\u2026example.com").
    // The ends count as cuts too: when no head and tail fit together, one of them alone
    // ("\u2026example.com") still beats a name cut mid-word.
    QList<qsizetype> cuts{0};
    for (qsizetype i = 0; i < text.size(); ++i)
        if (separators.contains(text.at(i)))
            cuts.append(i + 1);
    cuts.append(text.size());
    const QString ellipsis(QChar(0x2026));
    QString best;
    // Few parts (host names have a handful of labels): trying every pair is cheap.
    for (qsizetype head : cuts) {
        for (qsizetype tail : cuts) {
            // At least one whole part goes, and something stays.
            if (tail <= head || (head == 0 && tail == text.size()))
                continue;
            const QString candidate = text.left(head) + ellipsis + text.mid(tail);
            if (candidate.size() > best.size() && metrics.horizontalAdvance(candidate) <= width)
                best = candidate;
        }
    }
    return best.isEmpty() ? metrics.elidedText(text, Qt::ElideMiddle, width) : best;
}

} // namespace ingress::ui
