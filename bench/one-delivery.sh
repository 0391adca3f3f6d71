#!/usr/bin/env bash
# bench/one-delivery.sh : one Ferry delivery between two nodes in network namespaces, for finding out
# where the time goes. The origin node holds v1, v2, v3 (seeds); the client holds HELD (default
# nothing) and delivers TARGET (default v1) over a link shaped to RATE (default 100mbit; 10gbit to
# take the link out of the picture). Prints the wall time, the bytes at the client's interface, the
# CPU-seconds (user + system) each node's process used during the delivery, and the client's log
# lines that time the delivery's phases; then, as its last line, the same figures for scripts:
#   figures wall_s=W rx_bytes=R tx_bytes=T client_cpu_s=C origin_cpu_s=O origin_accepts=A mode=M
# (A: TCP connections the origin's namespace accepted during the delivery, each a TLS handshake under TLS).
# JAR (default: target/ferry.jar, built first) is the Ferry build to run; given, nothing is built.
# ORIGIN_COPY=1 imports the origin's images with --copy, so it serves from its zstd cache, not seeds.
# WARM=1 first delivers TARGET once untimed, then has the client forget it (ferry rm, ferry gc: its chunks
# leave the cache; its manifest may stay, as the origin still refers to it), so the timed delivery runs in
# JVMs whose JIT has compiled the delivery's code, as in nodes that have been up for a while.
#
# Mode (M above; bench/lib.sh ferry_mode): the nodes speak TLS 1.3 with certificates both ways (a CA
# and one certificate per node made in the work directory with the jar's `ferry ca`), or, with TLS=0,
# plaintext with --insecure; the CLI reaches each node through its data directory's socket. A jar from
# before TLS (no --insecure in its `node --help`) runs plaintext, its CLI over --node HOST:PORT.
# Needs root.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$root/bench/netns.sh"
[ "$(id -u)" = 0 ] || { echo "bench/one-delivery.sh: needs root (network namespaces and tc)" >&2; exit 1; }
RATE=${RATE:-100mbit}
TARGET=${TARGET:-v1}
HELD=${HELD:--}
need_image v1; need_image v2; need_image v3
[ -n "${JAR:-}" ] || { build_tools; JAR=$root/target/ferry.jar; }
[ -f "$JAR" ] || { echo "bench/one-delivery.sh: no jar at $JAR" >&2; exit 1; }
work=$(mktemp -d /var/tmp/ferry-one.XXXXXX)
trap 'ns_teardown; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cp "$JAR" "$work/ferry.jar"
ferry_mode "$work/ferry.jar"
ns_setup_hub
ns_add origin
ns_add client
O=$(ns_ip origin)
C=$(ns_ip client)
ns_shape client "$RATE" "$RATE"
start() { # start NAME ARGS... : a node in NAME's namespace, info logging
    node_security "$work/ferry.jar" "$work/certs" "$1"
    ip netns exec "$NS_PREFIX$1" java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=info -jar "$work/ferry.jar" \
        --data "$work/$1" node --listen "$(ns_ip "$1"):7420" --id "$1" --poll-interval 1 "${NODE_SEC[@]}" "${@:2}" \
        > "$work/$1.log" 2>&1 &
    echo $! > "$work/$1.pid"
    for _ in $(seq 200); do grep -q listening "$work/$1.log" 2>/dev/null && return; sleep 0.1; done
    echo "node $1 did not start: $(cat "$work/$1.log")" >&2
    exit 1
}
cpu() { awk '{print $14 + $15}' "/proc/$(cat "$work/$1.pid")/stat"; }
accepts() { in_ns "$1" awk '/^Tcp:/ && n++ {print $7}' /proc/net/snmp; } # PassiveOpens in NAME's namespace
copy=()
[ "${ORIGIN_COPY:-0}" = 0 ] || copy=(--copy)
start origin
cli_to "$work/origin" "$O:7420"
for v in v1 v2 v3; do in_ns origin java -jar "$work/ferry.jar" "${CLI_TO[@]}" import "$IMAGES/$v.raw" --name "$v" "${copy[@]}" >/dev/null; done
start client --peer "$O:7420"
cli_to "$work/client" "$C:7420"
[ "$HELD" = - ] || in_ns client java -jar "$work/ferry.jar" "${CLI_TO[@]}" import "$IMAGES/$HELD.raw" --name "$HELD" >/dev/null
sleep 2
if [ "${WARM:-0}" = 1 ]; then
    in_ns client java -jar "$work/ferry.jar" "${CLI_TO[@]}" get "$TARGET" -o "$work/warm.raw" >/dev/null
    in_ns client java -jar "$work/ferry.jar" "${CLI_TO[@]}" rm "$TARGET" >/dev/null
    in_ns client java -jar "$work/ferry.jar" "${CLI_TO[@]}" gc >/dev/null
    rm -f "$work/warm.raw"
    sleep 2
fi
read -r brx btx < <(ns_bytes client)
c0=$(cpu client); o0=$(cpu origin); a0=$(accepts origin); t0=$(date +%s.%N)
in_ns client java -jar "$work/ferry.jar" "${CLI_TO[@]}" get "$TARGET" -o "$work/out.raw" --json > "$work/get.json"
t1=$(date +%s.%N); c1=$(cpu client); o1=$(cpu origin); a1=$(accepts origin)
read -r arx atx < <(ns_bytes client)
cmp "$IMAGES/$TARGET.raw" "$work/out.raw"
hz=$(getconf CLK_TCK)
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}'); rx=$((arx - brx)); tx=$((atx - btx))
cc=$(awk -v t=$((c1 - c0)) -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}')
oc=$(awk -v t=$((o1 - o0)) -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}')
echo "$TARGET (holding $HELD) at $RATE, $(ferry_mode_text)$([ ${#copy[@]} = 0 ] || echo ", origin serving from its cache")$([ "${WARM:-0}" = 0 ] || echo ", nodes warmed by one delivery first"):"
echo "$wall s wall; $rx bytes in, $tx out at the client's interface"
echo "CPU-seconds: client node $cc, origin node $oc; connections the origin accepted: $((a1 - a0))"
grep -E "not held|chunks from peers|fetched and cached|verified and published" "$work/client.log" | sed 's/^.*\] //' || true
echo "figures wall_s=$wall rx_bytes=$rx tx_bytes=$tx client_cpu_s=$cc origin_cpu_s=$oc origin_accepts=$((a1 - a0)) mode=$FERRY_MODE"
