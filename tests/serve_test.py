#!/usr/bin/env python3
"""cqc-search --serve over a real socket, on a free loopback port.

Indexes the corpus's Harrow report with a hostile paragraph added, starts
the server with --port 0, reads the URL from its first line, and checks:
the pages and the API answer; the security headers; the Host check; only
GET and HEAD; the hostile text shown escaped; a bad query is a 400 with
the CLI's message and the server goes on; /api/search is what --json
prints; oversized headers are refused; a report indexed while it runs is
found; SIGTERM (and SIGINT) stop it at once with exit 0.

usage: serve_test.py CQC_INDEX CQC_SEARCH SOURCE_DIR
"""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

HOSTILE = ('Zebrafinch reviews said <script>alert("x")</script> and '
           '"><img src=x onerror=alert(1)> in the minutes.')

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def start(search, db, *extra):
    proc = subprocess.Popen([search, "--serve", "--port", "0", "--db", db, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    return proc, line


def request(port, method, target, host=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest(method, target, skip_host=True)
    conn.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read().decode("utf-8", "replace")
    conn.close()
    return r.status, dict(r.getheaders()), body


def stop(proc, sig):
    started = time.monotonic()
    proc.send_signal(sig)
    try:
        code = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = None
    return code, time.monotonic() - started


def main():
    indexer, search, source = sys.argv[1:4]
    tmp = tempfile.mkdtemp(prefix="cqc-serve-test-")
    try:
        src = os.path.join(source, "corpus", "london-borough-of-harrow")
        inp = os.path.join(tmp, "in")
        os.makedirs(inp)
        for name in os.listdir(src):
            text = open(os.path.join(src, name), encoding="utf-8").read()
            if name.startswith("003_"):
                text += "\n\n" + HOSTILE + "\n"
            open(os.path.join(inp, name), "w", encoding="utf-8").write(text)
        db = os.path.join(tmp, "db")
        subprocess.run([indexer, "--db", db, inp], check=True, capture_output=True)

        proc, url = start(search, db)
        check(url.startswith("http://127.0.0.1:") and url.endswith("/"), f"first line is the URL ({url})")
        port = int(urllib.parse.urlparse(url).port)

        status, headers, body = request(port, "GET", "/")
        check(status == 200 and "<form" in body, "/ answers with the form")
        csp = headers.get("Content-Security-Policy", "")
        check("default-src 'self'" in csp and "frame-ancestors 'none'" in csp
              and "unsafe-inline" not in csp, f"CSP ({csp})")
        check(headers.get("X-Content-Type-Options") == "nosniff", "nosniff")
        check(headers.get("X-Frame-Options") == "DENY", "X-Frame-Options DENY")

        status, _, body = request(port, "GET", "/", host="rebind.example:%d" % port)
        check(status == 421, f"a foreign Host is refused ({status})")
        status, _, _ = request(port, "GET", "/", host="localhost:%d" % port)
        check(status == 200, "localhost is our own Host")
        status, headers, _ = request(port, "POST", "/")
        check(status == 405 and headers.get("Allow") == "GET, HEAD", f"POST is refused ({status})")
        status, headers, body = request(port, "HEAD", "/?q=carers")
        check(status == 200 and body == "" and int(headers.get("Content-Length", "0")) > 0,
              "HEAD has the length and no body")

        status, headers, body = request(port, "GET", "/?q=zebrafinch")
        check(status == 200, "a search page")
        check("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
              and "<script>alert" not in body and "<img" not in body,
              "the hostile paragraph is shown escaped")

        status, _, body = request(port, "GET", "/?q=score:7")
        cli = subprocess.run([search, "--db", db, "score:7"], capture_output=True, text=True)
        message = cli.stderr.splitlines()[0].split(": ", 1)[1] if cli.stderr else "?"
        check(status == 400 and message.replace("'", "&#39;").replace('"', "&quot;") in body,
              f"a bad query is a 400 with the CLI's message ({message})")
        status, _, _ = request(port, "GET", "/?q=carers")
        check(status == 200, "the server goes on after a bad query")

        status, headers, body = request(port, "GET", "/api/search?q=zebrafinch")
        cli = subprocess.run([search, "--db", db, "--json", "zebrafinch"], capture_output=True,
                             text=True)
        check(status == 200 and body == cli.stdout, "/api/search is what --json prints")
        check(headers.get("Content-Type", "").startswith("application/json"), "JSON's type")
        status, headers, body = request(port, "GET", "/api/grid?format=csv")
        cli = subprocess.run([search, "--db", db, "--scores", "--csv"], capture_output=True,
                             text=True)
        check(status == 200 and body.replace("\r\n", "\n") == cli.stdout.replace("\r\n", "\n"),
              "/api/grid?format=csv is what --scores --csv prints")

        status, _, _ = request(port, "GET", "/", headers={"X-Big": "a" * 20000})
        check(status == 431, f"oversized headers are refused ({status})")
        many = {f"X-H{i}": "1" for i in range(100)}
        status, _, _ = request(port, "GET", "/", headers=many)
        check(status == 431, f"too many headers are refused ({status})")
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GARBAGE\r\n\r\n")
        reply = s.recv(100)
        s.close()
        check(reply.startswith(b"HTTP/1.1 400"), f"a request that is not HTTP is a 400 ({reply[:12]!r})")

        north = os.path.join(source, "tests", "fixtures", "sections", "northmoor-city-council")
        status, _, body = request(port, "GET", "/api/grid")
        before = json.loads(body)["total"] if status == 200 else -1
        subprocess.run([indexer, "--db", db, north], check=True, capture_output=True)
        status, _, body = request(port, "GET", "/api/grid")
        after = json.loads(body)["total"] if status == 200 else -1
        status, _, _ = request(port, "GET", "/api/search?q=authority:northmoor")
        check(before == 1 and after == 2 and status == 200,
              f"a report indexed while serving is found ({before} -> {after} reports)")

        code, took = stop(proc, signal.SIGTERM)
        check(code == 0 and took < 2, f"SIGTERM stops it at once with 0 ({code}, {took:.2f} s)")
        proc, url = start(search, db)
        code, took = stop(proc, signal.SIGINT)
        check(code == 0 and took < 2, f"SIGINT too ({code}, {took:.2f} s)")

        bad = subprocess.run([search, "--serve", "--bind", "not-an-address", "--db", db],
                             capture_output=True, text=True, timeout=30)
        check(bad.returncode == 2 and "--bind" in bad.stderr, "a --bind that is no address: exit 2")
        bad = subprocess.run([search, "--serve", "--db", db, "carers"], capture_output=True,
                             text=True, timeout=30)
        check(bad.returncode == 2, "--serve with a QUERY: exit 2")
        bad = subprocess.run([search, "--port", "80", "carers", "--db", db], capture_output=True,
                             text=True, timeout=30)
        check(bad.returncode == 2, "--port without --serve: exit 2")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
