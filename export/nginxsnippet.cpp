#include "export/nginxsnippet.h"

namespace ingress::kubeimport {

namespace {

constexpr qsizetype maxText = 100; // of a directive in messages

bool isSpace(QChar c) {
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

// nginx resolves these escapes in quoted and bare words alike and keeps any other backslash.
QChar escaped(QChar c) {
    switch (c.unicode()) {
    case u't':
        return u'\t';
    case u'r':
        return u'\r';
    case u'n':
        return u'\n';
    default:
        return c;
    }
}

bool isEscapable(QChar c) {
    return c == u'"' || c == u'\'' || c == u'\\' || c == u't' || c == u'r' || c == u'n';
}

QString shown(QStringView written, bool block) {
    QString text = written.toString().simplified();
    if (block)
        text += QStringLiteral(" { ... }");
    if (text.size() > maxText)
        text = text.left(maxText - 3) + QStringLiteral("...");
    return text;
}

// Reads the snippet once, front to back: no recursion, so nested blocks cost no stack.
class Reader {
public:
    explicit Reader(QStringView text) : m_text(text) {}

    NginxSnippet read() {
        NginxSnippet result;
        if (m_text.size() > NginxSnippet::maxSize)
            return fail(1, QStringLiteral("it is longer than 256 KiB (%1 characters), more than "
                                          "Kubernetes allows an object's annotations together")
                               .arg(m_text.size()));
        for (qsizetype i = 0; i < m_text.size(); ++i)
            if (m_text[i].isNull())
                return fail(lineAt(i), QStringLiteral("it holds a NUL character, which nginx "
                                                      "refuses in its configuration"));
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c == u'\n') {
                ++m_line;
                ++m_pos;
            } else if (isSpace(c)) {
                ++m_pos;
            } else if (c == u'#') {
                skipComment();
            } else if (c == u';') {
                if (!m_open)
                    return fail(m_line, QStringLiteral("unexpected ';'"));
                ++m_pos;
                finish(result, false, m_pos);
            } else if (c == u'{') {
                if (!m_open)
                    return fail(m_line, QStringLiteral("unexpected '{'"));
                const qsizetype head = m_pos;
                if (!skipBlock())
                    return m_failed;
                finish(result, true, head);
            } else if (c == u'}') {
                return fail(m_line, QStringLiteral("unexpected '}'"));
            } else if (!word()) {
                return m_failed;
            }
        }
        if (m_open)
            return fail(m_current.line, QStringLiteral("'%1' does not end with ';'")
                                            .arg(shown(m_text.mid(m_start), false)));
        return result;
    }

private:
    NginxSnippet fail(int line, const QString &why) {
        m_failed = {};
        m_failed.error = why;
        m_failed.errorLine = line;
        return m_failed;
    }

    int lineAt(qsizetype end) const {
        int line = 1;
        for (qsizetype i = 0; i < end; ++i)
            line += m_text[i] == u'\n';
        return line;
    }

    void skipComment() {
        while (m_pos < m_text.size() && m_text[m_pos] != u'\n')
            ++m_pos;
    }

    // `end`: past the ';', or at the '{' of a block.
    void finish(NginxSnippet &result, bool block, qsizetype end) {
        m_current.block = block;
        m_current.text = shown(m_text.mid(m_start, end - m_start), block);
        result.directives << m_current;
        m_current = {};
        m_open = false;
    }

    void append(const QString &word, qsizetype start, int line) {
        if (!m_open) {
            m_open = true;
            m_start = start;
            m_current.name = word;
            m_current.line = line;
        } else {
            m_current.args << word;
        }
    }

    // One word, quoted or bare; false (m_failed set) when nginx would refuse it.
    bool word() {
        const qsizetype start = m_pos;
        const int line = m_line;
        QString text;
        const QChar quote = m_text[m_pos];
        const bool quoted = quote == u'"' || quote == u'\'';
        if (quoted)
            ++m_pos;
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (quoted && c == quote)
                break;
            if (!quoted && (isSpace(c) || c == u';' || c == u'{' || c == u'}'))
                break;
            if (c == u'\\' && m_pos + 1 < m_text.size()) {
                const QChar next = m_text[m_pos + 1];
                if (isEscapable(next)) {
                    text += escaped(next);
                    m_pos += 2;
                    continue;
                }
            }
            if (c == u'\n')
                ++m_line;
            text += c;
            ++m_pos;
        }
        if (quoted) {
            if (m_pos >= m_text.size()) {
                fail(line, QStringLiteral("the quote (%1) opened here is not closed").arg(quote));
                return false;
            }
            ++m_pos;
            // As in nginx, `if ($a = "x")` may close its parenthesis right after a quote.
            if (m_pos < m_text.size() && !isSpace(m_text[m_pos]) && m_text[m_pos] != u';' &&
                m_text[m_pos] != u'{' && m_text[m_pos] != u')') {
                fail(m_line,
                     QStringLiteral("unexpected '%1' after a quoted word").arg(m_text[m_pos]));
                return false;
            }
        }
        append(text, start, line);
        return true;
    }

    // From the '{' to past its '}', quotes and comments included; false when it never closes.
    bool skipBlock() {
        const int opened = m_line;
        int depth = 0;
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c == u'\n') {
                ++m_line;
            } else if (c == u'#') {
                skipComment();
                continue;
            } else if (c == u'"' || c == u'\'') {
                const int line = m_line;
                ++m_pos;
                while (m_pos < m_text.size() && m_text[m_pos] != c) {
                    if (m_text[m_pos] == u'\\' && m_pos + 1 < m_text.size() &&
                        m_text[m_pos + 1] != u'\n')
                        ++m_pos;
                    else if (m_text[m_pos] == u'\n')
                        ++m_line;
                    ++m_pos;
                }
                if (m_pos >= m_text.size()) {
                    fail(line, QStringLiteral("the quote (%1) opened here is not closed").arg(c));
                    return false;
                }
            } else if (c == u'{') {
                ++depth;
            } else if (c == u'}' && --depth == 0) {
                ++m_pos;
                return true;
            }
            ++m_pos;
        }
        fail(opened, QStringLiteral("the '{' of '%1' is not closed").arg(m_current.name));
        return false;
    }

    QStringView m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    bool m_open = false; // a directive has begun
    qsizetype m_start = 0;
    NginxDirective m_current;
    NginxSnippet m_failed;
};

} // namespace

NginxSnippet NginxSnippet::parse(QStringView text) {
    return Reader(text).read();
}

} // namespace ingress::kubeimport
