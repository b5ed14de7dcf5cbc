#!/usr/bin/env python3
"""The lab client's request loop: one HTTP GET at a time to ADDRESS:PORT, each on a new connection.

usage: loadclient.py ADDRESS PORT INTERVAL_MS TIMEOUT_MS MAX_COUNT MAX_SECONDS [--hold]
With --hold every request goes over ONE connection (HTTP/1.1, kept alive): the first error ends
the loop, since that connection is what is watched, and "started" is followed by the connection's
client port. Prints "started" once, then one line per request:
  START_NS END_NS CODE BODY      (an HTTP answer; BODY is its first word, the real server's name)
  START_NS END_NS ERR REASON [port N]  (no answer: timeout, refused, reset, ...; N is the
                                        client port when the connection had one)
START_NS and END_NS are CLOCK_MONOTONIC nanoseconds (the JVM's System.nanoTime on Linux).
Stops after MAX_COUNT requests or MAX_SECONDS, whichever comes first, or on SIGTERM.
"""
import socket
import sys
import time


class Failed(Exception):
    """A request that got no answer: its reason and the connection's client port (0 if none)."""

    def __init__(self, reason, port):
        super().__init__(reason)
        self.reason, self.port = reason, port


def one(address, port, timeout_s):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout_s)
    try:
        s.connect((address, port))
        s.sendall(b"GET / HTTP/1.0\r\nHost: vip\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError as e:
        reason = "timeout" if isinstance(e, socket.timeout) else type(e).__name__
        raise Failed(reason, local_port(s)) from e
    finally:
        s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return answer(head, body)


def local_port(s):
    try:
        return s.getsockname()[1]
    except OSError:
        return 0


def answer(head, body):
    """(code, first word of the body) of an HTTP answer's head and body."""
    status = head.split(b"\r\n", 1)[0].split()
    if len(status) < 2:
        raise OSError("no HTTP status line")
    words = body.split()
    return status[1].decode(), words[0].decode() if words else "-"


def read_answer(s):
    """One HTTP/1.1 answer with a Content-Length from s: (code, first word of the body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            raise OSError("connection closed")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = 0
    for h in lines[1:]:
        name, _, value = h.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = s.recv(4096)
        if not chunk:
            raise OSError("connection closed")
        body += chunk
    return answer(head, body)


def held(address, port, interval_s, timeout_s, max_count, deadline):
    s = socket.create_connection((address, port), timeout=timeout_s)
    print("started %d" % s.getsockname()[1], flush=True)  # the connection's client port
    with s:
        for _ in range(max_count):
            if time.monotonic() > deadline:
                break
            t0 = time.monotonic_ns()
            try:
                s.sendall(b"GET / HTTP/1.1\r\nHost: vip\r\n\r\n")
                code, name = read_answer(s)
                print("%d %d %s %s" % (t0, time.monotonic_ns(), code, name), flush=True)
            except socket.timeout:
                print("%d %d ERR timeout" % (t0, time.monotonic_ns()), flush=True)
                return
            except OSError as e:
                print("%d %d ERR %s" % (t0, time.monotonic_ns(), type(e).__name__), flush=True)
                return
            time.sleep(interval_s)


def main():
    address, port = sys.argv[1], int(sys.argv[2])
    interval_s, timeout_s = int(sys.argv[3]) / 1000.0, int(sys.argv[4]) / 1000.0
    max_count, max_s = int(sys.argv[5]), float(sys.argv[6])
    deadline = time.monotonic() + max_s
    if sys.argv[7:] == ["--hold"]:
        held(address, port, interval_s, timeout_s, max_count, deadline)
        return
    print("started", flush=True)
    for _ in range(max_count):
        if time.monotonic() > deadline:
            break
        t0 = time.monotonic_ns()
        try:
            code, name = one(address, port, timeout_s)
            line = "%d %d %s %s" % (t0, time.monotonic_ns(), code, name)
        except Failed as e:
            line = "%d %d ERR %s" % (t0, time.monotonic_ns(), e.reason)
            if e.port:
                line += " port %d" % e.port
        except OSError as e:
            line = "%d %d ERR %s" % (t0, time.monotonic_ns(), type(e).__name__)
        print(line, flush=True)
        time.sleep(interval_s)


if __name__ == "__main__":
    main()
