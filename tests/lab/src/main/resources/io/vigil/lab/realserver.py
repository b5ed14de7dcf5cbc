#!/usr/bin/env python3
"""A lab real server: answers every HTTP GET with its own name, logs each peer, and exits on SIGTERM.

usage: realserver.py NAME ADDRESS PORT [--status CODE]
Prints "listening NAME ADDRESS:PORT" once it accepts connections (tests wait for that line).
The file /tmp/realserver-NAME.status, if present, overrides the status code (to fail a health check).
"""
import http.server
import os
import socketserver
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    # HTTP/1.1: a client that asks for HTTP/1.1 keeps its connection (loadclient.py --hold, the
    # connection lvs_sync_daemon carries over a failover); HTTP/1.0 requests (the checkers' and the
    # request loop's) are still answered and closed
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        code = self.server.status
        try:
            with open("/tmp/realserver-%s.status" % self.server.name) as f:
                code = int(f.read().strip())
        except (OSError, ValueError):
            pass
        body = ("%s\n" % self.server.name).encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stdout.write("peer %s %s\n" % (self.client_address[0], fmt % args))
        sys.stdout.flush()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, name, status):
        family = __import__("socket").AF_INET6 if ":" in addr[0] else __import__("socket").AF_INET
        self.address_family = family
        super().__init__(addr, Handler)
        self.name = name
        self.status = status


def main():
    name, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    status = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--status" else 200
    srv = Server((address, port), name, status)
    print("listening %s %s:%d" % (name, address, port), flush=True)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
