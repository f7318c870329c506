#!/usr/bin/env python3
"""Fixed-count TLS load and callgrind totals, for bench/tls/count.sh.

  tlsload.py handshake PORT N [1.2]   N full handshakes one after the other (no session reuse),
                                      SNI bench.test, ALPN http/1.1; TLS 1.3 unless "1.2"
  tlsload.py keepalive PORT C K       C connections (threads), K sequential GET /small each;
                                      with $GO set, waits after connecting until the file $GO
                                      exists (and creates $GO.ready first), so the caller can
                                      zero its counters between the handshakes and the requests
  tlsload.py split COUNT FILES...     callgrind dump files -> instructions per unit by library
                                      (self cost) and the top functions

A fixed number of handshakes or requests (not a duration, as wrk and s_time) makes the counts
independent of how fast the machine is at the moment.
"""
import collections
import os
import re
import socket
import ssl
import sys
import threading
import time


def context(max12=False):
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    c.check_hostname = False
    c.verify_mode = ssl.CERT_NONE
    c.set_alpn_protocols(["http/1.1"])
    if max12:
        c.maximum_version = ssl.TLSVersion.TLSv1_2
    return c


def handshakes(port, n, max12):
    c = context(max12)
    for _ in range(n):
        t = c.wrap_socket(socket.create_connection(("127.0.0.1", port)),
                          server_hostname="bench.test")
        # Take the TLS 1.3 ticket if it is there already, as a client that stays would.
        t.setblocking(False)
        try:
            t.recv(1)
        except (ssl.SSLWantReadError, BlockingIOError):
            pass
        t.close()
    print("handshakes", n)


def keepalive(port, conns, k):
    request = b"GET /small HTTP/1.1\r\nHost: bench.test\r\n\r\n"
    barrier = threading.Barrier(conns + 1)
    done = []

    def run():
        t = context().wrap_socket(socket.create_connection(("127.0.0.1", port)),
                                  server_hostname="bench.test")
        barrier.wait()
        barrier.wait()  # the counters are zeroed in between
        for _ in range(k):
            t.sendall(request)
            buf = b""
            while True:
                chunk = t.recv(65536)
                if not chunk:
                    raise SystemExit("connection closed by the server")
                buf += chunk
                end = buf.find(b"\r\n\r\n")
                if end >= 0:
                    m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", buf[:end + 2])
                    if m and len(buf) >= end + 4 + int(m.group(1)):
                        break
        done.append(k)
        t.close()

    threads = [threading.Thread(target=run) for _ in range(conns)]
    for x in threads:
        x.start()
    barrier.wait()
    go = os.environ.get("GO")
    if go:
        open(go + ".ready", "w").close()
        while not os.path.exists(go):
            time.sleep(0.05)
    barrier.wait()
    for x in threads:
        x.join()
    print("requests", sum(done))


def split(count, files):
    by_object = collections.Counter()
    by_function = collections.Counter()
    for f in files:
        names = {"ob": {}, "fn": {}}
        obj = fn = "?"
        skip = False
        for line in open(f, errors="replace"):
            if not line.strip():
                continue
            if line[0].isdigit() or line[0] in "+-*":
                if skip:  # the inclusive cost of a call, not this function's own
                    skip = False
                    continue
                parts = line.split()
                if len(parts) >= 2:
                    by_object[obj] += int(parts[1])
                    by_function[(obj, fn)] += int(parts[1])
                continue
            if line.startswith("calls="):
                skip = True
                continue
            m = re.match(r"(c?)(ob|fn)=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
            if m:
                callee, kind, index, name = m.groups()
                if name is not None:
                    names[kind][index] = name
                if not callee and kind == "ob":
                    obj = os.path.basename(names["ob"].get(index, "?"))
                elif not callee:
                    fn = names["fn"].get(index, "?")
    total = sum(by_object.values())
    print(f"  {total / count:12,.0f}  instructions per unit (user space)")
    for name, v in by_object.most_common(8):
        print(f"  {v / count:12,.0f}  {100 * v / max(total, 1):5.1f} %  {name}")
    print("  top functions (self):")
    for (name, fn), v in by_function.most_common(int(os.environ.get("TOP", "12"))):
        print(f"  {v / count:12,.0f}  {name[:16]:16} {fn[:80]}")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "handshake":
        handshakes(int(sys.argv[2]), int(sys.argv[3]), len(sys.argv) > 4 and sys.argv[4] == "1.2")
    elif mode == "keepalive":
        keepalive(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "split":
        split(float(sys.argv[2]), sys.argv[3:])
    else:
        sys.exit(__doc__)
