#!/usr/bin/env python3
"""Benchmark helper (not a test): N listeners on 127.0.0.1 ports BASE..BASE+N-1 for checkers.

    listeners.py tcp|http N BASE COUNTS_FILE

tcp: accepts and closes. http: reads the request up to its blank line, answers
`HTTP/1.0 200 OK` with a 3-byte body and closes (what an HTTP_GET with status_code 200 wants).
Connections are counted by source address (each checker binds its own: bindto); SIGUSR1 writes
the counts, `ADDRESS COUNT` per line, to COUNTS_FILE. Prints `ready` once every port listens.
One thread, non-blocking: a slow client never holds the others.
"""
import os
import resource
import selectors
import signal
import socket
import sys

mode, n, base, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
RESPONSE = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"
sel = selectors.DefaultSelector()
for p in range(base, base + n):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", p))
    s.listen(512)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, None)
counts = {}


def dump(*_):
    with open(out + ".tmp", "w") as f:
        f.write("".join("%s %d\n" % kv for kv in counts.items()))
    os.rename(out + ".tmp", out)


signal.signal(signal.SIGUSR1, dump)
print("ready", flush=True)


def close(c):
    sel.unregister(c)
    c.close()


while True:
    for key, _ in sel.select():
        if key.data is None:  # a listener
            while True:
                try:
                    c, addr = key.fileobj.accept()
                except BlockingIOError:
                    break
                counts[addr[0]] = counts.get(addr[0], 0) + 1
                if mode == "tcp":
                    c.close()
                    continue
                c.setblocking(False)
                sel.register(c, selectors.EVENT_READ, bytearray())
            continue
        c, buf = key.fileobj, key.data
        try:
            chunk = c.recv(4096)
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            close(c)
            continue
        if not chunk:
            close(c)
            continue
        buf += chunk
        if b"\r\n\r\n" in buf or b"\n\n" in buf or len(buf) > 8192:
            try:
                c.send(RESPONSE)
            except OSError:
                pass
            close(c)
