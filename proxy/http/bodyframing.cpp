#include "proxy/http/bodyframing.h"

#include "proxy/http/httpchars.h"

#include <algorithm>
#include <cstring>

namespace ingress::proxy::http {

namespace {
constexpr int maxSizeDigits = 15;         // < 2^60: no overflow
constexpr std::size_t maxExtBytes = 4096; // per chunk line
constexpr std::size_t maxTrailerBytes = 16384;
} // namespace

void BodyFramer::reset(Mode mode, std::uint64_t length) {
    m_mode = mode;
    m_remaining = length;
    m_sizeDigits = 0;
    m_lineBytes = 0;
    m_trailerBytes = 0;
    m_error = "";
    switch (mode) {
    case Mode::None:
        m_state = State::Done;
        break;
    case Mode::Length:
        m_state = length ? State::Length : State::Done;
        break;
    case Mode::Chunked:
        m_state = State::Size;
        break;
    case Mode::UntilClose:
        m_state = State::UntilClose;
        break;
    }
}

bool BodyFramer::extStep(char c, bool *lineEnd) {
    const bool ws = c == ' ' || c == '\t';
    const auto separator = [&](Ext next) {
        if (c == ';')
            m_ext = Ext::NameStart;
        else if (c == '\r')
            *lineEnd = true;
        else if (ws)
            m_ext = next;
        else
            return false;
        return true;
    };
    switch (m_ext) {
    case Ext::NameStart:
        if (isTchar(c))
            m_ext = Ext::Name;
        return ws || isTchar(c);
    case Ext::Name:
        if (isTchar(c))
            return true;
        if (c == '=') {
            m_ext = Ext::ValueStart;
            return true;
        }
        return separator(Ext::NameBws);
    case Ext::NameBws:
        if (c == '=') {
            m_ext = Ext::ValueStart;
            return true;
        }
        return separator(Ext::NameBws);
    case Ext::ValueStart:
        if (c == '"')
            m_ext = Ext::Quoted;
        else if (isTchar(c))
            m_ext = Ext::Token;
        return ws || c == '"' || isTchar(c);
    case Ext::Token:
        return isTchar(c) || separator(Ext::End);
    case Ext::Quoted: // qdtext: field-value bytes but DQUOTE and backslash
        if (c == '"')
            m_ext = Ext::End;
        else if (c == '\\')
            m_ext = Ext::Escape;
        return isFieldValueChar(c);
    case Ext::Escape:
        m_ext = Ext::Quoted;
        return isFieldValueChar(c);
    case Ext::End:
        return separator(Ext::End);
    }
    return false;
}

std::size_t BodyFramer::fail(const char *why, std::size_t consumed) {
    m_state = State::Error;
    m_error = why;
    return consumed;
}

std::size_t BodyFramer::decode(char *data, std::size_t size, std::size_t *payloadSize) {
    *payloadSize = 0;
    return run(data, size, payloadSize);
}

std::size_t BodyFramer::run(const char *data, std::size_t size, std::size_t *payload) {
    // Decoding moves each payload span down to data[*payload]: the destination never passes
    // the source, so it works in place (decode() gave a writable buffer).
    const auto keep = [&](std::size_t from, std::size_t n) {
        if (!payload)
            return;
        if (*payload != from)
            std::memmove(const_cast<char *>(data) + *payload, data + from, n);
        *payload += n;
    };
    std::size_t i = 0;
    while (i < size) {
        const char c = data[i];
        switch (m_state) {
        case State::Done:
        case State::Error:
            return i;
        case State::UntilClose:
            keep(i, size - i);
            return size;
        case State::Length: {
            const std::size_t n = std::size_t(std::min<std::uint64_t>(m_remaining, size - i));
            keep(i, n);
            m_remaining -= n;
            i += n;
            if (m_remaining == 0)
                m_state = State::Done;
            continue;
        }
        case State::Data: {
            const std::size_t n = std::size_t(std::min<std::uint64_t>(m_remaining, size - i));
            keep(i, n);
            m_remaining -= n;
            i += n;
            if (m_remaining == 0)
                m_state = State::DataCr;
            continue;
        }
        case State::Size:
            if (isHex(c)) {
                if (++m_sizeDigits > maxSizeDigits)
                    return fail("chunk size too large", i);
                m_remaining = m_remaining * 16 + std::uint64_t(hexValue(c));
            } else if (m_sizeDigits == 0) {
                return fail("invalid chunk size", i);
            } else if (c == ';') {
                m_state = State::Ext;
                m_ext = Ext::NameStart;
            } else if (c == ' ' || c == '\t') {
                m_state = State::SizeBws;
            } else if (c == '\r') {
                m_state = State::SizeLf;
            } else {
                return fail("invalid chunk size", i);
            }
            break;
        case State::SizeBws:
            // Whitespace after the size is only allowed before an extension.
            if (c == ';') {
                m_state = State::Ext;
                m_ext = Ext::NameStart;
            } else if (c != ' ' && c != '\t')
                return fail("invalid chunk size", i);
            break;
        case State::Ext: {
            bool lineEnd = false;
            if (!extStep(c, &lineEnd) || ++m_lineBytes > maxExtBytes)
                return fail("invalid chunk extension", i);
            if (lineEnd)
                m_state = State::SizeLf;
            break;
        }
        case State::SizeLf:
            if (c != '\n')
                return fail("chunk size line not ended by CRLF", i);
            m_sizeDigits = 0;
            m_lineBytes = 0;
            m_state = m_remaining ? State::Data : State::TrailerStart;
            break;
        case State::DataCr:
            if (c != '\r')
                return fail("chunk data not followed by CRLF", i);
            m_state = State::DataLf;
            break;
        case State::DataLf:
            if (c != '\n')
                return fail("chunk data not followed by CRLF", i);
            m_state = State::Size;
            break;
        case State::TrailerStart:
            if (c == '\r') {
                m_state = State::FinalLf;
                break;
            }
            if (!isTchar(c))
                return fail("invalid trailer field", i);
            m_trailerHasColon = false;
            m_state = State::Trailer;
            [[fallthrough]];
        case State::Trailer:
            if (++m_trailerBytes > maxTrailerBytes)
                return fail("trailer section too large", i);
            if (c == '\r') {
                if (!m_trailerHasColon)
                    return fail("trailer field without a colon", i);
                m_state = State::TrailerLf;
            } else if (c == ':') {
                m_trailerHasColon = true;
            } else if (!m_trailerHasColon && !isTchar(c)) {
                return fail("invalid trailer field name", i);
            } else if (!isFieldValueChar(c)) {
                return fail("control character in a trailer", i);
            }
            break;
        case State::TrailerLf:
            if (c != '\n')
                return fail("trailer line not ended by CRLF", i);
            m_state = State::TrailerStart;
            break;
        case State::FinalLf:
            if (c != '\n')
                return fail("chunked body not ended by CRLF", i);
            m_state = State::Done;
            return i + 1;
        }
        ++i;
    }
    return i;
}

} // namespace ingress::proxy::http
