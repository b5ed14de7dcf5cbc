#!/usr/bin/env python3
"""Reaction latency of a running director (Vigil or keepalived): a real server's health verdict →
the kernel's IPVS table updated. Run inside the director's network namespace, while the director
checks REAL (HTTP_GET /health, delay_loop 1, retry 0) in VIRTUAL:

    reaction.py REAL_IP PORT TRANSITIONS OUT.tsv IMPL [READY_FILE]

This process is the real server (it answers 200 or 503) and the watcher (it reads /proc/net/ip_vs
every 2 ms, no fork). Once the director has checked it twice, it flips the server between healthy
and failing TRANSITIONS times; for each flip it waits (at most 60 s) until the kernel's table
changed, then takes as the verdict the last response it sent with the new status before that
moment (stamped just before its status line went out): the checker's verdict followed it by the
checker's own parsing. Appends IMPL, direction (down|up), latency in ms to OUT.tsv.
With READY_FILE, the first flip also waits (at most 300 s) until that file exists: the runner
creates it once the director has said it is ready, so that no flip lands in its start.
"""
import http.server
import os
import random
import socket
import sys
import threading
import time

real_ip, port, transitions, out, impl = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
    sys.argv[4], sys.argv[5]
ready_file = sys.argv[6] if len(sys.argv) > 6 else None
needle = "-> %s:%04X" % ("".join("%02X" % int(o) for o in real_ip.split(".")), port)
state = {"healthy": True}
sent = []  # (monotonic time just before the status line went out, status)
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = 200 if state["healthy"] else 503
        body = b"ok\n" if status == 200 else b"failing\n"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        # stamped before the status line goes out: a checker that judges on the status line (Vigil
        # does when no digest is asked) may otherwise change the table before this thread, waiting
        # for the GIL after the send, has recorded the response, and the watcher then took an
        # older response of the same status for the verdict (2 of 60 flips at about 2 s)
        with lock:
            sent.append((time.monotonic(), status))
        self.end_headers()  # the status line and headers go out here (the socket is unbuffered)
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # a checker that decided on the status line closed first: its verdict still counts

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET
    daemon_threads = True


def in_kernel():
    with open("/proc/net/ip_vs") as f:
        return needle in f.read()


def wait_kernel(present, limit_s=60.0):
    deadline = time.monotonic() + limit_s
    while in_kernel() != present:
        if time.monotonic() > deadline:
            return None
        time.sleep(0.002)
    return time.monotonic()


server = Server((real_ip, port), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
if wait_kernel(True, 300.0) is None:
    sys.exit("reaction: %s never put %s:%d in the kernel" % (impl, real_ip, port))
# a director may put its real servers in before its checkers run (both do): flip only once it checks
deadline = time.monotonic() + 300.0
while len(sent) < 2:
    if time.monotonic() > deadline:
        sys.exit("reaction: %s never checked %s:%d" % (impl, real_ip, port))
    time.sleep(0.05)
while ready_file is not None and not os.path.exists(ready_file):
    if time.monotonic() > deadline:
        sys.exit("reaction: %s never said it was ready" % impl)
    time.sleep(0.05)
rng = random.Random(9)
with open(out, "a") as f:
    for i in range(transitions):
        healthy = i % 2 == 1
        time.sleep(rng.uniform(0.5, 1.5))  # flip at a random point of the check cycle
        state["healthy"] = healthy
        t_kernel = wait_kernel(healthy)
        if t_kernel is None:
            sys.exit("reaction: %s did not update the kernel within 60 s" % impl)
        want = 200 if healthy else 503
        with lock:
            verdicts = [t for t, s in sent if s == want and t <= t_kernel]
        if not verdicts:
            sys.exit("reaction: the kernel changed before any %d was sent" % want)
        ms = (t_kernel - verdicts[-1]) * 1000
        f.write("%s\t%s\t%.1f\n" % (impl, "up" if healthy else "down", ms))
        f.flush()
        print("reaction: %s %s %.1f ms" % (impl, "up" if healthy else "down", ms), file=sys.stderr)
server.shutdown()
