#!/usr/bin/env python3
"""bench/jfr-cpu.py DIR [TOP] : where each node's CPU-seconds went in a `JFR=DIR bench/one-delivery.sh` run.

Per node (origin, client): the CPU ticks of every thread from /proc before and after the timed delivery
(NAME.threads, snapshots every 0.2 s) give the exact split between JIT compilers, GC, JFR itself, other JVM threads and
Ferry's own threads (threads that ended during the delivery show as "threads that ended"). Ferry's
threads' CPU is then split by category in proportion to JFR's samples of them taken while the delivery ran (DIR/span): jdk.ExecutionSample
(Java code, every 10 ms with settings=profile) and, of jdk.NativeMethodSample (every 20 ms, so weighted
twice), only the native methods that burn CPU (zstd, file reads and writes); a thread parked or
blocked in a socket is not using CPU. The split of Ferry's threads is an estimate (sampling); the JVM's
is measured, and so is the split by thread (each pool does one kind of work: the chunk server's
workers read, verify and compress; Netty's event loops encrypt and send). With TOP, lists the TOP leaf methods and Ferry frames of each category too.
"""
import collections
import json
import os
import re
import subprocess
import sys

# (category, pattern on "class.method"), tried from the leaf frame up; the first frame that matches decides.
RULES = [
    ("zstd decompress", r"com\.github\.luben\.zstd\..*(Input|[dD]ecompress)"),
    ("zstd compress", r"com\.github\.luben\.zstd\."),
    ("SHA-256", r"(sun\.security\.provider\.(SHA|DigestBase)|io\.ferry\.chunk\.Sha256|java\.security\.MessageDigest)"),
    ("TLS (crypto, records)", r"(sun\.security\.ssl\.|com\.sun\.crypto\.provider\.|javax\.crypto\.|sun\.security\.(ec|util|x509|rsa)\.)"),
    ("file I/O", r"(sun\.nio\.ch\.(FileChannelImpl|FileDispatcherImpl|UnixFileDispatcherImpl)|java\.io\.RandomAccessFile|java\.io\.File(Input|Output)Stream)"),
    ("socket I/O, HTTP", r"(sun\.nio\.ch\.(Socket|NioSocket|SelectorImpl|EPoll|Net)|io\.netty\.|java\.net\.|sun\.net\.|jdk\.internal\.net\.http\.)"),
    ("table exchange, JSON, catalog", r"(com\.fasterxml\.jackson|io\.ferry\.exchange\.|io\.ferry\.catalog\.|org\.sqlite\.|io\.ferry\.trust\.)"),
    ("logging", r"(org\.slf4j\.|java\.util\.Formatter|java\.lang\.String\.format)"),
]
CPU_NATIVE = r"(com\.github\.luben\.zstd\.|FileDispatcherImpl\.(pread|pwrite|read|write)0|UnixFileDispatcherImpl)"


def frames(event):
    st = event["values"].get("stackTrace") or {}
    out = []
    for f in st.get("frames") or []:
        m = f.get("method") or {}
        out.append(((m.get("type") or {}).get("name", "?")).replace("/", ".") + "." + m.get("name", "?"))
    return out


def category(stack):
    for f in stack:
        for name, pat in RULES:
            if re.search(pat, f):
                return name
    for f in stack:
        if f.startswith("io.ferry."):
            return "other Ferry code (" + f.split(".")[2] + ")"
    return "other (JDK)"


def epoch(stamp):
    """Seconds since the epoch of a JFR time stamp such as 2026-11-26T21:53:18.713401986Z."""
    import datetime
    day, _, frac = stamp.rstrip("Z").partition(".")
    t = datetime.datetime.strptime(day, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc).timestamp()
    return t + float("0." + (frac or "0"))


