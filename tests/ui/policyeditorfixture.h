#pragma once

// What the policy editor tests share: a topology with one host and route, and an edit made as
// a user makes it.

#include "model/topology/topology.h"
#include "ui/properties/checkedlineedit.h"
#include "ui/properties/propertyeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QTest>

namespace ingress::ui::testing {

// A listener, the service "shop", and host shop.example.com with one route to it; no policy.
inline Topology sample() {
    Topology t;
    Listener web;
    web.name = QStringLiteral("web");
    web.bind = QStringLiteral("127.0.0.1:8080");
    t.listeners = {web};
    Service s;
    s.name = QStringLiteral("shop");
    s.endpoints = {Endpoint{QStringLiteral("127.0.0.1:9001"), 1, {}}};
    t.services = {s};
    VirtualHost h;
    h.host = QStringLiteral("shop.example.com");
    Route r;
    r.service = QStringLiteral("shop");
    h.routes = {r};
    t.hosts = {h};
    return t;
}

// Edits `key` as a user would: a click on a box, a choice in a list, or typed text.
inline void edit(PropertyEditor &editor, const QString &key, const QString &input) {
    QWidget *widget = editor.editorFor(key);
    QVERIFY2(widget, qPrintable(key));
    QVERIFY2(widget->isEnabled(), qPrintable(key + QStringLiteral(" is greyed out")));
    if (auto *box = qobject_cast<QCheckBox *>(widget)) {
        box->click();
    } else if (auto *combo = qobject_cast<QComboBox *>(widget)) {
        const int index = combo->findText(input);
        QVERIFY(index >= 0);
        combo->setCurrentIndex(index);
        Q_EMIT combo->activated(index);
    } else {
        auto *line = qobject_cast<CheckedLineEdit *>(widget);
        QVERIFY(line);
        line->setFocus();
        line->selectAll();
        QTest::keyClicks(line, input);
        QVERIFY2(line->isTextValid(), qPrintable(line->error()));
        QTest::keyClick(line, Qt::Key_Return);
    }
}

} // namespace ingress::ui::testing
