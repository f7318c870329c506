#include "model/yaml/yamlscanner.h"

#include "model/yaml/yamlsupport.h"

#include <algorithm>
#include <istream>
#include <memory>
#include <optional>
#include <span>
#include <streambuf>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace ingress::yaml {

namespace {

// Where in `text` (1-based line and column) the byte at `offset` is.
SourceLocation locationOfOffset(const QByteArray &text, qsizetype offset) {
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < offset && i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++line;
            column = 1;
        } else if ((byte & 0xC0) != 0x80) { // count characters, not UTF-8 continuation bytes
            ++column;
        }
    }
    return {line, column};
}

// Offset of the first byte that is not part of well-formed UTF-8 (overlongs, surrogates and
// code points past U+10FFFF included), or -1.
qsizetype firstInvalidUtf8(const QByteArray &text) {
    const auto *data = reinterpret_cast<const unsigned char *>(text.constData());
    const qsizetype size = text.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char lead = data[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80;
            high = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (i + length > size)
            return i;
        if (data[i + 1] < low || data[i + 1] > high)
            return i;
        for (int k = 2; k < length; ++k)
            if ((data[i + k] & 0xC0) != 0x80)
                return i;
        i += length;
    }
    return -1;
}

// Thrown from the event handler to stop the parser once the document is known to be bad.
struct StopScan {};

// Lets yaml-cpp read the caller's bytes where they are: std::istringstream would copy the
// whole file twice (once into a std::string, once into the stream). yaml-cpp only reads and
// puts back what it has just read, which moves the read position without writing.
class ByteArrayBuffer : public std::streambuf {
public:
    explicit ByteArrayBuffer(const QByteArray &bytes) {
        char *begin = const_cast<char *>(bytes.constData());
        setg(begin, begin, begin + bytes.size());
    }
};

// Builds the node tree from the parser's events and makes the checks on the way.
class ScanHandler : public YAML::EventHandler {
public:
    ScanHandler(const QByteArray &text, const QString &fileName, Diagnostics &diagnostics,
                NodeTree &tree)
        : m_text(text), m_fileName(fileName), m_diagnostics(diagnostics), m_tree(tree) {}

    bool fatal() const { return m_fatal; }

    void OnDocumentStart(const YAML::Mark &mark) override {
        if (++m_documents > 1)
            stop(rule::syntax, mark,
                 QStringLiteral("a second YAML document starts here; a topology file holds one "
                                "document"));
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override {
        const std::size_t index = m_tree.add(Node::Kind::Null, toLocation(mark));
        node(mark, nullptr);
        leaf(mark, anchor, index);
    }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override {
        node(mark, nullptr);
        ++m_aliases;
        const Anchor *target =
            anchor < m_anchors.size() && m_anchors[anchor].known ? &m_anchors[anchor] : nullptr;
        if (target && target->expandedNodes < 0)
            stop(rule::syntax, mark,
                 QStringLiteral("this alias points into the node that contains it; a topology "
                                "cannot be recursive"));
        // The alias is its anchor's node, shared: the walks that follow are bounded by the
        // expanded count checked here, not by the size of the tree.
        attach(target ? target->node : m_tree.add(Node::Kind::Null, toLocation(mark)));
        add(mark, target ? target->expandedNodes : 1);
    }
    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override {
        checkClosingQuote(mark, tag);
        const std::size_t index = m_tree.addScalar(toLocation(mark), value);
        node(mark, &index);
        leaf(mark, anchor, index);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor, false);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, anchor, true);
    }
    void OnMapEnd() override { close(); }

