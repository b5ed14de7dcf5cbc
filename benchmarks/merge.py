#!/usr/bin/env python3
"""Merges the parts the benchmarks wrote (PARTS/NAME.json) into one JSON file and a markdown
summary: one row per figure, Vigil beside its anchor from the same run and the ratio Vigil/anchor.

    merge.py PARTS OUT.json OUT.md MODE COMMAND
"""
import json
import os
import platform
import sys

parts_dir, out_json, out_md, mode, command = sys.argv[1:6]


def load(uptime):
    return uptime.split("load average:")[-1].strip() if uptime else None


def read(name):
    path = os.path.join(parts_dir, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f) if name.endswith(".json") else f.read().strip()


parts = {}
for name in ("failover", "soak", "restore", "footprint", "reaction", "checks"):
    part = read(name + ".json")
    if part is not None:
        parts[name] = part

meta = {
    "date": read("started.txt"),
    "mode": mode,
    "command": command,
    "host": platform.node(),
    "kernel": platform.release(),
    "cpus": os.cpu_count(),
    "commands": {n: read("command-%s.txt" % n) for n in parts},
    "uptime_before": {n: read("load-%s.txt" % n) for n in parts},
    "vm_uptime": read("vm-uptime.txt"),
    "failed": [n for n in (read("failed.txt") or "").split() if n],
}
with open(out_json, "w") as f:
    json.dump({**meta, "benchmarks": parts}, f, indent=2)
    f.write("\n")

rows = []


def row(figure, unit, vigil, anchor_name, anchor, where, note=""):
    ratio = "%.2f" % (vigil / anchor) if anchor else "-"
    rows.append(
        "| %s | %s | %s %s | %s | %s | %s |"
        % (figure, fmt(vigil, unit), anchor_name, fmt(anchor, unit), ratio, where, note)
    )


def rounds(n):
    return "%d round%s" % (n, "" if n == 1 else "s")


def fmt(v, unit):
    if unit == "ms" and v >= 10000:
        return "%.1f s" % (v / 1000)
    if unit == "ms":
        return "%.0f ms" % v if v >= 100 else "%.1f ms" % v
    if unit == "KiB":
        return "%.1f MiB" % (v / 1024)
    return "%s %s" % (v, unit)


fo = parts.get("failover")
if fo:
    for case, c in sorted(fo["cases"].items()):
        version, advert = case.split("_")
        label = "failover VRRP%s advert %s" % (version, advert.replace("s", " s"))
        where = "host netns, %s" % rounds(fo["rounds"])
        if fo.get("failed_runs"):
            where += " (%d runs failed, not counted)" % fo["failed_runs"]
        row(label + ": death → first GARP", "ms", c["vigil_garp_ms"], "keepalived",
            c["keepalived_garp_ms"], where)
        row(label + ": death → VIP answers", "ms", c["vigil_answer_ms"], "keepalived",
            c["keepalived_answer_ms"], where)
        row(label + ": last advert → GARP", "ms", c["vigil_after_ms"], "keepalived",
            c["keepalived_after_ms"], where,
            "RFC floor %.0f ms: Vigil %+.0f, keepalived %+.0f" % (
                c["floor_ms"], c["vigil_excess_over_floor_ms"],
                c["keepalived_excess_over_floor_ms"]))
sk = parts.get("soak")
if sk and "vigil" in sk["results"] and "keepalived" in sk["results"]:
    v, k = sk["results"]["vigil"], sk["results"]["keepalived"]
    label = "soak VRRPv%d advert %d ms, %d busy loops, %.0f min" % (
        sk["version"], sk["advert_ms"], sk["burners"], v["seconds"] / 60)
    where = "host netns, %s" % (
        "%d alternating rounds each" % v["rounds"] if v.get("rounds", 1) > 1 else "1 run each")
    if sk.get("failed_runs"):
        where += " (%d runs failed)" % sk["failed_runs"]
    steal = ""
    if "steal_ms" in v and "steal_ms" in k:
        steal = "; CPU stolen by the hypervisor: Vigil's %d ms, keepalived's %d ms" % (
            v["steal_ms"], k["steal_ms"])
    row(label + ": transitions", "transitions", v["transitions"], "keepalived",
        k["transitions"], where, "goal 0" + steal)
    row(label + ": longest gap between the master's adverts", "ms", v["gap_max_ms"],
        "keepalived", k["gap_max_ms"], where,
        "backup's down interval %d ms; gaps over it: Vigil %d, keepalived %d" % (
            sk["down_interval_ms"], v["late_gaps"], k["late_gaps"]))
