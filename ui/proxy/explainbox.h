#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

// "What would happen to this request?": runs the Explainer on the document as it is now
// (no proxy needed) and shows the decision with its trace.
class ExplainBox : public QWidget {
    Q_OBJECT
public:
    explicit ExplainBox(TopologyDocument *document, QWidget *parent = nullptr);

    void explain();
    QLineEdit *urlEdit() const { return m_url; }
    QPlainTextEdit *result() const { return m_result; }

private:
    TopologyDocument *m_document;
    QComboBox *m_method;
    QLineEdit *m_url;
    QLineEdit *m_headers;
    QPlainTextEdit *m_result;
};

} // namespace ingress::ui
