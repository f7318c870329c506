#pragma once

#include "model/topology/itemref.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;

namespace ingress {
class TopologyDocument;
struct Certificate;
} // namespace ingress

namespace ingress::ui {

class CertificateOperations;
class SelectionHub;

// What the current certificate is: subject, SANs, issuer, validity with the days left, key
// type and size, SHA-256 fingerprint, where its key lives and whether that key is there and
// belongs to it. The keychain answer is remembered per name (reading it may show an unlock
// prompt, which should not happen on every click); "Check again" asks anew.
class CertificateDetailsPanel : public QWidget {
    Q_OBJECT
public:
    CertificateDetailsPanel(TopologyDocument *document, SelectionHub *selection,
                            const CertificateOperations *operations, QWidget *parent = nullptr);

    ItemRef shown() const { return m_shown; }
    // The text of a field by name: "name", "subject", "sans", "issuer", "validity", "key",
    // "fingerprint", "file", "keyLocation", "keyStatus" (also the labels' objectNames).
    QString field(const QString &name) const;

public Q_SLOTS:
    void refresh();
    // After the keychain may have changed (a key stored by an action).
    void forgetKeyChecks();

private:
    void show(ItemRef ref);
    void showCertificate(const Certificate &certificate);
    QString keyStatus(const Certificate &certificate, const QString &certificatePath,
                      bool *problem);
    QLabel *addField(const QString &name, const QString &title);

    TopologyDocument *m_document;
    SelectionHub *m_selection;
    const CertificateOperations *m_operations;
    ItemRef m_shown;
    QLabel *m_placeholder;
    QWidget *m_fields;
    QHash<QString, QLabel *> m_labels;
    QPushButton *m_checkAgain;
    struct KeyAnswer {
        QString text;
        bool problem = false;
    };
    QHash<QString, KeyAnswer> m_keychainAnswers; // by certificate name
};

} // namespace ingress::ui
