#pragma once

#include <QWidget>

class QLineEdit;

namespace ingress::ui {

// A path field with a "Browse..." button: a folder, a file to open or a file to save.
class PathEdit : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Folder, OpenFile, SaveFile };

    PathEdit(Mode mode, const QString &filter = {}, QWidget *parent = nullptr);

    QString path() const;
    void setPath(const QString &path);
    QLineEdit *lineEdit() const { return m_edit; }

Q_SIGNALS:
    void pathChanged(const QString &path);

private:
    void browse();

    Mode m_mode;
    QString m_filter;
    QLineEdit *m_edit;
};

} // namespace ingress::ui
