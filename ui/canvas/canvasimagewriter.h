#pragma once

#include <QColor>
#include <QRectF>
#include <QString>

class QGraphicsScene;

namespace ingress::ui {

// Renders `area` of `scene` into `path`: SVG by suffix (titled `title`), else any QImageWriter
// format at twice the size on `background`. False when the file cannot be written.
bool writeSceneImage(QGraphicsScene &scene, const QRectF &area, const QString &path,
                     const QString &title, const QColor &background);

} // namespace ingress::ui
