#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTest>

namespace ingress::fuzz {

// The data of a corpus regression test: one row per file of corpus/`folder` (crashes the
// fuzzer found included, once added there), with the columns "name" (the file name, which
// says what the code under test must answer) and "input" (its bytes). A corpus that went
// missing or shrank fails instead of passing with no rows.
inline void addCorpusRows(const char *folder) {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("input");
    const QDir dir(QStringLiteral(INGRESS_FUZZ_CORPUS "/") + QLatin1StringView(folder));
    const QStringList files = dir.entryList(QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 20, qPrintable(dir.path()));
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QTest::newRow(qPrintable(name)) << name << file.readAll();
    }
}

} // namespace ingress::fuzz
