#!/usr/bin/env bash
# bench/swarm-metadata.sh [MIB] : what keeping the tables in step costs beside the chunks, in a swarm
# (issue 12). Eight real nodes on loopback in gossip mode, each joining through the first; the first
# imports MIB MiB (default 256) of random data; the seven others get it at once; then every node is
# stopped (SIGTERM) and reports what its gossip and membership sent and received (message bodies, without
# HTTP framing). Chunk bytes are what each get --json says it fetched.
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-256}
mvn -o -q package -DskipTests
work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
start() { # start ID [JOIN]: a node in $work/ID; sets addr
    local id=$1 join=${2:-}
    FERRY_LOG=info bin/ferry --data "$work/$id" node --listen 127.0.0.1:0 --id "$id" ${join:+--join "$join"} \
        > "$work/$id.out" 2> "$work/$id.log" &
    pids+=($!)
    until grep -q "listening on" "$work/$id.out" 2>/dev/null; do sleep 0.1; done
    addr=$(sed -n 's/.*listening on \([^ ]*\) .*/\1/p' "$work/$id.out")
}
start n0; seed=$addr
for i in 1 2 3 4 5 6 7; do start "n$i" "$seed"; done
head -c $((mib << 20)) /dev/urandom > "$work/img.raw"
bin/ferry --data "$work/n0" import "$work/img.raw" >/dev/null
until bin/ferry --data "$work/n7" table --json 2>/dev/null | grep -q '"image" : "img"'; do sleep 0.2; done
t0=$(date +%s.%N)
for i in 1 2 3 4 5 6 7; do
    bin/ferry --data "$work/n$i" get img -o "$work/n$i.img" --json > "$work/n$i.get.json" 2> "$work/n$i.get.err" &
done
wait $(jobs -p | tail -7)
t1=$(date +%s.%N)
kill -TERM "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; pids=()
for i in 1 2 3 4 5 6 7; do [ -s "$work/n$i.get.json" ] || { echo "n$i: get failed: $(cat "$work/n$i.get.err")" >&2; exit 1; }; done
chunks=0
for i in 1 2 3 4 5 6 7; do
    chunks=$((chunks + $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes_fetched"])' "$work/n$i.get.json")))
done
meta=0
for i in 0 1 2 3 4 5 6 7; do
    line=$(grep "exchange traffic" "$work/n$i.log" | tail -1)
    sent=$(echo "$line" | sed -n 's/.*gossip sent \([0-9]*\) B.*membership sent \([0-9]*\) B.*/\1 \2/p')
    echo "n$i: $line" | sed 's/.*exchange traffic: //;s/^/n'"$i"': /'
    for v in $sent; do meta=$((meta + v)); done
done
printf 'swarm of 7 from one origin, %d MiB: %.1f s; chunk bytes fetched %d; gossip + membership bytes sent %d (%.3f%% of the chunks)\n' \
    "$mib" "$(echo "$t1 - $t0" | bc)" "$chunks" "$meta" "$(echo "100 * $meta / $chunks" | bc -l)"
