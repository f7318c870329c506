#pragma once

#include <QAbstractListModel>

namespace ingress {

class TopologyDocument;

// The document's TLS certificates by name; the tooltip tells where the PEM and key live.
class CertificatesListModel : public QAbstractListModel {
    Q_OBJECT
public:
    explicit CertificatesListModel(TopologyDocument *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    TopologyDocument *m_document;
};

} // namespace ingress
