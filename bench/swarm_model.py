#!/usr/bin/env python3
"""bench/swarm_model.py : a discrete-event estimate of the swarm on N real machines.

One 2-core box cannot show what eight machines would do: the nine JVMs of the swarm share its two
cores. This model takes what the suite measured on that box -- the wire bytes of one delivery, the
CPU-seconds a node spent per byte received and the origin spent per byte sent -- and plays the same
swarm on N+1 machines, each with CORES cores of its own and a link of RATE both ways.

Model. The image is PIECES equal pieces of its wire bytes (a request's worth of chunks). Each node
keeps up to K requests in flight to each holder (the origin included) and asks each for the
rarest piece it lacks among those that holder has -- the per-peer rarest-first claiming Ferry does,
ties broken in each node's own random order. Every step of DT seconds, each transfer moves
min(uploader's rate / its uploads, downloader's rate / its downloads) bytes, where a machine's rates
are its link, scaled down together when its CPU (receive cost x rx rate + send cost x tx rate) would
exceed CORES. A piece is served onward once it has fully arrived. Not modelled: TCP's ramp-up, the
table exchange's own traffic, requests' latency (all small at these sizes), disks.

Usage: swarm_model.py --bytes B --recv-cpu S_PER_BYTE --send-cpu S_PER_BYTE [--nodes 8] [--rate-mbit 100]
       [--cores 2] [--pieces 400] [--k 2]
or     swarm_model.py --results docs/suite-results.tsv [--rate-mbit R] ... to take the costs from a run
(the swarm-1 node's CPU per byte it received; the origin's CPU per byte it sent in swarm-N).
Prints, per node, its finish time; the last; the one-node-alone time; and the origin's upload in copies.
"""
import argparse
import csv
import random
import statistics


def costs_from(path, nodes):
    rows = list(csv.DictReader(open(path), delimiter="\t"))

    def med(scenario, tool, field):
        vals = [float(r[field]) for r in rows if r["scenario"] == scenario and r["tool"] == tool]
        if not vals:
            raise SystemExit(f"swarm_model: {path} has no {scenario}/{tool} rows")
        return statistics.median(vals)

    rx_one = med("swarm-1", "ferry-s1", "rx_bytes")
    cpu_one = med("swarm-1", "cpu-s1", "seconds")
    up = med(f"swarm-{nodes}", "origin-upload", "tx_bytes")
    cpu_origin = med(f"swarm-{nodes}", "origin-cpu", "seconds")
    return rx_one, cpu_one / rx_one, cpu_origin / up


def simulate(total, pieces, nodes, rate, cores, recv_cost, send_cost, k, dt):
    size = total / pieces
    have = [set(range(pieces))] + [set() for _ in range(nodes)]  # machine 0 is the origin
    count = [1] * pieces
    flights = []  # [from, to, piece, bytes left]
    done_at = [0.0] * (nodes + 1)
    sent = [0.0] * (nodes + 1)
    t = 0.0
    rng = random.Random(1)
    tie = [[rng.random() for _ in range(pieces)] for _ in range(nodes + 1)]  # each node's own random order
    while any(len(have[n]) < pieces for n in range(1, nodes + 1)):
        for n in range(1, nodes + 1):
            asked = {f[2] for f in flights if f[1] == n}
            for h in range(nodes + 1):
                if h == n:
                    continue
                slots = k - sum(1 for f in flights if f[0] == h and f[1] == n)
                while slots > 0:
                    want = [p for p in have[h] if p not in have[n] and p not in asked]
                    if not want:
                        break
                    p = min(want, key=lambda q: (count[q], tie[n][q]))
                    flights.append([h, n, p, size])
                    asked.add(p)
                    slots -= 1
        ups = [0] * (nodes + 1)
        downs = [0] * (nodes + 1)
        for f in flights:
            ups[f[0]] += 1
            downs[f[1]] += 1
        # a machine's CPU bounds its link rates: scale both down together when they would exceed it
        up_rate = [rate] * (nodes + 1)
        down_rate = [rate] * (nodes + 1)
        for m in range(nodes + 1):
            rx = rate if downs[m] else 0
            tx = rate if ups[m] else 0
            need = recv_cost * rx + send_cost * tx
            if need > cores:
                up_rate[m] = rate * cores / need
                down_rate[m] = rate * cores / need
        finished = []
        for f in flights:
            r = min(up_rate[f[0]] / ups[f[0]], down_rate[f[1]] / downs[f[1]])
            moved = min(f[3], r * dt)
            f[3] -= moved
            sent[f[0]] += moved
            if f[3] <= 1e-9:
                finished.append(f)
        t += dt
        for f in finished:
            flights.remove(f)
            have[f[1]].add(f[2])
            count[f[2]] += 1
            if len(have[f[1]]) == pieces:
                done_at[f[1]] = t
    return done_at[1:], sent[0] / total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results")
    ap.add_argument("--bytes", type=float)
    ap.add_argument("--recv-cpu", type=float, help="CPU-seconds per byte received")
    ap.add_argument("--send-cpu", type=float, help="CPU-seconds per byte sent")
    ap.add_argument("--nodes", type=int, default=8)
    ap.add_argument("--rate-mbit", type=float, default=100)
    ap.add_argument("--cores", type=float, default=2)
    ap.add_argument("--pieces", type=int, default=400)
    ap.add_argument("--k", type=int, default=2, help="requests in flight per holder")
    ap.add_argument("--dt", type=float, default=0.01)
    a = ap.parse_args()
    if a.results:
        total, recv, send = costs_from(a.results, a.nodes)
    elif a.bytes and a.recv_cpu is not None and a.send_cpu is not None:
        total, recv, send = a.bytes, a.recv_cpu, a.send_cpu
    else:
        ap.error("give --results, or --bytes with --recv-cpu and --send-cpu")
    rate = a.rate_mbit * 1e6 / 8
    alone, _ = simulate(total, a.pieces, 1, rate, a.cores, recv, send, a.k, a.dt)
    times, copies = simulate(total, a.pieces, a.nodes, rate, a.cores, recv, send, a.k, a.dt)
    print(f"model: {a.nodes} nodes + origin, {a.cores:g} cores each, {a.rate_mbit:g} Mbit/s links, "
          f"{total / 1e6:.1f} MB on the wire, receive {recv * 1e9:.2f} CPU-ns/B, send {send * 1e9:.2f} CPU-ns/B")
    print("finish per node (s): " + " ".join(f"{x:.1f}" for x in times))
    print(f"alone_s={alone[0]:.1f} last_s={max(times):.1f} ratio={max(times) / alone[0]:.2f} "
          f"origin_copies={copies:.2f}")


if __name__ == "__main__":
    main()
