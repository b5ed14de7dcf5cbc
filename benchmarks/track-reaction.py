#!/usr/bin/env python3
"""Reaction of a running VRRP director (Vigil or keepalived) to a tracked interface: the link goes
down → the instance's FAULT line on its notify FIFO. Run beside the director, which tracks LINK
(track_interface) in namespace NS and writes its vrrp_notify_fifo to FIFO:

    track-reaction.py NS LINK FIFO FLIPS OUT.tsv IMPL

Waits (at most 120 s) for the instance's first MASTER line, then FLIPS times, each at a random
point of the advert cycle (0.2-1.2 s after the last MASTER line): stamps the clock, sets LINK down
(`ip -n NS link set LINK down`, one fork as for both directors), waits (at most 10 s) for the next
FAULT line and stamps its arrival; sets LINK up and waits for MASTER again. Appends IMPL and the
latency in ms to OUT.tsv, one line per flip.
"""
import os
import queue
import random
import subprocess
import sys
import threading
import time

ns, link, fifo, flips, out, impl = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), \
    sys.argv[5], sys.argv[6]
lines = queue.Queue()


def read():
    # O_RDWR: the open does not wait for a writer, and the FIFO never reads EOF between writers
    with os.fdopen(os.open(fifo, os.O_RDWR), "rb", buffering=0) as f:
        buf = b""
        while True:
            chunk = f.read(4096)
            now = time.monotonic()
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                lines.put((now, line.decode(errors="replace")))


def wait_for(word, limit_s):
    deadline = time.monotonic() + limit_s
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            sys.exit("%s: no %s line within %d s" % (impl, word, limit_s))
        try:
            at, line = lines.get(timeout=left)
        except queue.Empty:
            continue
        if line.startswith("INSTANCE ") and (" %s " % word) in line + " ":
            return at


def ip_link(state):
    subprocess.run(["ip", "-n", ns, "link", "set", link, state], check=True)


threading.Thread(target=read, daemon=True).start()
wait_for("MASTER", 120)
rng = random.Random(7)
samples = []
for _ in range(flips):
    time.sleep(rng.uniform(0.2, 1.2))
    t0 = time.monotonic()
    ip_link("down")
    t1 = wait_for("FAULT", 10)
    samples.append((t1 - t0) * 1000)
    ip_link("up")
    wait_for("MASTER", 10)
with open(out, "a") as f:
    for ms in samples:
        f.write("%s\t%.2f\n" % (impl, ms))