private:
    // Up to this many keys a mapping's duplicates are found by comparing with each earlier
    // key (topology mappings have ten at most); past it a hash keeps a hostile mapping with a
    // million keys linear.
    static constexpr std::size_t linearKeys = 16;

    struct Frame {
        bool isMap;
        bool expectingKey;
        YAML::anchor_t anchor;
        std::size_t node;
        std::size_t firstChild; // in m_children
        std::size_t firstKey;   // in m_keys
        qint64 expandedNodes;   // this container and everything in it, aliases expanded
        std::unique_ptr<std::unordered_map<std::string, std::size_t>> keyIndex;
    };
    struct Anchor {
        bool known = false;
        std::size_t node = 0;
        qint64 expandedNodes = 0; // -1 while the anchored container is still open
    };

    // Called for every node before it is counted: duplicate keys are checked here, where the
    // parent mapping knows whether this node is a key or a value. `scalar` is the node when it
    // is a scalar written out (not an alias): only those keys are compared.
    void node(const YAML::Mark &mark, const std::size_t *scalar) {
        if (m_stack.empty() || !m_stack.back().isMap)
            return;
        Frame &map = m_stack.back();
        const bool isKey = map.expectingKey;
        map.expectingKey = !map.expectingKey;
        if (!isKey || !scalar)
            return;
        const std::string_view key = m_tree.text(*scalar);
        if (const std::optional<std::size_t> first = findKey(map, key)) {
            report(Severity::Error, rule::duplicateKey, mark,
                   QStringLiteral("duplicate key '%1' (first written at line %2); YAML "
                                  "keeps only one of them")
                       .arg(QString::fromUtf8(key.data(), qsizetype(key.size())))
                       .arg(m_tree.location(*first).line));
            return;
        }
        m_keys.push_back(*scalar);
        if (map.keyIndex)
            map.keyIndex->emplace(key, *scalar);
    }

    // The first key of `map` spelled `key`.
    std::optional<std::size_t> findKey(Frame &map, std::string_view key) {
        if (map.keyIndex) {
            const auto it = map.keyIndex->find(std::string(key));
            return it == map.keyIndex->end() ? std::nullopt : std::optional(it->second);
        }
        for (std::size_t i = map.firstKey; i < m_keys.size(); ++i)
            if (m_tree.text(m_keys[i]) == key)
                return m_keys[i];
        if (m_keys.size() - map.firstKey >= linearKeys) {
            map.keyIndex = std::make_unique<std::unordered_map<std::string, std::size_t>>();
            for (std::size_t i = map.firstKey; i < m_keys.size(); ++i)
                map.keyIndex->emplace(m_tree.text(m_keys[i]), m_keys[i]);
        }
        return std::nullopt;
    }

    void leaf(const YAML::Mark &mark, YAML::anchor_t anchor, std::size_t index) {
        attach(index);
        if (anchor != 0)
            anchorAt(anchor) = Anchor{true, index, 1};
        add(mark, 1);
    }

    void open(const YAML::Mark &mark, YAML::anchor_t anchor, bool isMap) {
        node(mark, nullptr);
        const std::size_t index =
            m_tree.add(isMap ? Node::Kind::Map : Node::Kind::Sequence, toLocation(mark));
        attach(index);
        if (anchor != 0)
            anchorAt(anchor) = Anchor{true, index, -1}; // open: an alias to it would be a cycle
        count(mark, 1);
        m_stack.push_back(
            Frame{isMap, true, anchor, index, m_children.size(), m_keys.size(), 1, nullptr});
    }

    void close() {
        if (m_stack.empty())
            return;
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        m_tree.setChildren(frame.node, std::span(m_children).subspan(frame.firstChild));
        m_children.resize(frame.firstChild);
        m_keys.resize(frame.firstKey);
        if (frame.anchor != 0)
            anchorAt(frame.anchor).expandedNodes = frame.expandedNodes;
        if (!m_stack.empty())
            m_stack.back().expandedNodes += frame.expandedNodes;
    }

    // A node joins the container being read (its children are collected on one stack for
    // all open containers, so that building the tree allocates nothing per container).
    void attach(std::size_t index) {
        if (!m_stack.empty())
            m_children.push_back(index);
    }

    Anchor &anchorAt(YAML::anchor_t anchor) {
        if (anchor >= m_anchors.size())
            m_anchors.resize(anchor + 1);
        return m_anchors[anchor];
    }

    // A finished node (a leaf or an expanded alias) of `size` nodes joins its parent.
    void add(const YAML::Mark &mark, qint64 size) {
        if (!m_stack.empty())
            m_stack.back().expandedNodes += size;
        count(mark, size);
    }

    void count(const YAML::Mark &mark, qint64 size) {
        m_total += size;
        if (m_total <= YamlScanner::maxExpandedNodes)
            return;
        const QString limit = QString::number(YamlScanner::maxExpandedNodes);
        stop(rule::syntax, mark,
             m_aliases > 0
                 ? QStringLiteral("with its aliases expanded, the document has more than %1 "
                                  "nodes (aliases of aliases?); refusing to load it")
                       .arg(limit)
                 : QStringLiteral("the document has more than %1 nodes; refusing to load it")
                       .arg(limit));
    }

    // yaml-cpp 0.7 ends a quoted scalar at the end of the input without complaint, so a
    // missing closing quote would silently swallow the rest of the file.
    void checkClosingQuote(const YAML::Mark &mark, const std::string &tag) {
        if (tag != "!" || mark.pos < 0 || mark.pos >= m_text.size())
            return;
        const char quote = m_text.at(mark.pos);
        if (quote != '"' && quote != '\'')
            return;
        for (qsizetype i = mark.pos + 1; i < m_text.size(); ++i) {
            const char c = m_text.at(i);
            if (quote == '"' && c == '\\') {
                ++i;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < m_text.size() && m_text.at(i + 1) == '\'')
                    ++i; // '' is an escaped quote inside single quotes
                else
                    return;
            }
        }
        stop(rule::syntax, mark,
             QStringLiteral("unterminated quoted string: the %1 quote opened here is never "
                            "closed")
                 .arg(quote == '"' ? QStringLiteral("double") : QStringLiteral("single")));
    }

    void report(Severity severity, const QString &ruleId, const YAML::Mark &mark,
                const QString &message) {
        m_diagnostics << Diagnostic{severity, ruleId, message, m_fileName, toLocation(mark)};
    }

    [[noreturn]] void stop(const QString &ruleId, const YAML::Mark &mark, const QString &message) {
        report(Severity::Error, ruleId, mark, message);
        m_fatal = true;
        throw StopScan{};
    }

    const QByteArray &m_text;
    const QString &m_fileName;
    Diagnostics &m_diagnostics;
    NodeTree &m_tree;
    std::vector<Frame> m_stack;
    std::vector<std::size_t> m_children; // of every open container, innermost last
    std::vector<std::size_t> m_keys;     // scalar keys of every open mapping, innermost last
    std::vector<Anchor> m_anchors;       // by yaml-cpp's anchor id, which counts up from 1
    qint64 m_total = 0;
    int m_documents = 0;
    qint64 m_aliases = 0;
    bool m_fatal = false;
};

