#include "ui/proxy/explainbox.h"

#include "model/items/topologydocument.h"
#include "model/routing/explainer.h"
#include "model/routing/routingtable.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

namespace ingress::ui {

ExplainBox::ExplainBox(TopologyDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_method(new QComboBox(this)),
      m_url(new QLineEdit(this)), m_headers(new QLineEdit(this)),
      m_result(new QPlainTextEdit(this)) {
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("PATCH"),
                        QStringLiteral("OPTIONS")});
    m_url->setPlaceholderText(tr("http://food.bar.com/api/items"));
    m_url->setObjectName(QStringLiteral("explainUrl"));
    m_headers->setPlaceholderText(tr("Headers: X-Canary: true; Accept: text/html"));
    m_result->setReadOnly(true);
    m_result->setMinimumHeight(40);
    m_result->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_result->setPlaceholderText(tr("Which host, route and service would take this request, "
                                    "and why the others did not."));
    auto *button = new QPushButton(tr("Explain"), this);
    auto *layout = new QGridLayout(this);
    layout->addWidget(m_method, 0, 0);
    layout->addWidget(m_url, 0, 1);
    layout->addWidget(button, 0, 2);
    layout->addWidget(m_headers, 1, 1, 1, 2);
    layout->addWidget(m_result, 2, 0, 1, 3);
    connect(button, &QPushButton::clicked, this, &ExplainBox::explain);
    connect(m_url, &QLineEdit::returnPressed, this, &ExplainBox::explain);
}

void ExplainBox::explain() {
    ExplainRequest request;
    request.url = m_url->text().trimmed();
    if (!request.url.contains(QLatin1String("://")))
        request.url.prepend(QLatin1String("http://"));
    request.method = m_method->currentText();
    QStringList problems;
    for (const QString &line : m_headers->text().split(u';', Qt::SkipEmptyParts)) {
        QString error;
        if (const auto header = Explainer::parseHeader(line.trimmed(), &error))
            request.headers.append(*header);
        else
            problems << error;
    }
    const Explanation explanation =
        Explainer(RoutingTable::compile(m_document->topology())).explain(request);
    QString text = explanation.ok() ? explanation.toText() : explanation.error;
    if (!problems.isEmpty())
        text.prepend(problems.join(u'\n') + u'\n');
    m_result->setPlainText(text);
}

} // namespace ingress::ui
