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
# NODE_ARGS (words) is added to each `ferry node` command (e.g. "--compression-level 3" fixes the wire level).
# NODE_JAVA_OPTS (words) is added to each node's java command line. JFR=DIR runs each node with Java Flight
# Recorder (settings=profile, from its start: starting it later with jcmd makes the JIT throw code away)
# and dumps the recordings to DIR/origin.jfr and DIR/client.jfr after the timed delivery, whose time span
# goes to DIR/span, with each node's threads' CPU ticks from /proc every 0.2 s meanwhile
# (DIR/NAME.threads: JIT and GC threads are not sampled by JFR); bench/jfr-cpu.py DIR splits each node's
# CPU-seconds by category.
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
read -r -a node_opts <<< "${NODE_JAVA_OPTS:-}"
read -r -a node_args <<< "${NODE_ARGS:-}"
if [ -n "${JFR:-}" ]; then mkdir -p "$JFR"; JFR=$(cd "$JFR" && pwd); fi
jfr() { # jfr stop : writes each node's recording (started with the node) and the delivery's time span, when JFR is set
    [ -n "${JFR:-}" ] || return 0
    local n
    for n in origin client; do jcmd "$(cat "$work/$n.pid")" JFR.dump name=node filename="$JFR/$n.jfr" >/dev/null; done
    getconf CLK_TCK > "$JFR/hz"
    echo "$t0 $t1" > "$JFR/span"
}
threads() { # threads start|stop : snapshots of each node's threads' CPU ticks every 0.2 s, to JFR/NAME.threads
    [ -n "${JFR:-}" ] || return 0
    if [ "$1" = stop ]; then kill "$threads_pid" || true; wait "$threads_pid" 2>/dev/null || true; snapshot; return; fi
    rm -f "$JFR"/*.threads
    snapshot
    while sleep 0.2; do snapshot; done &
    threads_pid=$!
}
snapshot() {
    local n p
    for n in origin client; do
        p=$(cat "$work/$n.pid")
        { echo "P $(cat /proc/"$p"/stat)"; cat /proc/"$p"/task/*/stat 2>/dev/null || true; echo --; } >> "$JFR/$n.threads"
    done
}
start() { # start NAME ARGS... : a node in NAME's namespace, info logging
    node_security "$work/ferry.jar" "$work/certs" "$1"
    local jfr=()
    [ -z "${JFR:-}" ] || jfr=(-XX:StartFlightRecording=name=node,settings=profile)
    ip netns exec "$NS_PREFIX$1" java -Xmx512m ${node_opts[@]+"${node_opts[@]}"} ${jfr[@]+"${jfr[@]}"} -Dorg.slf4j.simpleLogger.defaultLogLevel=info -jar "$work/ferry.jar" \
        --data "$work/$1" node --listen "$(ns_ip "$1"):7420" --id "$1" --poll-interval 1 "${NODE_SEC[@]}" ${node_args[@]+"${node_args[@]}"} "${@:2}" \
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
threads start
c0=$(cpu client); o0=$(cpu origin); a0=$(accepts origin); t0=$(date +%s.%N)
in_ns client java -jar "$work/ferry.jar" "${CLI_TO[@]}" get "$TARGET" -o "$work/out.raw" --json > "$work/get.json"
t1=$(date +%s.%N); c1=$(cpu client); o1=$(cpu origin); a1=$(accepts origin)
threads stop
read -r arx atx < <(ns_bytes client)
jfr stop
cmp "$IMAGES/$TARGET.raw" "$work/out.raw"
hz=$(getconf CLK_TCK)
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}'); rx=$((arx - brx)); tx=$((atx - btx))
cc=$(awk -v t=$((c1 - c0)) -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}')
oc=$(awk -v t=$((o1 - o0)) -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}')
echo "$TARGET (holding $HELD) at $RATE, $(ferry_mode_text)$([ ${#copy[@]} = 0 ] || echo ", origin serving from its cache")$([ "${WARM:-0}" = 0 ] || echo ", nodes warmed by one delivery first"):"
echo "$wall s wall; $rx bytes in, $tx out at the client's interface"
echo "CPU-seconds: client node $cc, origin node $oc; connections the origin accepted: $((a1 - a0))"
[ -n "${KEEP_LOGS:-}" ] && cp "$work"/*.log "$KEEP_LOGS"/
grep -E "not held|chunks from peers|fetched and cached|verified and published" "$work/client.log" | sed 's/^.*\] //' || true
echo "figures wall_s=$wall rx_bytes=$rx tx_bytes=$tx client_cpu_s=$cc origin_cpu_s=$oc origin_accepts=$((a1 - a0)) mode=$FERRY_MODE"
