#include "cli/documentloading.h"

#include "keystore/keystore.h"
#include "model/certs/certificatereader.h"
#include "model/certs/htpasswdfile.h"
#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"

#include <QFileInfo>
#include <QJsonObject>

namespace ingress::cli {

ValidationContext cliValidationContext() {
    ValidationContext context;
    context.readCertificateFiles = readCertificateFiles;
    context.checkHtpasswdFile = [](const QString &path) { return HtpasswdFile::read(path).error; };
    // Asks the OS keychain whether it holds each `privateKey: keychain` key. Once it has
    // proved unreachable, later certificates get the same answer without waiting again.
    context.keychainHasKey = [unavailable = QString()](const QString &name) mutable {
        if (!unavailable.isEmpty())
            return KeychainAnswer::unavailable(unavailable);
        using Status = keystore::KeyStoreResult::Status;
        const keystore::KeyStoreResult result =
            keystore::KeyStore(keystore::KeyStore::defaultService, std::chrono::seconds(5))
                .read(name);
        if (result.status == Status::Ok || result.status == Status::NotFound)
            return KeychainAnswer(result.ok());
        unavailable = result.message;
        return KeychainAnswer::unavailable(unavailable);
    };
    return context;
}

LoadedDocument loadDocument(const QString &path) {
    LoadedDocument doc;
    LoadResult loaded = TopologyLoader::loadFile(path);
    doc.diagnostics = loaded.diagnostics;
    if (loaded.ok())
        doc.topology = std::move(loaded.topology);
    else
        doc.unreadable = true;
    return doc;
}

void sortByLocation(Diagnostics &diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic &a, const Diagnostic &b) {
                         return std::pair(a.location.line, a.location.column) <
                                std::pair(b.location.line, b.location.column);
                     });
}

LoadedDocument loadAndValidate(const QString &path) {
    LoadedDocument doc = loadDocument(path);
    if (!doc.topology)
        return doc;
    doc.diagnostics += Validator::validate(*doc.topology, cliValidationContext());
    sortByLocation(doc.diagnostics);
    return doc;
}

void printDiagnostics(const Diagnostics &diagnostics, QTextStream &stream) {
    for (const Diagnostic &d : diagnostics)
        stream << d.toString() << "\n";
}

QJsonArray diagnosticsToJson(const Diagnostics &diagnostics) {
    QJsonArray array;
    for (const Diagnostic &d : diagnostics) {
        array.append(QJsonObject{
            {QStringLiteral("file"), d.file},
            {QStringLiteral("line"), d.location.line},
            {QStringLiteral("column"), d.location.column},
            {QStringLiteral("severity"), severityName(d.severity)},
            {QStringLiteral("message"), d.message},
            {QStringLiteral("rule"), d.ruleId},
        });
    }
    return array;
}

} // namespace ingress::cli
