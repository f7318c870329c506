#!/usr/bin/env python3
# Regenerates the seed corpus of fuzz_clienthello (tests/fuzz/corpus/clienthello/):
#  1. real ClientHellos: openssl s_client, curl and Python's ssl module connect to a listener on
#     127.0.0.1 (a random port) that saves the first bytes they send and then hangs up;
#  2. files derived from them or built from scratch: split over records, cut short, not TLS,
#     broken fields, oversized.
# File names say what ClientHello::parse must answer (see tst_clienthellocorpus.cpp).
# Usage: tests/fuzz/make-clienthello-corpus.py [FOLDER]   (default: the corpus folder)
# The captured hellos carry random bytes, so a rerun changes those files; the fuzz-found
# malformed-fuzz-* files are kept as they are.
import os, socket, struct, subprocess, sys

d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "clienthello")
os.makedirs(d, exist_ok=True)
out = d
def grab(name, cmd):
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0)); srv.listen(1); port = srv.getsockname()[1]
    cmd = [c.replace("PORT", str(port)) for c in cmd]
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    srv.settimeout(5); c, _ = srv.accept(); c.settimeout(1)
    data = b""
    try:
        while True:
            d = c.recv(65536)
            if not d: break
            data += d
            # whole first record(s) present?
            if len(data) >= 9:
                hl = int.from_bytes(data[6:9], "big")
                got, pos = 0, 0
                while pos + 5 <= len(data):
                    rl = int.from_bytes(data[pos+3:pos+5], "big"); got += min(rl, len(data)-pos-5); pos += 5 + rl
                if got >= hl + 4: break
    except socket.timeout: pass
    c.close(); srv.close(); p.kill(); p.wait()
    open(os.path.join(out, name), "wb").write(data)
    print(name, len(data))
