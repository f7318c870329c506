#!/usr/bin/env python3
"""Convert llhttp's request test corpus (test/request/*.md) into requests.json for
tests/proxy/tst_proxycorpus.cpp.

Usage: convert.py LLHTTP_CHECKOUT > requests.json

Each llhttp case is a ```http block (the raw request, with llhttp's escapes) and a ```log
block (the parser's callbacks). The log says whether strict llhttp accepted the bytes
("message complete" per message) or rejected them ("error code=N"), so it is the expectation:

  forward  every message is valid: each must be answered 200 by the backend, which must have
           received exactly `messages` requests with `bodyBytes[i]` body bytes each.
  reject   llhttp fails with an error after `allowed` complete messages: the proxy must answer
           an error or close after at most `allowed` responses, and the backend must see at most
           `allowed` requests (never a smuggled or desynchronised one).

Mapping choices (docs/proxy.md, "Conformance corpora"):
  * Cases llhttp only runs with a lenient flag (type request-lenient-*) are mapped to reject:
    strict parsing refuses them and the engine has no lenient mode.
  * Pausing (an API feature), skipBody and request-finish (what llhttp reports at EOF) cases are
    not wire behaviour and are left out.
  * The engine requires Host in every request (RFC 9112 section 3.2 makes a missing Host a 400);
    llhttp does not check it. A message without Host gets `Host: corpus.test` after its request
    line, so the case tests what it was written for instead of failing for a missing Host.
  * "Pause on CONNECT/Upgrade" (code 22/23) is a hand-off, not an error: the messages before it
    are forwarded and the bytes after it (tunnel data) are not checked.
  * A rejected case whose input does not end with CRLF CRLF gets one: llhttp stops its input
    where it reports the error, mid-head, while the engine waits for the whole head.
  * POLICY lists valid cases the engine knowingly rejects, with the reason; TOKEN_METHODS the
    invalid ones it knowingly forwards (any token is a method in RFC 9110).
"""
import base64
import json
import pathlib
import re
import sys

FILES = ["sample", "lenient-headers", "lenient-header-value-relaxed", "lenient-version", "method",
         "uri", "connection", "content-length", "transfer-encoding", "invalid", "pipelining"]

# Valid for llhttp, rejected by the engine on purpose. Keyed by "file.md:line" of the case's meta
# comment (stable for a pinned llhttp commit).
POLICY = {
    "sample.md:69": "Host 0.0.0.0=5000 is not a host name or address the routing table can match",
    "sample.md:107": "Host 0.0.0.0=5000 is not a host name or address the routing table can match",
    "sample.md:316": "HTTP/0.9 (no version) is not supported",
    "method.md:29": "CONNECT is answered 501 (no tunnelling proxy)",
    "method.md:64": "CONNECT is answered 501 (no tunnelling proxy)",
    "method.md:98": "CONNECT is answered 501 (no tunnelling proxy)",
    "uri.md:190": "CONNECT is answered 501 (no tunnelling proxy)",
    "method.md:137": "asterisk-form only for OPTIONS (RFC 9112 section 3.2.4)",
    "method.md:374": "ICE/1.0 is not HTTP",
    "method.md:404": "RTSP/1.0 is not HTTP",
    "method.md:432": "RTSP/1.0 is not HTTP",
    "uri.md:167": "a fragment is not part of a request target (RFC 9112 section 3.2)",
    "uri.md:224": "userinfo in the target is treated as an error (RFC 9110 section 4.2.4)",
    "transfer-encoding.md:753": "only Transfer-Encoding: chunked alone is accepted",
    "transfer-encoding.md:795": "only Transfer-Encoding: chunked alone is accepted",
}

# Invalid for llhttp, valid HTTP: llhttp knows a fixed list of methods and which protocol each
# belongs to, while RFC 9110 section 9.1 makes any token a method. Forwarded as one request.
TOKEN_METHODS = {
    "invalid.md:68": "ANNOUNCE",
    "invalid.md:358": "MKCOLA",
}

HANDOFF_CODES = {"22", "23"}  # Pause on CONNECT/Upgrade, Pause on PRI/Upgrade


def unescape(text):
    """The same transformation as llhttp's test/md-test.ts."""
    text = re.sub(r"\n\Z", "", text)  # JavaScript's /\n$/: only at the very end
    text = re.sub(r"\\(\r\n|\r|\n)", "", text)
    text = re.sub(r"\r\n|\r|\n", "\r\n", text)
    text = text.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t").replace("\\f", "\f")
    text = re.sub(r"\\x([0-9a-fA-F]+)", lambda m: chr(int(m.group(1), 16)), text)
    text = re.sub(r"\\([0-7]{1,3})", lambda m: chr(int(m.group(1), 8)), text)
    if "${" in text:
        raise ValueError("inline JavaScript is not supported")
    return text.encode("utf-8")  # as Node sends the string


