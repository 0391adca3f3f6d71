#!/usr/bin/env bash
# bench/plan-links.sh : choosing sources over real shaped links (issue 13). Three peers hold v2, their
# uplinks shaped to RATES (default "20mbit 50mbit 100mbit"); the second also has DELAY (default 50ms) added
# to its link both ways. A client whose own link is not shaped delivers v2 from them, once per planner in
# PLANNERS (default "optimized measured random round-robin fastest"), each time as a fresh node (empty data
# directory, no history):
#   optimized   the scheduler, told each peer's rate (--peer HOST:PORT,bw=RATE)
#   measured    the scheduler, told nothing: it starts from equal rates and follows what it measures
#   random, round-robin, fastest   static splits fixed at the start (told the rates), no stealing, no endgame
# THROTTLE=1 adds one more optimized run in which the fastest peer's uplink drops to a tenth once half the
# ideal time has passed.
# Ideal: the bytes the client received (wire, as sent) ÷ the sum of the uplinks (after a throttle: the time
# at which it came plus what was left at the new sum). CPU-seconds of every node's process during the
# delivery are printed beside the wall time: a CPU-bound run says nothing about planning.
# PEER_ARGS (words) is added to each peer's `ferry node` command: "--compression-level 1" takes most of the
# peers' CPU out of the picture on a small machine (the adaptive level climbs to 9 while links are the
# bottleneck, which costs a core per 100 Mbit/s).
# KEEP_LOGS=DIR keeps each run's client log there.
# Prints one line per run and a TSV to bench/out/plan-links-DATE.tsv. Needs root.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$root/bench/netns.sh"
[ "$(id -u)" = 0 ] || { echo "bench/plan-links.sh: needs root (network namespaces and tc)" >&2; exit 1; }
read -r -a RATES <<< "${RATES:-20mbit 50mbit 100mbit}"
read -r -a PLANNERS <<< "${PLANNERS:-optimized measured random round-robin fastest}"
DELAY=${DELAY:-50ms}
need_image v2
[ -n "${JAR:-}" ] || { build_tools; JAR=$root/target/ferry.jar; }
work=$(mktemp -d /var/tmp/ferry-plan.XXXXXX)
trap 'ns_teardown; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cp "$JAR" "$work/ferry.jar"
ferry_mode "$work/ferry.jar"
ns_setup_hub
peers=(p1 p2 p3)
for p in "${peers[@]}"; do ns_add "$p"; done
ns_add client
for k in 0 1 2; do ns_shape "${peers[$k]}" "${RATES[$k]}" -; done
# the delay on the second peer's link toward it (the requests' way) and from it (its bytes' way); a kernel
# without sch_netem (no modules to load) cannot delay packets: then the run says so and goes on without it
delayed="p2 +$DELAY each way"
if ip netns exec "$NS_HUB" tc qdisc add dev v-p2 root netem delay "$DELAY" 2>/dev/null; then
    ip netns exec "${NS_PREFIX}p2" tc qdisc del dev eth0 root
    ip netns exec "${NS_PREFIX}p2" tc qdisc add dev eth0 root handle 1: netem delay "$DELAY"
    ip netns exec "${NS_PREFIX}p2" tc qdisc add dev eth0 parent 1: handle 2: tbf rate "${RATES[1]}" burst "$(ns_burst "${RATES[1]}")" latency 100ms
else
    delayed="no delay: this kernel has no sch_netem"
    echo "plan-links: this kernel has no netem qdisc (sch_netem): no $DELAY delay on p2" >&2
fi

start() { # start NAME ARGS... : a node in NAME's namespace, data in work/NAME
    node_security "$work/ferry.jar" "$work/certs" "$1"
    ip netns exec "$NS_PREFIX$1" java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=info -jar "$work/ferry.jar" \
        --data "$work/$1" node --listen "$(ns_ip "$1"):7420" --id "$1" --poll-interval 1 "${NODE_SEC[@]}" "${@:2}" \
        > "$work/$1.log" 2>&1 &
    echo $! > "$work/$1.pid"
    for _ in $(seq 300); do grep -q listening "$work/$1.log" 2>/dev/null && return; sleep 0.1; done
    echo "node $1 did not start: $(cat "$work/$1.log")" >&2
    exit 1
}
stop() { kill "$(cat "$work/$1.pid")"; while kill -0 "$(cat "$work/$1.pid")" 2>/dev/null; do sleep 0.1; done; }
cpu() { awk '{print $14 + $15}' "/proc/$(cat "$work/$1.pid")/stat"; }
bps() { numfmt --from=si "$(echo "${1%bit}" | tr a-z A-Z)"; }
hz=$(getconf CLK_TCK)

read -r -a peer_args <<< "${PEER_ARGS:-}"
for p in "${peers[@]}"; do
    start "$p" ${peer_args[@]+"${peer_args[@]}"}
    cli_to "$work/$p" "$(ns_ip "$p"):7420"
    in_ns "$p" java -jar "$work/ferry.jar" "${CLI_TO[@]}" import "$IMAGES/v2.raw" --name v2 >/dev/null
