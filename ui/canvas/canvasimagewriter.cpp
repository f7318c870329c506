#include "ui/canvas/canvasimagewriter.h"

#include <QFileInfo>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

namespace ingress::ui {

bool writeSceneImage(QGraphicsScene &scene, const QRectF &area, const QString &path,
                     const QString &title, const QColor &background) {
    if (QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(area.size().toSize());
        generator.setViewBox(QRectF(QPointF(0, 0), area.size()));
        generator.setTitle(title);
        QPainter painter;
        if (!painter.begin(&generator))
            return false;
        scene.render(&painter, QRectF(QPointF(0, 0), area.size()), area);
        return painter.end();
    }
    QImage image(area.size().toSize() * 2, QImage::Format_ARGB32_Premultiplied);
    image.fill(background);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    scene.render(&painter, QRectF(image.rect()), area);
    painter.end();
    return image.save(path);
}

} // namespace ingress::ui
