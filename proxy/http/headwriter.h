#pragma once

#include <algorithm>
#include <cstring>
#include <QByteArray>
#include <string_view>

namespace ingress::proxy::http {

// Writes a message head into a reused QByteArray with plain memcpy. QByteArray::append goes
// through the general insert() path (aliasing, detach and growth checks), about 150
// instructions per piece, and a head is 30 to 50 pieces: that was a quarter of the proxy's
// per-request instructions. The array is sized to its capacity while writing and cut to what
// was written when the writer goes away; once warm, nothing is allocated.
class HeadWriter {
public:
    explicit HeadWriter(QByteArray *out) : m_out(out) {
        out->resize(std::max<qsizetype>(out->capacity(), 1024));
        m_begin = out->data();
        m_pos = m_begin;
        m_end = m_begin + out->size();
    }
    ~HeadWriter() { m_out->resize(m_pos - m_begin); }
    HeadWriter(const HeadWriter &) = delete;
    HeadWriter &operator=(const HeadWriter &) = delete;

    void add(std::string_view s) {
        reserve(s.size());
        std::memcpy(m_pos, s.data(), s.size());
        m_pos += s.size();
    }
    void add(char c) {
        reserve(1);
        *m_pos++ = c;
    }
    // "name: value\r\n"
    void addField(std::string_view name, std::string_view value) {
        reserve(name.size() + value.size() + 4);
        std::memcpy(m_pos, name.data(), name.size());
        m_pos += name.size();
        *m_pos++ = ':';
        *m_pos++ = ' ';
        std::memcpy(m_pos, value.data(), value.size());
        m_pos += value.size();
        *m_pos++ = '\r';
        *m_pos++ = '\n';
    }

private:
    void reserve(std::size_t n) {
        if (std::size_t(m_end - m_pos) >= n)
            return;
        const qsizetype used = m_pos - m_begin;
        m_out->resize(std::max<qsizetype>(m_out->size() * 2, used + qsizetype(n) + 256));
        m_begin = m_out->data();
        m_pos = m_begin + used;
        m_end = m_begin + m_out->size();
    }

    QByteArray *m_out;
    char *m_begin = nullptr;
    char *m_pos = nullptr;
    char *m_end = nullptr;
};

} // namespace ingress::proxy::http
