#pragma once

#include <cstddef>
#include <QByteArray>
#include <QList>

namespace ingress::test {

// Malformed and request-smuggling inputs (RFC 9112 section 6.3 and 11.2; the PortSwigger and
// "HTTP Desync" catalogues). Each must be answered with `status` and the connection closed, and
// must never reach a backend. `head` is complete: a valid request would be forwarded at once.
struct MalformedRequest {
    const char *name;
    QByteArray bytes;
    int status;
};

inline QList<MalformedRequest> malformedRequests() {
    const QByteArray post = "POST / HTTP/1.1\r\nHost: a.test\r\n";
    const QByteArray chunked = post + "Transfer-Encoding: chunked\r\n\r\n";
    const QByteArray get = "GET / HTTP/1.1\r\nHost: a.test\r\n";
    // Literals with NUL bytes in them, kept whole.
    auto raw = []<std::size_t N>(const char(&s)[N]) { return QByteArray(s, qsizetype(N - 1)); };
    return {
        // Content-Length / Transfer-Encoding conflicts (CL.TE, TE.CL)
        {"cl-and-te", post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         400},
        {"te-and-cl", post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
         400},
        {"cl-plus", post + "Content-Length: +5\r\n\r\nhello", 400},
        {"cl-negative", post + "Content-Length: -1\r\n\r\n", 400},
        {"cl-hex", post + "Content-Length: 0x5\r\n\r\nhello", 400},
        {"cl-inner-space", post + "Content-Length: 5 5\r\n\r\nhello", 400},
        {"cl-list", post + "Content-Length: 5, 5\r\n\r\nhello", 400},
        {"cl-differing", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400},
        {"cl-empty", post + "Content-Length: \r\n\r\n", 400},
        {"cl-alpha", post + "Content-Length: five\r\n\r\nhello", 400},
        {"cl-overflow", post + "Content-Length: 99999999999999999999999\r\n\r\n", 400},
        {"cl-decimal", post + "Content-Length: 5.0\r\n\r\nhello", 400},
        {"cl-space-before-colon", post + "Content-Length : 5\r\n\r\nhello", 400},
        {"te-gzip", post + "Transfer-Encoding: gzip\r\n\r\n", 400},
        {"te-gzip-chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 400},
        {"te-chunked-gzip", post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400},
        {"te-identity", post + "Transfer-Encoding: identity\r\n\r\n", 400},
        {"te-xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 400},
        {"te-chunked-suffix", post + "Transfer-Encoding: chunked-false\r\n\r\n0\r\n\r\n", 400},
        {"te-repeated",
         post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        {"te-repeated-identity",
         post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n", 400},
        {"te-vertical-tab",
         post + "Transfer-Encoding:\x0b"
                "chunked\r\n\r\n0\r\n\r\n",
         400},
        {"te-form-feed",
         post + "Transfer-Encoding: \x0c"
                "chunked\r\n\r\n0\r\n\r\n",
         400},
        {"te-quoted", post + "Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n", 400},
        {"te-http10",
         "POST / HTTP/1.0\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        {"te-space-before-colon", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400},
        {"te-tab-before-colon", post + "Transfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n", 400},
        {"te-folded", post + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400},
        // Obsolete line folding
        {"obs-fold-space", get + "X-A: b\r\n c\r\n\r\n", 400},
        {"obs-fold-tab", get + "X-A: b\r\n\tc\r\n\r\n", 400},
        {"fold-first-header", "GET / HTTP/1.1\r\n Host: a.test\r\n\r\n", 400},
        // Control bytes, bare CR and LF
        {"nul-in-value", get + raw("X-A: a\0b\r\n\r\n"), 400},
        {"nul-in-target", raw("GET /a\0b HTTP/1.1\r\nHost: a.test\r\n\r\n"), 400},
        {"nul-in-method", raw("G\0T / HTTP/1.1\r\nHost: a.test\r\n\r\n"), 400},
        {"nul-in-name", raw("GET / HTTP/1.1\r\nHost: a.test\r\nX\0A: b\r\n\r\n"), 400},
        {"bare-cr-in-value", get + "X-A: a\rb\r\n\r\n", 400},
        {"bare-cr-before-crlf", get + "X-A: a\r\r\n\r\n", 400},
        // The same past the first 8 bytes of a value (checked a word at a time there)
        {"bare-cr-in-long-value", get + "X-A: abcdefghijklmnop\rqrstuvwxyz\r\n\r\n", 400},
        {"nul-in-long-value", get + raw("X-A: abcdefghijklmnopq\0rstuvwxyz\r\n\r\n"), 400},
        {"del-in-long-value", get + "X-A: abcdefghijklmnopqrstuvw\x7fxyz\r\n\r\n", 400},
        {"ctl-after-tab-long-value", get + "X-A: abc\tdefghijklmnop\x1bqrstuv\r\n\r\n", 400},
        {"bare-lf-header", "GET / HTTP/1.1\r\nHost: a.test\nX-A: b\r\n\r\n", 400},
        {"bare-lf-request-line", "GET / HTTP/1.1\nHost: a.test\r\n\r\n", 400},
        {"lf-only", "GET / HTTP/1.1\nHost: a.test\n\n", 400},
        {"bare-cr-request-line", "GET /\r HTTP/1.1\r\nHost: a.test\r\n\r\n", 400},
        {"ctl-0x01-value",
         get + "X-A: a\x01"
               "b\r\n\r\n",
         400},
        {"ctl-0x1f-value",
         get + "X-A: a\x1f"
               "b\r\n\r\n",
         400},
        {"del-in-value",
         get + "X-A: a\x7f"
               "b\r\n\r\n",
         400},
        {"ctl-in-name",
         get + "X\x01"
               "A: b\r\n\r\n",
         400},
        {"escape-in-target", "GET /a\x1b[31m HTTP/1.1\r\nHost: a.test\r\n\r\n", 400},
        // Host
        {"missing-host", "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", 400},
        {"repeated-host", get + "Host: b.test\r\n\r\n", 400},
        {"empty-host", "GET / HTTP/1.1\r\nHost: \r\n\r\n", 400},
        {"host-with-space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400},
        {"host-with-slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400},
        {"host-with-userinfo", "GET / HTTP/1.1\r\nHost: user@a.test\r\n\r\n", 400},
        {"host-space-before-colon", "GET / HTTP/1.1\r\nHost : a.test\r\n\r\n", 400},
        // Header syntax
        {"no-colon", get + "Foo bar\r\n\r\n", 400},
        {"empty-name", get + ": value\r\n\r\n", 400},
        {"invalid-name-char", get + "X(A): b\r\n\r\n", 400},
        {"name-with-space", get + "X A: b\r\n\r\n", 400},
        // Chunked bodies
        {"chunk-size-invalid", chunked + "zz\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk-size-negative", chunked + "-5\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk-size-0x", chunked + "0x5\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk-size-trailing-space", chunked + "5 \r\nhello\r\n0\r\n\r\n", 400},
        {"chunk-size-leading-space", chunked + " 5\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk-size-empty", chunked + "\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk-size-overflow", chunked + "fffffffffffffffffff\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk-data-too-long", chunked + "5\r\nhelloXX\r\n0\r\n\r\n", 400},
        {"chunk-data-no-crlf", chunked + "5\r\nhello0\r\n\r\n", 400},
        {"chunk-bare-lf-size", chunked + "5\nhello\r\n0\r\n\r\n", 400},
        {"chunk-bare-lf-data", chunked + "5\r\nhello\n0\r\n\r\n", 400},
        {"chunk-ext-ctl", chunked + "5;a=\x01\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk-ext-empty-name", chunked + "5;\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk-ext-open-quote", chunked + "5;a=\"b\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk-trailer-no-colon", chunked + "0\r\nBadTrailer\r\n\r\n", 400},
        {"chunk-trailer-ctl", chunked + "0\r\nX-T: a\x01\r\n\r\n", 400},
        {"chunk-last-bare-lf", chunked + "0\r\n\n", 400},
        // Request line
        {"two-spaces", "GET  / HTTP/1.1\r\nHost: a.test\r\n\r\n", 400},
        {"tab-separator", "GET\t/ HTTP/1.1\r\nHost: a.test\r\n\r\n", 400},
        {"trailing-space", "GET / HTTP/1.1 \r\nHost: a.test\r\n\r\n", 400},
        {"space-in-target", "GET /a b HTTP/1.1\r\nHost: a.test\r\n\r\n", 400},
        {"version-lowercase", "GET / http/1.1\r\nHost: a.test\r\n\r\n", 400},
        {"version-garbage", "GET / HTTP/1.x\r\nHost: a.test\r\n\r\n", 400},
        {"version-missing", "GET /\r\nHost: a.test\r\n\r\n", 400},
        {"version-2", "GET / HTTP/2.0\r\nHost: a.test\r\n\r\n", 505},
        {"target-no-slash", "GET foo HTTP/1.1\r\nHost: a.test\r\n\r\n", 400},
        {"target-fragment", "GET /a#b HTTP/1.1\r\nHost: a.test\r\n\r\n", 400},
        {"asterisk-get", "GET * HTTP/1.1\r\nHost: a.test\r\n\r\n", 400},
        {"absolute-ftp", "GET ftp://a.test/ HTTP/1.1\r\nHost: a.test\r\n\r\n", 400},
        {"method-invalid-char", "GE(T / HTTP/1.1\r\nHost: a.test\r\n\r\n", 400},
        {"tls-on-plain", QByteArray::fromHex("16030100a5010000a10303") + QByteArray(40, 'x'), 400},
        {"binary-garbage", QByteArray::fromHex("00ff00ff0d0a0d0a"), 400},
        // Limits and unsupported features
        {"request-line-too-long",
         "GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\nHost: a.test\r\n\r\n", 414},
        {"header-section-too-large", get + "X-Big: " + QByteArray(40000, 'b') + "\r\n\r\n", 431},
        {"too-many-headers", get + QByteArray("X-N: 1\r\n").repeated(150) + "\r\n", 431},
        {"unknown-expectation", get + "Expect: 200-ok\r\n\r\n", 417},
        {"connect-method", "CONNECT a.test:443 HTTP/1.1\r\nHost: a.test:443\r\n\r\n", 501},
    };
}

} // namespace ingress::test
