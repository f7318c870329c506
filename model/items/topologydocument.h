#pragma once

#include "model/items/itemtraits.h"
#include "model/items/refactoring.h"
#include "model/topology/diagnostic.h"
#include "model/topology/itemref.h"
#include "model/topology/topology.h"

#include <functional>
#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QTimer>

class QUndoStack;

namespace ingress {

// The open document: the Topology value, its undo stack, where it is saved, and the problems
// found in it. Views never change the Topology: they push undo commands (documentcommands.h),
// and the commands call the mutation functions below, which emit the signals the item models
// and the canvas follow. Validation runs on a debounce timer after every change.
class TopologyDocument : public QObject {
    Q_OBJECT
public:
    explicit TopologyDocument(QObject *parent = nullptr);
    ~TopologyDocument() override;

    const Topology &topology() const { return m_topology; }
    QUndoStack *undoStack() const { return m_undoStack; }

    QString filePath() const { return m_filePath; }
    // "shop.yaml", or "Untitled" before the first save.
    QString displayName() const;
    bool isModified() const;

    // Replaces the whole document (New, Open, crash recovery) and forgets the undo history.
    void reset(const Topology &topology, const QString &filePath = {},
               const Diagnostics &loadDiagnostics = {});
    // Open: on failure the document is unchanged and `diagnostics` says why.
    bool load(const QString &path, Diagnostics *diagnostics);
    // Atomic save; marks the document clean and remembers `path`.
    bool save(const QString &path, QString *error);
    // Marks the current state as modified or not without saving (autosave restore).
    void setModified(bool modified);

    // Load warnings followed by the validator's findings for the current state.
    const Diagnostics &diagnostics() const { return m_diagnostics; }
    void setValidationDelay(int milliseconds) { m_validationTimer.setInterval(milliseconds); }
    // Validates the current state here and now (open, tests); after edits the debounce timer
    // validates on a pool thread instead (validateInBackground()).
    void validateNow();
    // Problems the validator cannot see because they are outside the file (a private key
    // missing from the OS keychain); listed after the validator's until replaced.
    void setEnvironmentDiagnostics(const Diagnostics &diagnostics);

    bool contains(ItemRef ref) const;

    // Asked before a rename rewrites usages or a delete leaves them dangling (DocumentEditor);
    // the GUI shows a preview, unset (the CLI, most tests) goes ahead.
    using RefactoringConfirmer = std::function<bool(const Refactoring &)>;
    void setRefactoringConfirmer(RefactoringConfirmer confirmer) {
        m_confirmer = std::move(confirmer);
    }
    bool confirm(const Refactoring &refactoring) const {
        return !m_confirmer || m_confirmer(refactoring);
    }

    // Canvas positions chosen by the user (dragging), keyed by canvasKey(). They are saved with
    // the topology (its `canvas:` section) but are not content: changing them emits
    // canvasPositionChanged only, so nothing is revalidated, re-laid out or reloaded.
    QPointF canvasPosition(const QString &key) const {
        return m_topology.canvasPositions.value(key);
    }
    bool hasCanvasPosition(const QString &key) const {
        return m_topology.canvasPositions.contains(key);
    }
    const CanvasPositions &canvasPositions() const { return m_topology.canvasPositions; }
    // Rounded to whole units, as the file keeps them.
    void setCanvasPosition(const QString &key, const QPointF &position);
    void clearCanvasPosition(const QString &key);
    // Replaces them all (Reset Layout and its undo); emits canvasPositionChanged({}).
    void setCanvasPositions(const CanvasPositions &positions);

    // --- Mutations: called by undo commands only. ---
    template <typename T> const T &item(ItemRef ref) const {
        return ItemTraits<T>::list(m_topology, ref.host).at(ref.row);
    }
    template <typename T> void insertItem(ItemRef ref, const T &value) {
        Q_EMIT itemAboutToBeInserted(ref);
        auto &list = ItemTraits<T>::list(m_topology, ref.host);
        list.insert(ref.row, value);
        Q_EMIT itemInserted(ref);
        changed();
    }
    template <typename T> T removeItem(ItemRef ref) {
        Q_EMIT itemAboutToBeRemoved(ref);
        T value = ItemTraits<T>::list(m_topology, ref.host).takeAt(ref.row);
        Q_EMIT itemRemoved(ref);
        changed();
        return value;
    }
    // Returns the previous value.
    template <typename T> T replaceItem(ItemRef ref, const T &value) {
        auto &list = ItemTraits<T>::list(m_topology, ref.host);
        T previous = std::exchange(list[ref.row], value);
        followRename(ref, previous, value);
        Q_EMIT itemChanged(ref);
        changed();
        return previous;
    }
    void setDefaultService(const QString &service);
    void setName(const QString &name);

Q_SIGNALS:
    void itemAboutToBeInserted(ingress::ItemRef ref);
    void itemInserted(ingress::ItemRef ref);
    void itemAboutToBeRemoved(ingress::ItemRef ref);
    void itemRemoved(ingress::ItemRef ref);
    void itemChanged(ingress::ItemRef ref);
    void aboutToReset();
    void wasReset();
    // Anything changed (after the specific signal).
    void contentChanged();
    void documentPropertiesChanged();
    // `key` empty: any number of positions changed.
    void canvasPositionChanged(const QString &key);
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);
    void diagnosticsChanged();

private:
    void changed();
    // 10,000 hosts take some 50 ms to validate: on a pool thread, over a copy of the Topology
    // (implicitly shared, so the copy is cheap), the result applied only when nothing changed
    // in the meantime (m_generation); otherwise the next timeout validates again.
    void validateInBackground();
    void applyDiagnostics(const Diagnostics &found);
    // A renamed item keeps the canvas position the user gave it (undo renames it back, and the
    // position follows again). Nothing moves onto a name that already has a position.
    void followRename(ItemRef ref, const Listener &before, const Listener &after);
    void followRename(ItemRef ref, const VirtualHost &before, const VirtualHost &after);
    void followRename(ItemRef ref, const Route &before, const Route &after);
    void followRename(ItemRef ref, const Service &before, const Service &after);
    void followRename(ItemRef, const Certificate &, const Certificate &) {}
    void moveCanvasKey(const QString &from, const QString &to);

    Topology m_topology;
    QUndoStack *m_undoStack;
    QString m_filePath;
    Diagnostics m_loadDiagnostics;
    Diagnostics m_found; // the validator's, for the current state
    Diagnostics m_environmentDiagnostics;
    Diagnostics m_diagnostics;
    QTimer m_validationTimer;
    QFutureWatcher<Diagnostics> m_validation;
    quint64 m_generation = 0;           // bumped by every content change
    quint64 m_validatingGeneration = 0; // what the running background validation looks at
    bool m_forcedModified = false;
    RefactoringConfirmer m_confirmer;
};

// "host:food.bar.com", "service:food", ...: stable across reorderings, unlike an ItemRef.
QString canvasKey(ItemKind kind, const QString &name);

} // namespace ingress