def cases(md_path, name):
    lines = md_path.read_text(encoding="utf-8").split("\n")
    heading, meta, meta_line, i = "", None, 0, 0
    http = None
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("<!-- meta="):
            meta = json.loads(line[len("<!-- meta="):-len("-->")].strip())
            meta_line = i + 1
        elif line.startswith("```http") or line.startswith("```log"):
            kind = line[3:].strip()
            j = i + 1
            while not lines[j].startswith("```"):
                j += 1
            block = "\n".join(lines[i + 1:j]) + "\n"
            if kind == "http":
                http = block
            else:
                yield f"{name}.md:{meta_line}", heading, meta, http, block
                http, meta = None, None
            i = j
        i += 1


def analyse(log):
    """Messages (begin offset, has Host, body bytes) and the error, from llhttp's log."""
    messages, error = [], None  # "host" is filled in by has_host()
    for line in log.splitlines():
        m = re.match(r"off=(\d+) (.*)$", line)
        if not m:
            continue
        off, event = int(m.group(1)), m.group(2)
        if event == "message begin":
            messages.append({"begin": off, "method": "", "body": 0, "complete": False})
        elif event.startswith("len=") and "span[method]" in event:
            messages[-1]["method"] += re.search(r'span\[method\]="(.*)"', event).group(1)
        elif event.startswith("len=") and "span[body]" in event:
            messages[-1]["body"] += int(event[4:event.index(" ")])
        elif event == "message complete":
            messages[-1]["complete"] = True
        elif event.startswith("error code="):
            m = re.match(r'error code=(\d+) reason="(.*)"', event)
            error = (m.group(1), m.group(2))
            break
    return messages, error


def has_host(raw, messages):
    """Whether each message names Host, read from the bytes: llhttp's log stops at an error, so
    it does not show the headers after it."""
    for i, msg in enumerate(messages):
        end = messages[i + 1]["begin"] if i + 1 < len(messages) else len(raw)
        head = raw[msg["begin"]:end].split(b"\r\n\r\n")[0]
        msg["host"] = re.search(rb"[\r\n]host[ \t]*:", head, re.IGNORECASE) is not None


def add_host(raw, messages):
    """Insert Host after the request line of each message that has none (from the back, so the
    earlier offsets stay valid). A request line that does not end in CRLF is left alone."""
    for msg in reversed(messages):
        if msg["host"]:
            continue
        eol = raw.find(b"\r\n", msg["begin"])
        if eol < 0 or b"\n" in raw[msg["begin"]:eol] or b"\r" in raw[msg["begin"]:eol]:
            continue
        raw = raw[:eol + 2] + b"Host: corpus.test\r\n" + raw[eol + 2:]
    return raw


def convert(root):
    out, skipped = [], {}
    for name in FILES:
        for where, heading, meta, http, log in cases(root / "test" / "request" / f"{name}.md", name):
            kind = meta.get("type", "")
            if meta.get("pause") or meta.get("skipBody") or kind == "request-finish":
                skipped[where] = "API feature, not wire behaviour"
                continue
            raw = unescape(http)
            messages, error = analyse(log)
            has_host(raw, messages)
            raw = add_host(raw, messages)
            complete = [m for m in messages if m["complete"]]
            case = {"name": f"{where} {heading}", "bytes": base64.b64encode(raw).decode()}
            if where in TOKEN_METHODS:
                case.update(expect="forward", messages=1, bodyBytes=[0],
                            methods=[TOKEN_METHODS[where]])
            elif error and error[0] not in HANDOFF_CODES:
                case.update(expect="reject", allowed=len(complete), why=error[1])
            elif kind != "request":
                # Only the last message needs the flag, or with keep-alive leniency what follows
                # the first (a request after a close); the messages before it are valid.
                valid = 1 if kind == "request-lenient-keep-alive" else len(complete) - 1
                case.update(expect="reject", allowed=max(0, valid),
                            why=f"lenient-only ({kind})")
            elif where in POLICY:
                case.update(expect="reject", allowed=0, why="policy: " + POLICY[where])
            elif not complete or len(complete) < len(messages):
                skipped[where] = "incomplete request"
                continue
            else:
                case.update(expect="forward", messages=len(complete),
                            bodyBytes=[m["body"] for m in complete],
                            methods=[m["method"] for m in complete])
            if case["expect"] == "reject" and not raw.endswith(b"\r\n\r\n"):
                # llhttp reports some errors mid-head, so its input stops there; the engine
                # checks a head once it is whole and would wait for the rest.
                raw += b"\r\n\r\n"
                case["bytes"] = base64.b64encode(raw).decode()
            out.append(case)
    return out, skipped


def main():
    out, skipped = convert(pathlib.Path(sys.argv[1]))
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    for where, why in skipped.items():
        print(f"skipped {where}: {why}", file=sys.stderr)


if __name__ == "__main__":
    main()
