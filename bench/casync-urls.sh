#!/usr/bin/env bash
# bench/casync-urls.sh : what TLS costs where a node serves with sendfile. HttpExchange.sendFile sends a
# cached chunk's zstd frame with sendfile in plaintext and through a buffer and the cipher under TLS; it
# serves GET /<4 hex>/<64 hex>.cacnk, the URLs casync and desync fetch one chunk at a time. (Ferry's own
# deliveries use batches and picks, zstd streams written through a buffer in both modes.)
#
# An origin node holds IMAGE (default v1) in its cache (imported with --copy); a client host fetches
# every distinct non-zero chunk of it once by its casync URL with one curl process (connections kept
# alive), from the origin started with TLS (a CA and certificates made with the jar's `ferry ca`; curl
# presents the client's certificate) and with --insecure (plaintext), alternating which goes first,
# RUNS rounds (default 3). The client's link is shaped to RATE (default 10gbit: the CPU is the question).
# Prints per run: wall seconds, bytes at the client's interface (in + out), the origin's CPU-seconds, and
# the medians per mode; every run in bench/out/casync-urls.tsv. Both modes need a jar that knows --tls
# (JAR, default target/ferry.jar, built first). Needs root.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$root/bench/netns.sh"
export LC_ALL=C
[ "$(id -u)" = 0 ] || { echo "bench/casync-urls.sh: needs root (network namespaces and tc)" >&2; exit 1; }
need_pkgs curl:curl python3:python3
RATE=${RATE:-10gbit}
RUNS=${RUNS:-3}
IMAGE=${IMAGE:-v1}
need_image "$IMAGE"
[ -n "${JAR:-}" ] || { build_tools; JAR=$root/target/ferry.jar; }
work=$(mktemp -d /var/tmp/ferry-casync-urls.XXXXXX)
trap 'ns_teardown; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cp "$JAR" "$work/ferry.jar"
TLS=1 ferry_mode "$work/ferry.jar" # refuses a jar from before TLS
ns_setup_hub
ns_add origin
ns_add client
O=$(ns_ip origin)
ns_shape client "$RATE" "$RATE"
fry() { java -jar "$work/ferry.jar" "$@"; }

fry ca init "$work/ca" >/dev/null
fry ca issue "$work/ca" --node origin -o "$work/origin-tls" >/dev/null
fry ca issue "$work/ca" --node client -o "$work/client-tls" >/dev/null

start() { # start MODE : the origin node on its data directory, with TLS or --insecure
    local sec=(--insecure)
    [ "$1" = tls ] && sec=(--tls "$work/origin-tls")
    ip netns exec "${NS_PREFIX}origin" java -Xmx512m -jar "$work/ferry.jar" --data "$work/origin" node \
        --listen "$O:7420" --id origin "${sec[@]}" > "$work/origin.log" 2>&1 &
    echo $! > "$work/origin.pid"
    for _ in $(seq 200); do grep -q listening "$work/origin.log" 2>/dev/null && return; sleep 0.1; done
    echo "bench/casync-urls.sh: the origin did not start: $(cat "$work/origin.log")" >&2
    exit 1
}
stop() { local p; p=$(cat "$work/origin.pid"); kill "$p"; wait "$p" 2>/dev/null || true; }
cpu() { awk '{print $14 + $15}' "/proc/$(cat "$work/origin.pid")/stat"; }
fetch() { # fetch MODE : every chunk once, one curl process
    local tls=()
    [ "$1" = tls ] && tls=(--cert "$work/client-tls/node.crt" --key "$work/client-tls/node.key"
        --cacert "$work/client-tls/ca.crt" --resolve "origin:7420:$O" --tlsv1.3)
    in_ns client curl -sSf "${tls[@]}" -K "$work/curl-$1.conf"
}

# the chunks: imported into the origin's cache through its socket (the node fixes its id, origin, first),
# then listed once
start tls
fry --data "$work/origin" import "$IMAGES/$IMAGE.raw" --name "$IMAGE" --copy >/dev/null
fry --data "$work/origin" inspect "$IMAGE" --chunks --json | python3 -c '
import json, sys
seen = set()
for c in json.load(sys.stdin)["chunk_list"]:
    if c.get("zero") or c["id"] in seen:
        continue
    seen.add(c["id"])
    print(c["id"])' > "$work/ids"
stop
# curl configs: every chunk URL, bodies to /dev/null; the TLS one checks the origin's certificate
# against the CA, by the name in it (--resolve maps it to the address)
for mode in tls insecure; do
    if [ $mode = tls ]; then base=https://origin:7420; else base=http://$O:7420; fi
    awk -v b="$base" '{printf "url = \"%s/%s/%s.cacnk\"\noutput = \"/dev/null\"\n", b, substr($1, 1, 4), $1}' \
        "$work/ids" > "$work/curl-$mode.conf"
done

TSV=$OUT/casync-urls.tsv
printf 'round\tmode\twall_s\twire_bytes\torigin_cpu_s\n' > "$TSV"
hz=$(getconf CLK_TCK)
echo "$(wc -l < "$work/ids") chunks of $IMAGE from the origin's cache, client link $RATE, $RUNS rounds" >&2
for round in $(seq "$RUNS"); do
    order=(tls insecure)
    [ $((round % 2)) = 1 ] || order=(insecure tls)
    for mode in "${order[@]}"; do
        start "$mode"
        fetch "$mode" >/dev/null 2>&1 </dev/null & # one untimed pass: JIT and page cache
        wait $! || { echo "bench/casync-urls.sh: curl failed ($mode)" >&2; exit 1; }
        read -r brx btx < <(ns_bytes client)
        c0=$(cpu); t0=$(date +%s.%N)
        fetch "$mode" || { echo "bench/casync-urls.sh: curl failed ($mode)" >&2; exit 1; }
        t1=$(date +%s.%N); c1=$(cpu)
        read -r arx atx < <(ns_bytes client)
        stop
        w=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
        oc=$(awk -v t=$((c1 - c0)) -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}')
        printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$w" $((arx - brx + atx - btx)) "$oc" >> "$TSV"
        echo "round $round, $mode: $w s, $(((arx - brx + atx - btx) / 1000)) kB, origin CPU-s $oc" >&2
    done
done
med() { median $(awk -F'\t' -v m="$1" -v f="$2" 'NR > 1 && $2 == m {print $f}' "$TSV"); }
echo "| mode | wall s | wire MB | origin CPU-s |"
echo "|---|---|---|---|"
for mode in insecure tls; do
    printf '| %s | %.2f | %.1f | %.2f |\n' "$mode" "$(med $mode 3)" "$(echo "$(med $mode 4) / 1000000" | bc -l)" "$(med $mode 5)"
done
printf '| tls/insecure | %s | %s | %s |\n' "$(ratio "$(med tls 3)" "$(med insecure 3)")" \
    "$(ratio "$(med tls 4)" "$(med insecure 4)")" "$(ratio "$(med tls 5)" "$(med insecure 5)")"
