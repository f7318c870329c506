#!/usr/bin/env python3
"""Build requests.json for tests/proxy/tst_proxycorpus.cpp from defparam/smuggler's mutation list
(configs/default.py): Transfer-Encoding headers obfuscated with control bytes, spaces, tabs and
high bytes, each sent next to a Content-Length as smuggler sends them.

Usage: convert.py SMUGGLER_CHECKOUT > requests.json

Every mutation becomes two cases, smuggler's own desync probes:
  clte  Content-Length: 4 and the chunked body "1\\r\\nZ\\r\\n0\\r\\n\\r\\n" (11 bytes)
  tecl  Content-Length: 6 and the body "0\\r\\n\\r\\nX"
each followed on the same connection by a canary request, GET /canary. Expectation ("nodesync"):
the engine rejects the request, or forwards it framed by Content-Length (the backend receives
exactly `contentLength` body bytes) and then either rejects the leftover bytes or forwards the
canary as the second and last request: the backend never sees a request made of body bytes.

Only configs/default.py is read. It is executed with a stand-in for smuggler's Payload class, so
none of smuggler's code is vendored. Substitutions as smuggler makes them: __METHOD__ POST,
__ENDPOINT__ /smuggle, __RANDOM__ 1, __HOST__ corpus.test. Strings are encoded as Latin-1 so each
"%c" byte (0xA0, 0xFF) is sent as one byte.
"""
import base64
import json
import pathlib
import sys

PROBES = {"clte": (4, "1\r\nZ\r\n0\r\n\r\n"), "tecl": (6, "0\r\n\r\nX")}
CANARY = "GET /canary HTTP/1.1\r\nHost: a.test\r\n\r\n"


class Payload:
    header = ""


def mutations(root):
    scope = {"Payload": Payload, "mutations": {}}
    exec(compile((root / "configs" / "default.py").read_text(), "default.py", "exec"), scope)
    return scope["mutations"]


def main():
    out = []
    for name, payload in mutations(pathlib.Path(sys.argv[1])).items():
        for probe, (length, body) in PROBES.items():
            head = (payload.header.replace("__METHOD__", "POST")
                    .replace("__ENDPOINT__", "/smuggle").replace("__RANDOM__", "1")
                    .replace("__HOST__", "corpus.test").replace("__REPLACE_CL__", str(length)))
            raw = (head + "\r\n" + body + CANARY).encode("latin-1")
            out.append({"name": f"smuggler/default.py {name} {probe}",
                        "bytes": base64.b64encode(raw).decode(), "expect": "nodesync",
                        "contentLength": length})
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