def samples(jfr, span):
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events",
                          "jdk.ExecutionSample,jdk.NativeMethodSample", jfr],
                         check=True, capture_output=True, text=True).stdout
    for e in json.loads(raw)["recording"]["events"]:
        stack = frames(e)
        if not stack or not span[0] <= epoch(e["values"]["startTime"]) <= span[1]:
            continue
        if e["type"] == "jdk.NativeMethodSample":
            if not re.search(CPU_NATIVE, stack[0]):
                continue  # waiting in a socket, a poll or a lock: no CPU
            yield stack, 2
        else:
            yield stack, 1


def ticks(path):
    """Per thread (comm, CPU ticks used while the delivery ran), and the whole process's ticks."""
    first, last, proc = {}, {}, []
    snap = 0
    with open(path) as f:
        for line in f:
            if line.startswith("--"):
                snap += 1
                continue
            head, _, rest = line.rpartition(")")
            fields = rest.split()
            used = int(fields[11]) + int(fields[12])
            if line.startswith("P "):
                proc.append(used)
                continue
            tid, _, comm = head.partition(" (")
            if tid not in first:
                first[tid] = used if snap == 0 else 0  # born during the delivery: all of its ticks count
            last[tid] = (comm, used)
    threads = {tid: (comm, used - first[tid]) for tid, (comm, used) in last.items()}
    return threads, proc[-1] - proc[0]


def jvm_kind(comm):
    for kind, pat in [("JIT compiler threads", r"^C[12] Comp"), ("GC threads", r"^(GC Thread|G1 |VM Periodic)"),
                      ("JFR's own threads", r"^JFR"), ("other JVM threads", r"^(VM Thread|Signal|Reference|Finalizer|Common-Cleaner|Service Thread|Sweeper|Notification|Monitor Deflation|Attach)")]:
        if re.search(pat, comm):
            return kind
    return None


def node(d, name, hz, top):
    threads, total_ticks = ticks(f"{d}/{name}.threads")
    split = collections.Counter()
    app = 0
    for comm, used in threads.values():
        kind = jvm_kind(comm)
        if kind:
            split[kind] += used
        else:
            app += used
    unseen = total_ticks - app - sum(split.values())  # threads that lived less than one snapshot apart
    cats = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    ferry = collections.defaultdict(collections.Counter)
    span = [float(x) for x in open(f"{d}/span").read().split()]
    for stack, w in samples(f"{d}/{name}.jfr", span):
        c = category(stack)
        cats[c] += w
        leaves[c][stack[0]] += w
        f = next((x for x in stack if x.startswith("io.ferry.")), None)
        if f:
            ferry[c][f] += w
    total = sum(cats.values()) or 1
    rows = [(c, app * n / total / hz) for c, n in cats.items()]
    rows += [(k, v / hz) for k, v in split.items()]
    all_s = sum(v for _, v in rows)
    print(f"\n{name}: {total_ticks / hz:.2f} CPU-s in all; {app / hz:.2f} in Ferry's threads, split by "
          f"{sum(cats.values())} weighted samples; {unseen / hz:.2f} in threads too short-lived to be seen")
    print("| category | CPU-s | share |")
    print("|---|---|---|")
    for c, v in sorted(rows, key=lambda r: -r[1]):
        print(f"| {c} | {v:.2f} | {100 * v / all_s if all_s else 0:.0f}% |")
    groups = collections.Counter()
    for comm, used in threads.values():
        groups[re.sub(r"[-#]?\d+$", "", comm)] += used
    print("threads (CPU-s, measured): " + ", ".join(f"{g} {v / hz:.2f}" for g, v in groups.most_common(8) if v))
    if top:
        for c, _ in cats.most_common():
            print(f"  {c}: leaves " + ", ".join(f"{m} {n}" for m, n in leaves[c].most_common(top)))
            print(f"  {' ' * len(c)}  ferry " + ", ".join(f"{m} {n}" for m, n in ferry[c].most_common(top)))


def main():
    d = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    hz = int(open(f"{d}/hz").read()) if os.path.exists(f"{d}/hz") else 100
    for name in ("origin", "client"):
        if os.path.exists(f"{d}/{name}.jfr"):
            node(d, name, hz, top)


if __name__ == "__main__":
    main()