def s(*a): return ["openssl", "s_client", "-connect", "127.0.0.1:PORT", *a]
py = lambda host, extra="": ["python3", "-c", f"import ssl,socket;c=ssl.create_default_context();c.check_hostname=False;c.verify_mode=ssl.CERT_NONE;{extra}c.wrap_socket(socket.create_connection(('127.0.0.1',PORT)),server_hostname={host!r})"]
grab("complete@bench.test@openssl-default.bin", s("-servername", "bench.test"))
grab("complete@bench.test@openssl-tls12.bin", s("-servername", "bench.test", "-tls1_2"))
grab("complete@bench.test@openssl-tls13.bin", s("-servername", "bench.test", "-tls1_3"))
grab("complete@@openssl-noservername.bin", s("-noservername"))
grab("complete@shop.example.test@openssl-alpn-groups.bin", s("-servername", "SHOP.Example.Test", "-alpn", "h2,http/1.1", "-groups", "X25519:P-256:P-384:ffdhe2048"))
grab("complete@a.b.example.com@openssl-sessid-legacy.bin", s("-servername", "a.b.example.com", "-tls1_2", "-no_ticket", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256", "-sigalgs", "ECDSA+SHA256"))
grab("complete@bench.test@curl.bin", ["curl", "-sk", "--max-time", "2", "https://bench.test:PORT/", "--resolve", "bench.test:PORT:127.0.0.1"])
grab("complete@bench.test@curl-http11-tls12.bin", ["curl", "-sk", "--http1.1", "--tlsv1.2", "--tls-max", "1.2", "--max-time", "2", "https://bench.test:PORT/", "--resolve", "bench.test:PORT:127.0.0.1"])
grab("complete@bench.test@python-ssl.bin", py("bench.test"))
grab("complete@xn--bcher-kva.example@python-idn.bin", py("xn--bcher-kva.example"))
grab("complete@@python-ip-literal.bin", py("127.0.0.1"))

def rd(n): return open(os.path.join(d, n), "rb").read()
def wr(n, b): open(os.path.join(d, n), "wb").write(b); print(n, len(b))
def u16(n): return struct.pack(">H", n)
def u24(n): return struct.pack(">I", n)[1:]
def record(body, ctype=22, ver=b"\x03\x01"): return bytes([ctype]) + ver + u16(len(body)) + body
def hello(exts=None, version=b"\x03\x03", sid=b"", ciphers=b"\x13\x01\xc0\x2b", comp=b"\x00", trailing=b""):
    body = version + bytes(32) + bytes([len(sid)]) + sid + u16(len(ciphers)) + ciphers + bytes([len(comp)]) + comp
    if exts is not None:
        e = b"".join(u16(t) + u16(len(v)) + v for t, v in exts)
        body += u16(len(e)) + e
    body += trailing
    return b"\x01" + u24(len(body)) + body
def sni(*names, types=None):
    lst = b"".join(bytes([(types or [0]*len(names))[i]]) + u16(len(n)) + n for i, n in enumerate(names))
    return (0, u16(len(lst)) + lst)
alpn = (16, u16(9) + b"\x08http/1.1")
hs = lambda *a, **k: record(hello(*a, **k))

real = rd("complete@bench.test@openssl-tls13.bin")
h = real[5:]  # the handshake message
# Split over records, as a client may legally do.
wr("complete@bench.test@split-2-records.bin", record(h[:40]) + record(h[40:]))
wr("complete@bench.test@split-header-across-records.bin", record(h[:2]) + record(h[2:]))
wr("complete@bench.test@split-7-records.bin", b"".join(record(h[i:i+37]) for i in range(0, len(h), 37)))
wr("complete@bench.test@followed-by-data.bin", real + record(b"\x00" * 10, ctype=23))
# Cut short: the listener peeks again later.
for n in (1, 3, 5, 8, 9, 100, len(real) - 1):
    wr(f"needmore-cut-at-{n}.bin", real[:n])
wr("needmore-split-second-record-missing.bin", record(h[:40]))
# Built from scratch.
wr("complete@bench.test@trailing-dot.bin", hs([sni(b"bench.test.")]))
wr("complete@upper.example@upper-case.bin", hs([sni(b"UPPER.Example")]))
wr("complete@@no-extensions.bin", hs(None))
wr("complete@@empty-extensions.bin", hs([]))
wr("complete@@sni-other-name-type-only.bin", hs([sni(b"x.test", types=[1])]))
wr("complete@first.test@sni-two-names.bin", hs([alpn, sni(b"first.test", b"second.test")]))
wr("complete@second.test@sni-unknown-type-first.bin", hs([sni(b"\xff\xfe", b"second.test", types=[7, 0])]))
wr("complete@@sni-empty-list.bin", hs([sni()]))
wr("complete@bench.test@tls10-record-ssl3-hello.bin", record(hello([sni(b"bench.test")], version=b"\x03\x00"), ver=b"\x03\x00"))
wr("complete@bench.test@session-id-32.bin", hs([sni(b"bench.test")], sid=bytes(range(32))))
wr("complete-sni-253-bytes.bin", hs([sni(b"a" * 63 + b"." + b"b" * 63 + b"." + b"c" * 63 + b"." + b"d" * 61)]))
wr("complete@bench.test@padding-extension-3k.bin", hs([sni(b"bench.test"), (21, bytes(3000))]))
big = hello([sni(b"bench.test"), (21, bytes(16000))])
wr("complete@bench.test@near-limit-4-records.bin", b"".join(record(big[i:i+16384]) for i in range(0, len(big), 16384)))
# Not TLS at all.
wr("nottls-http-get.bin", b"GET / HTTP/1.1\r\nHost: bench.test\r\n\r\n")
wr("nottls-sslv2-hello.bin", bytes.fromhex("802b0103010012000000100100800700c0030080060040040080020080") + bytes(16))
wr("nottls-record-version-4.bin", record(h, ver=b"\x04\x01"))
wr("nottls-proxy-protocol.bin", b"PROXY TCP4 127.0.0.1 127.0.0.1 1 2\r\n" + real)
wr("nottls-nul.bin", b"\x00")
# Breaks the format.
wr("malformed-not-clienthello.bin", record(b"\x02" + h[1:]))
wr("malformed-alert-between-records.bin", record(h[:40]) + record(b"\x02\x28", ctype=21) + record(h[40:]))
wr("malformed-record-length-0.bin", record(b""))
wr("malformed-record-too-long.bin", b"\x16\x03\x01\x48\x01" + h)
wr("malformed-version-2.bin", hs([sni(b"bench.test")], version=b"\x02\x00"))
wr("malformed-session-id-33.bin", hs([sni(b"bench.test")], sid=bytes(33)))
wr("malformed-ciphers-odd.bin", hs([sni(b"bench.test")], ciphers=b"\x13\x01\xc0"))
wr("malformed-ciphers-empty.bin", hs([sni(b"bench.test")], ciphers=b""))
wr("malformed-no-compression.bin", hs([sni(b"bench.test")], comp=b""))
wr("malformed-trailing-after-extensions.bin", hs([sni(b"bench.test")], trailing=b"\x00"))
wr("malformed-extension-overrun.bin", hs([(0, b"\x00\x10\x00")]))
wr("malformed-duplicate-sni.bin", hs([sni(b"a.test"), sni(b"b.test")]))
wr("malformed-sni-bad-char.bin", hs([sni(b"bench test")]))
wr("malformed-sni-nul.bin", hs([sni(b"bench.test\x00evil.test")]))
wr("malformed-sni-empty-name.bin", hs([sni(b"")]))
wr("malformed-sni-254.bin", hs([sni(b"a" * 254)]))
wr("malformed-sni-entry-overrun.bin", hs([(0, u16(5) + b"\x00" + u16(40) + b"ab")]))
# The handshake length claims 10 bytes more than the body has; a second record brings them.
wr("malformed-hello-length-past-body.bin", record(h[:1] + u24(len(h) - 4 + 10) + h[4:]) + record(bytes(10)))
# Too large.
wr("toolarge-header-announces-1mib.bin", b"\x16\x03\x01\x00\x04\x01\x10\x00\x00")
wr("toolarge-header-announces-16k+1.bin", b"\x16\x03\x01\x40\x00\x01" + u24(16385) + bytes(100))
# 16 KiB announced (allowed) but sent in 1-byte records: the peek window fills first.
wr("toolarge-peek-window-full.bin", b"".join(record(bytes([b])) for b in (b"\x01" + u24(16384) + bytes(3300))))