done
sum=0
for r in "${RATES[@]}"; do sum=$((sum + $(bps "$r"))); done
tsv=$OUT/plan-links-$(date +%Y%m%d-%H%M%S).tsv
echo -e "planner\twall_s\trx_bytes\tideal_s\tratio\tclient_cpu_s\tpeers_cpu_s\tp1_bytes\tp2_bytes\tp3_bytes\treassigned" > "$tsv"
runs=("${PLANNERS[@]}")
[ "${THROTTLE:-0}" = 0 ] || runs+=(throttled)
n=0
for planner in "${runs[@]}"; do
    n=$((n + 1))
    rm -rf "$work/client"
    args=()
    for k in 0 1 2; do
        spec="$(ns_ip "${peers[$k]}"):7420"
        [ "$planner" = measured ] || spec="$spec,bw=${RATES[$k]}"
        args+=(--peer "$spec")
    done
    case $planner in measured|throttled) how=optimized ;; *) how=$planner ;; esac
    start client "${args[@]}" --planner "$how"
    cli_to "$work/client" "$(ns_ip client):7420"
    # timed from when the client's table says every peer holds v2 whole (planning, not table exchange, is measured)
    for _ in $(seq 600); do
        in_ns client java -jar "$work/ferry.jar" "${CLI_TO[@]}" table --image v2 --json 2>/dev/null > "$work/table.json" || true
        python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if sum(1 for r in d.get('nodes') or [] if r.get('complete')) >= 3 else 1)" "$work/table.json" 2>/dev/null && break
        sleep 0.5
    done
    read -r brx _ < <(ns_bytes client)
    c0=$(cpu client); q0=$(( $(cpu p1) + $(cpu p2) + $(cpu p3) )); t0=$(date +%s.%N)
    if [ "$planner" = throttled ]; then
        half=$(awk -v s="$sum" 'BEGIN {print 140e6 * 8 / s / 2}') # half the ideal of v2's ~140 MB on the wire
        ( sleep "$half"; date +%s.%N > "$work/throttled-at"
          ns_shape p3 "$(( $(bps "${RATES[2]}") / 10 ))bit" - ) &
        throttle_pid=$!
    fi
    in_ns client java -jar "$work/ferry.jar" "${CLI_TO[@]}" get v2 -o "$work/out.raw" --json > "$work/get-$n.json"
    t1=$(date +%s.%N); c1=$(cpu client); q1=$(( $(cpu p1) + $(cpu p2) + $(cpu p3) ))
    read -r arx _ < <(ns_bytes client)
    cmp "$IMAGES/v2.raw" "$work/out.raw" || { echo "plan-links: $planner delivered a wrong v2" >&2; exit 1; }
    rm -f "$work/out.raw"
    stop client
    [ -z "${KEEP_LOGS:-}" ] || { mkdir -p "$KEEP_LOGS"; cp "$work/client.log" "$KEEP_LOGS/client-$n-$planner.log"; }
    rx=$((arx - brx))
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
    if [ "$planner" = throttled ]; then
        wait "$throttle_pid"
        ns_shape p3 "${RATES[2]}" -
        tc_at=$(awk -v a="$t0" -v b="$(cat "$work/throttled-at")" 'BEGIN {print b - a}')
        slow=$(( sum - $(bps "${RATES[2]}") + $(bps "${RATES[2]}") / 10 ))
        ideal=$(awk -v b="$rx" -v s="$sum" -v t="$tc_at" -v s2="$slow" \
            'BEGIN {d = b * 8 / s; if (d <= t) printf "%.2f", d; else printf "%.2f", t + (b * 8 - s * t) / s2}')
    else
        ideal=$(awk -v b="$rx" -v s="$sum" 'BEGIN {printf "%.2f", b * 8 / s}')
    fi
    share=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); p=d.get('bytes_fetched_by_peer',{}); print('\t'.join(str(p.get(k,0)) for k in ('p1','p2','p3')), d.get('chunks_reassigned',0), sep='\t')" "$work/get-$n.json")
    cc=$(awk -v t=$((c1 - c0)) -v hz="$hz" 'BEGIN {printf "%.1f", t / hz}')
    qc=$(awk -v t=$((q1 - q0)) -v hz="$hz" 'BEGIN {printf "%.1f", t / hz}')
    ratio=$(ratio "$wall" "$ideal")
    echo -e "$planner\t$wall\t$rx\t$ideal\t$ratio\t$cc\t$qc\t$share" >> "$tsv"
    echo "$planner: $wall s (ideal $ideal s, ${ratio}x), $rx bytes in; CPU-s client $cc, peers $qc; bytes p1/p2/p3, reassigned: $share" | tr '\t' ' '
done
echo "rates ${RATES[*]} ($delayed), $(ferry_mode_text)${PEER_ARGS:+, peers with $PEER_ARGS}; results in $tsv"
