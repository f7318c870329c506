#pragma once

#include "model/yaml/yamlnode.h"

#include <span>
#include <string_view>
#include <vector>

namespace ingress::yaml {

// Owns a document's nodes, their texts and child lists in three flat arrays: a topology of
// 10,000 hosts has a few hundred thousand nodes, and one allocation each would dominate the
// load. Built by appending (the scanner) and then finish()ed; not copyable, as nodes point
// into the arrays. Moving keeps the arrays' buffers and so the pointers.
class NodeTree {
public:
    NodeTree() = default;
    NodeTree(const NodeTree &) = delete;
    NodeTree &operator=(const NodeTree &) = delete;
    NodeTree(NodeTree &&) = default;
    NodeTree &operator=(NodeTree &&) = default;

    // The document's top node; null for an empty document.
    const Node *root() const { return m_nodes.empty() ? nullptr : &m_nodes.front(); }

    // --- building (the scanner) ---
    void reserve(std::size_t nodes, std::size_t textBytes) {
        m_nodes.reserve(nodes);
        m_childIndices.reserve(nodes);
        m_text.reserve(textBytes);
    }
    std::size_t add(Node::Kind kind, SourceLocation location) {
        m_nodes.emplace_back(kind, location);
        return m_nodes.size() - 1;
    }
    std::size_t addScalar(SourceLocation location, std::string_view text) {
        const std::size_t index = add(Node::Kind::Scalar, location);
        Node &node = m_nodes.back();
        node.m_textOffset = unsigned(m_text.size());
        node.m_textSize = unsigned(text.size());
        m_text.insert(m_text.end(), text.begin(), text.end());
        return index;
    }
    SourceLocation location(std::size_t index) const { return m_nodes[index].m_location; }
    std::string_view text(std::size_t index) const {
        const Node &node = m_nodes[index];
        return {m_text.data() + node.m_textOffset, node.m_textSize};
    }
    // The children of the container `index`, once it is complete.
    void setChildren(std::size_t index, std::span<const std::size_t> children) {
        Node &node = m_nodes[index];
        node.m_childOffset = unsigned(m_childIndices.size());
        node.m_childCount = unsigned(children.size());
        m_childIndices.insert(m_childIndices.end(), children.begin(), children.end());
    }
    // Turns offsets into pointers: the arrays do not grow any more.
    void finish() {
        m_children.resize(m_childIndices.size());
        for (std::size_t i = 0; i < m_childIndices.size(); ++i)
            m_children[i] = &m_nodes[m_childIndices[i]];
        m_childIndices = {};
        for (Node &node : m_nodes) {
            if (node.m_textSize > 0)
                node.m_text = m_text.data() + node.m_textOffset;
            node.m_children = m_children.data() + node.m_childOffset;
        }
    }

private:
    std::vector<Node> m_nodes;
    std::vector<char> m_text;
    std::vector<std::size_t> m_childIndices;
    std::vector<const Node *> m_children;
};

} // namespace ingress::yaml
