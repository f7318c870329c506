#pragma once

#include "model/topology/sourcelocation.h"

#include <QString>
#include <span>
#include <string_view>

namespace ingress::yaml {

// One node of a parsed YAML document: what the section readers need of it and no more. The
// scanner builds the whole tree from yaml-cpp's parser events in one pass (yaml-cpp's own node
// tree would cost a second parse of the text); an alias is the very node its anchor names,
// exactly as in yaml-cpp's tree, so its location is the anchor's.
class Node {
public:
    enum class Kind : unsigned char { Null, Scalar, Sequence, Map };

    Node(Kind kind, SourceLocation location) : m_kind(kind), m_location(location) {}

    Kind kind() const { return m_kind; }
    bool isNull() const { return m_kind == Kind::Null; }
    bool isScalar() const { return m_kind == Kind::Scalar; }
    bool isSequence() const { return m_kind == Kind::Sequence; }
    bool isMap() const { return m_kind == Kind::Map; }
    SourceLocation location() const { return m_location; }

    // A scalar's text, UTF-8 (empty for the other kinds).
    std::string_view text() const { return {m_text, m_textSize}; }
    // Never a null QString for a scalar, empty or not: yaml-cpp's std::string never was either.
    QString toQString() const { return QString::fromUtf8(m_text, qsizetype(m_textSize)); }
    // Compares like toQString() == latin1 would, without converting: QString::fromUtf8 drops
    // a byte order mark at the start, so a key written after one is still that key.
    bool textEquals(const char *latin1) const {
        std::string_view text = this->text();
        if (text.starts_with("\xEF\xBB\xBF"))
            text.remove_prefix(3);
        return text == std::string_view(latin1);
    }

    // A sequence's items; a mapping's keys and values, alternating (file order, duplicate keys
    // included, as yaml-cpp keeps them).
    std::span<const Node *const> children() const { return {m_children, m_childCount}; }
    // A mapping's number of key: value pairs.
    std::size_t pairCount() const { return m_childCount / 2; }
    const Node &key(std::size_t pair) const { return *m_children[2 * pair]; }
    const Node &value(std::size_t pair) const { return *m_children[2 * pair + 1]; }

private:
    friend class NodeTree;

    Kind m_kind;
    SourceLocation m_location;
    // Offsets into the tree's arrays while it is built, pointers once it is finished.
    unsigned m_textOffset = 0;
    unsigned m_textSize = 0;
    unsigned m_childOffset = 0;
    unsigned m_childCount = 0;
    const char *m_text = "";
    const Node *const *m_children = nullptr;
};

} // namespace ingress::yaml
