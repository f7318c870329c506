#pragma once

#include <QString>
#include <QStringView>

class QFontMetricsF;

namespace ingress::ui {

// Shortens `text` to fit `width` by dropping whole parts from its middle, where parts are
// separated by any of `separators`: "api.payments.eu-west-1.example.com" becomes
// "api.\u2026example.com", not "api.paym\u2026ple.com", so both ends stay readable as names.
// When the first and the last part do not fit together, one of them alone is kept; when not
// even that fits, Qt::ElideMiddle cuts inside a part.
QString elideAtBoundaries(const QString &text, const QFontMetricsF &metrics, qreal width,
                          QStringView separators);

} // namespace ingress::ui