rs = parts.get("restore")
if rs:
    n = rs["rules"] // 11
    where = "lab VM (TCG), %s" % rounds(rs["rounds"])
    row("IPVS %d services × 10 from empty: `vigil ipvs restore` (JVM start included)" % n, "ms",
        rs["median_vigil_restore_ms"], "`ipvsadm -R`", rs["median_ipvsadm_restore_ms"], where,
        "in-JVM apply %.0f ms; a no-op `--sync` sent %d writes" % (
            rs["median_vigil_in_jvm_apply_ms"], rs["noop_sync_write_requests"]))
fp = parts.get("footprint")
if fp:
    label = "footprint, %d VIPs and %d real servers" % (fp["vips"], fp["real_servers"])
    where = "lab VM (TCG), %s" % rounds(fp["rounds"])
    row(label + ": start → ready", "ms", fp["vigil_ready_ms"], "keepalived",
        fp["keepalived_ready_ms"], where, "ready: every VIP up and the whole IPVS table in")
    row(label + ": RSS", "KiB", fp["vigil_rss_kib"], "keepalived", fp["keepalived_rss_kib"],
        where, "whole process group (keepalived: 3 processes)")
    row(label + ": CPU to ready", "ms", fp["vigil_cpu_ms"], "keepalived",
        fp["keepalived_cpu_ms"], where)
rx = parts.get("reaction")
if rx:
    where = "lab VM (TCG), %s × %d flips" % (rounds(rx["rounds"]), rx["transitions_per_round"])
    for p in ("p50", "p99"):
        row("reaction, health verdict → IPVS updated, " + p, "ms", rx["vigil_%s_ms" % p],
            "keepalived", rx["keepalived_%s_ms" % p], where,
            "HTTP_GET; verdict = the real server's last response before the change")

ck = parts.get("checks")
if ck:
    label = "HTTP checks of {:,} real servers (HTTP_GET, delay_loop {:g} s)".format(
        ck["real_servers"], ck["delay_loop_s"])
    where = "lab VM (TCG), %.0f s window" % ck["window_s"]
    note = "checks in the window: Vigil %d, keepalived %d (due: %d each)" % (
        ck["vigil_checks"], ck["keepalived_checks"], ck["expected_checks_each"])
    by = ck.get("vigil_cpu_s_by_thread")
    if by:
        note += "; Vigil's CPU s by thread: event loops %.2f, JIT compilers %.2f, IPVS %.2f, other %.2f" % (
            by["event_loops"], by["jit"], by["ipvs"], by["other"])
    row(label + ": CPU per 10,000 checks", "ms", ck["vigil_cpu_s_per_10k_checks"] * 1000,
        "`keepalived -C`", ck["keepalived_cpu_s_per_10k_checks"] * 1000, where, note)
    row(label + ": RSS", "KiB", ck["vigil_rss_kib"], "`keepalived -C`", ck["keepalived_rss_kib"],
        where, "the checker process (keepalived: its checker child)")

lines = [
    "Benchmarks of %s (%s mode), reproduced by `%s`" % (meta["date"], mode, command),
    "",
    "| figure | Vigil | anchor | ratio Vigil/anchor | where | note |",
    "| --- | --- | --- | --- | --- | --- |",
    *rows,
    "",
    "Medians (reaction: percentiles); lower is better. Host load averages (`uptime`, %d CPUs) "
    "when each started: %s." % (meta["cpus"], "; ".join(
        "%s %s" % (n, load(u)) for n, u in meta["uptime_before"].items())),
]
if any(n in parts for n in ("restore", "footprint", "reaction", "checks")):
    if meta["vm_uptime"]:
        lines.append("In the lab VM before its benchmarks: %s." % load(meta["vm_uptime"]))
    lines.append(
        "The lab VM runs under qemu TCG (no KVM): its absolute times are ~10x a real host's; only "
        "the ratios, measured in the same run with Vigil and its anchor alternating, compare."
    )
if meta["failed"]:
    lines.append("Failed in this run: %s." % ", ".join(meta["failed"]))
with open(out_md, "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