// yaml-cpp's message, plus the likely cause when the line is indented with a tab: its own
// words ("illegal block entry") do not say so.
QString syntaxMessage(const QByteArray &text, const YAML::Exception &e) {
    QString message = toQString(e.msg);
    // yaml-cpp names the grammar rule; say what usually causes it.
    if (e.msg == YAML::ErrorMsg::END_OF_MAP || e.msg == YAML::ErrorMsg::END_OF_SEQ)
        message += QStringLiteral(" (is this line indented like the lines above it?)");
    else if (e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW || e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW)
        message += QStringLiteral(" (a '{' or '[' above is never closed)");
    else if (e.msg == YAML::ErrorMsg::MAP_VALUE)
        message += QStringLiteral(" (a ': ' inside a value? put the value in quotes)");
    if (e.mark.line < 0)
        return message;
    qsizetype start = 0;
    for (int line = 0; line < e.mark.line && start >= 0; ++line) {
        start = text.indexOf('\n', start);
        if (start >= 0)
            ++start;
    }
    for (qsizetype i = start; i >= 0 && i < text.size(); ++i) {
        if (text.at(i) == '\t')
            return message + QStringLiteral(" (this line is indented with a tab; YAML indents "
                                            "with spaces only)");
        if (text.at(i) != ' ')
            break;
    }
    return message;
}

} // namespace

bool YamlScanner::scan(const QByteArray &yaml, const QString &fileName, Diagnostics &diagnostics,
                       NodeTree &tree) {
    auto fail = [&](const QString &ruleId, SourceLocation where, const QString &message) {
        diagnostics << Diagnostic{Severity::Error, ruleId, message, fileName, where};
        return false;
    };
    if (const qsizetype nul = yaml.indexOf('\0'); nul >= 0)
        return fail(rule::syntax, locationOfOffset(yaml, nul),
                    QStringLiteral("NUL byte in the input: this is binary data, not a YAML "
                                   "text file"));
    if (const qsizetype bad = firstInvalidUtf8(yaml); bad >= 0)
        return fail(rule::syntax, locationOfOffset(yaml, bad),
                    QStringLiteral("byte 0x%1 is not valid UTF-8; topology files are UTF-8 text")
                        .arg(static_cast<unsigned char>(yaml.at(bad)), 2, 16, QLatin1Char('0')));

    // A guess from the bench topology (a node per 6 bytes, half the bytes scalar text) that
    // saves most regrowing; bounded, so that a hostile file cannot reserve much for nothing.
    const auto bytes = std::size_t(yaml.size());
    tree.reserve(std::min<std::size_t>(bytes / 6 + 1, maxExpandedNodes), bytes / 2 + 1);
    ScanHandler handler(yaml, fileName, diagnostics, tree);
    try {
        ByteArrayBuffer buffer(yaml);
        std::istream stream(&buffer);
        YAML::Parser parser(stream);
        while (parser.HandleNextDocument(handler)) {
        }
    } catch (const StopScan &) {
        return false;
    } catch (const YAML::DeepRecursion &e) {
        return fail(rule::syntax, toLocation(e.mark),
                    QStringLiteral("nesting deeper than %1 levels; a topology never needs that")
                        .arg(e.depth()));
    } catch (const YAML::Exception &e) {
        return fail(rule::syntax, toLocation(e.mark), syntaxMessage(yaml, e));
    } catch (const std::exception &e) {
        return fail(rule::syntax, {},
                    QStringLiteral("the YAML parser failed: %1").arg(QString::fromUtf8(e.what())));
    }
    if (handler.fatal())
        return false;
    tree.finish();
    return true;
}

} // namespace ingress::yaml
