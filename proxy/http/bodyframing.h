#pragma once

#include <cstddef>
#include <cstdint>

namespace ingress::proxy::http {

// Incremental framing of one message body (RFC 9112 sections 6 and 7), used in both directions.
// The proxy forwards bodies as received (chunked stays chunked), so the framer mostly has to find
// where the body ends and check the chunked syntax on the way: feed() says how many of the given
// bytes belong to the body; the rest is the next message (pipelining). decode() also strips the
// chunked framing, for HTTP/1.0 clients.
class BodyFramer {
public:
    enum class Mode { None, Length, Chunked, UntilClose };

    void reset(Mode mode, std::uint64_t length = 0);
    // Consumes body bytes from `data`; returns how many belonged to the body. After an error no
    // more bytes are consumed.
    std::size_t feed(const char *data, std::size_t size) { return run(data, size, nullptr); }
    // The same, and also moves the payload (a chunked body's data without its framing and
    // trailers; any other body as it is) to the front of `data`, in place: `*payloadSize` says
    // how much. For a client that cannot read chunked (HTTP/1.0).
    std::size_t decode(char *data, std::size_t size, std::size_t *payloadSize);

    Mode mode() const { return m_mode; }
    bool done() const { return m_state == State::Done; }
    bool failed() const { return m_state == State::Error; }
    const char *error() const { return m_error; }
    // Bytes still expected for a Length body.
    std::uint64_t remaining() const { return m_remaining; }

private:
    enum class State {
        Done,
        Error,
        Length,
        UntilClose,
        Size,
        SizeBws,
        Ext,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        TrailerStart,
        Trailer,
        TrailerLf,
        FinalLf,
    };
    // Where in `*( BWS ";" BWS name [ BWS "=" BWS value ] )` (RFC 9112 section 7.1.1) a chunk
    // extension is. Checked to the grammar, not just for field-value bytes: the extension is
    // forwarded as received, and a backend reading a quoted string or an empty name differently
    // would frame the body differently (a desync).
    enum class Ext : std::uint8_t {
        NameStart,
        Name,
        NameBws,
        ValueStart,
        Token,
        Quoted,
        Escape,
        End
    };
    // False when `c` cannot continue the extension; sets `*lineEnd` on the CR ending it.
    bool extStep(char c, bool *lineEnd);
    std::size_t fail(const char *why, std::size_t consumed);
    // feed() and decode() in one: `payload` null when only framing (then `data` is not written).
    std::size_t run(const char *data, std::size_t size, std::size_t *payload);

    Mode m_mode = Mode::None;
    State m_state = State::Done;
    std::uint64_t m_remaining = 0;
    int m_sizeDigits = 0;
    Ext m_ext = Ext::NameStart;
    std::size_t m_lineBytes = 0;    // chunk extension or trailer bytes so far
    std::size_t m_trailerBytes = 0; // whole trailer section
    bool m_trailerHasColon = false;
    const char *m_error = "";
};

} // namespace ingress::proxy::http
