#!/usr/bin/env bash
# bench/faults.sh : the fault suite (issue 10). Real node processes, each host in its own network namespace
# (bench/netns.sh), faults made by hand the way an operator's bad day makes them: kill -9, full disks, damaged
# packs and seeds, a lying and a trickling peer, a peer behind a 2 Mbit/s tc link, a lost catalog, racing gets.
# For every case: did the delivery complete, is the output byte-identical to the source (cmp), how many wrong
# bytes were delivered (goal 0), the exit code and error line where it must fail, and the case's figure against
# its goal. Prints a table, writes bench/out/faults-<date>.tsv and prints a markdown block for
# docs/benchmarks.md. A case that fails is reported as FAIL; nothing here stops the suite, every step has a
# timeout (STEP_TIMEOUT, default 180 s) and every case a bound (CASE_TIMEOUT, default 300 s).
#
#   FERRY_JAR=PATH  the build to test (default: build target/ferry.jar from this checkout first)
#   CASES="..."     run only these cases (names as in the table; default all)
#   SMALL_MIB=48    size of the generated images used by the cases that are not about time
#   TIMING_RUNS=1   deliveries per timed case (fastest counts: others' work on a shared machine only slows a run;
#                   1 run each moved the slow-peer ratio between 1.12x and 1.26x on this 2-core machine)
#   KEEP=1          keep the work directory (nodes' data and logs, results) for a look afterwards
# The timing cases (slow peer, trickling peer, receiver and server kill -9) use the real Debian image v1
# (~/.cache/ferry-images). Nodes speak TLS 1.3 (bench/lib.sh ferry_mode), except in the two cases that put a
# proxy in front of a real holder (lying and trickling peer): the proxy must read the requests, so those
# nodes run plaintext with --insecure. Needs root.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$root/bench/netns.sh"
[ "$(id -u)" = 0 ] || { echo "bench/faults.sh: needs root (namespaces, tc, tmpfs)" >&2; exit 1; }
need_pkgs tc:iproute2 ip:iproute2 zstd:zstd curl:curl python3:python3 cmp:diffutils timeout:coreutils
STEP_TIMEOUT=${STEP_TIMEOUT:-180}
CASE_TIMEOUT=${CASE_TIMEOUT:-300}
SMALL_MIB=${SMALL_MIB:-48}
TOOL=$root/bench/faults_tool.py
if [ -z "${FERRY_JAR:-}" ]; then
    (cd "$root" && mvn -B -o -q package -DskipTests) || { echo "bench/faults.sh: the build failed" >&2; exit 1; }
    FERRY_JAR=$root/target/ferry.jar
fi
[ -f "$FERRY_JAR" ] || { echo "bench/faults.sh: no jar at $FERRY_JAR" >&2; exit 1; }
need_image v1

work=$(mktemp -d /var/tmp/ferry-faults.XXXXXX)
mkdir -p "$work/d" "$work/out" "$work/img" "$work/mnt" "$work/res"
cleanup() {
    stop_all
    ns_teardown
    rm -rf "/etc/netns/${NS_PREFIX}"*
    if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$FERRY_JAR" "$work/ferry.jar"
ferry_mode "$work/ferry.jar"
BASE_MODE=$FERRY_MODE
RESULTS=$work/results.tsv
log() { echo "faults: $*" >&2; }
log "jar $FERRY_JAR; nodes: $(ferry_mode_text); work $work"

# --- nodes ----------------------------------------------------------------------------------------------
# start ID HOST ARGS... : a node with id ID and data $work/d/ID in HOST's namespace, listening on HOST's
# address (or LISTEN=host:port); returns non-zero, the log's last line in $work/d/ID.why, if it does not start.
start() {
    local id=$1 host=$2 data=$work/d/$1 ip
    shift 2
    ip=$(ns_ip "$host")
    mkdir -p "$data"
    echo "$host" > "$data.host"
    echo "$FERRY_MODE" > "$data.mode"
    node_security "$work/ferry.jar" "$work/certs" "$id"
    local seen; seen=$(cat "$data.log" 2>/dev/null | wc -l) # a restart appends: only its own lines count
    ip netns exec "$NS_PREFIX$host" java -Xmx512m ${NODE_JAVA_OPTS:-} -jar "$work/ferry.jar" --data "$data" node \
        --listen "${LISTEN:-$ip:7420}" --id "$id" --poll-interval 1 "${NODE_SEC[@]}" "$@" >> "$data.log" 2>&1 &
    echo $! > "$data.pid"
    disown $! # its end is this script's doing: no "Killed" notice from the shell
    local i
    for i in $(seq 300); do
        tail -n +$((seen + 1)) "$data.log" 2>/dev/null | grep -q "listening on" && return 0
        kill -0 "$(cat "$data.pid")" 2>/dev/null || break
        sleep 0.1
    done
    tail -n +$((seen + 1)) "$data.log" | grep -v '^\s*$' | tail -1 | cut -c1-200 > "$data.why"
    kill -9 "$(cat "$data.pid")" 2>/dev/null
    rm -f "$data.pid"
    return 1
}
pid_of() { cat "$work/d/$1.pid" 2>/dev/null; }
# stop ID : SIGTERM, then SIGKILL after 15 s
stop() {
    local p; p=$(pid_of "$1") || return 0
    kill "$p" 2>/dev/null
    for _ in $(seq 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    rm -f "$work/d/$1.pid"
}
kill9() {
    local p; p=$(pid_of "$1") || return 0
    kill -9 "$p" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    rm -f "$work/d/$1.pid"
}
# restart ID ARGS... : start it again on its host, data and mode
restart() { local id=$1; shift; FERRY_MODE=$(cat "$work/d/$id.mode") start "$id" "$(cat "$work/d/$id.host")" "$@"; }
# stop_all : every node and helper process this run started, and its tmpfs mounts (between cases)
stop_all() {
    local f
    for f in "$work"/d/*.pid "$work"/*.ppid; do [ -f "$f" ] && { kill -9 "$(cat "$f")" 2>/dev/null; rm -f "$f"; }; done
    sleep 0.3
    for f in $(awk -v w="$work" '$2 ~ "^"w {print $2}' /proc/mounts | sort -r); do umount -l "$f" 2>/dev/null; done
}
# cli ID ARGS... : the CLI on node ID's data directory, in its namespace, with the step timeout
cli() {
    local id=$1 host; shift
    host=$(cat "$work/d/$id.host")
    FERRY_MODE=$(cat "$work/d/$id.mode") cli_to "$work/d/$id" "$(ns_ip "$host"):7420"
    timeout -k 5 "$STEP_TIMEOUT" ip netns exec "$NS_PREFIX$host" java -jar "$work/ferry.jar" "${CLI_TO[@]}" "$@"
}
# get ID IMAGE OUT [TAG] : `get --json`; sets RC, SECS, ERR (the last line on stderr) and JSON (the result)
get() {
    local t0; t0=$(date +%s.%N)
    JSON=$work/res/$1-$(basename "$3")${4:+-$4}.json
    cli "$1" get "$2" -o "$3" --json > "$JSON" 2> "$JSON.err"
    RC=$?
    SECS=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
    ERR=$(grep -v '^\s*$' "$JSON.err" | grep -v -i 'warn' | tail -1 | tr '\t' ' ' | cut -c1-160)
}
# bg_get ID IMAGE OUT TAG : get in the background; its exit code lands in $work/res/TAG.rc
bg_get() {
    ( get "$1" "$2" "$3" "$4"; echo "$RC $SECS" > "$work/res/$4.rc"; printf '%s\n' "$ERR" > "$work/res/$4.errline" ) &
}
# wait_file FILE SECONDS : wait until FILE exists
wait_file() { local i; for i in $(seq $(($2 * 10))); do [ -f "$1" ] && return 0; sleep 0.1; done; return 1; }
# wait_rx HOST BYTES SECONDS : wait until HOST has received BYTES more than it had at $RX_BASE
wait_rx() {
    local i rx
    for i in $(seq $(($3 * 10))); do
        read -r rx _ < <(ns_bytes "$1")
        [ $((rx - RX_BASE)) -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}
rx_now() { local rx; read -r rx _ < <(ns_bytes "$1"); echo "$rx"; }
json_num() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, d))" "$@" 2>/dev/null || echo "-"; }
# check SRC OUT : sets IDENT (yes, no, "-" when there is no file) and WRONG (bytes of OUT that differ from SRC)
check() {
    if [ ! -e "$2" ]; then IDENT=-; WRONG=0; return; fi
    if cmp -s "$1" "$2"; then IDENT=yes; WRONG=0; return; fi
    IDENT=no
    WRONG=$(cmp -l "$1" "$2" 2>/dev/null | wc -l)
    local a b; a=$(stat -c %s "$1"); b=$(stat -c %s "$2")
    [ "$b" -gt "$a" ] && WRONG=$((WRONG + b - a))
}
# first_int TEXT : the first number in TEXT ("-" when none)
first_int() { grep -o -E '[0-9]+' <<< "$1" | head -1 | grep . || echo -; }
# record CASE IMAGE COMPLETED IDENT WRONG EXIT SECONDS FIGURE GOAL VERDICT ERROR
record() {
    local IFS=$'\t'
    echo "$*" | tr '\n' ' ' | sed 's/ $//' >> "$RESULTS"
    echo >> "$RESULTS"
    log "$1: ${10} ($8)"
}
# verdict CONDITION... : PASS when the test command succeeds
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }
shapes_off() { local h; for h in "${NS_HOSTS[@]}"; do ns_shape "$h" - -; done; }

# --- the network and the images ------------------------------------------------------------------------
ns_setup_hub
# holders on h1-h3, the proxy on px, and every receiver on a host of its own named after it: a node that left
# stays in the holders' tables, and a later node at its address would be taken for it
HOSTS="h1 h2 h3 px r0 r1 r2 r3 p0 p1 p2 kr sr1 sr2 dr df c1 c2 c3 q1 q2 q3 tr"
for h in $HOSTS; do ns_add "$h"; done
# proxied holders are reached by name: FT resolves to the holder itself in its own namespace and to the
# proxy everywhere else (ip netns exec bind-mounts /etc/netns/NS/hosts over /etc/hosts)
FT=ft.test
for h in $HOSTS; do
    mkdir -p "/etc/netns/$NS_PREFIX$h"
    { echo "127.0.0.1 localhost"; echo "$(ns_ip "$([ "$h" = h3 ] && echo h3 || echo px)") $FT"; } > "/etc/netns/$NS_PREFIX$h/hosts"
done
log "generating small images ($SMALL_MIB MiB)"
python3 "$TOOL" images "$work/img" "$SMALL_MIB" || { log "could not make the images"; exit 1; }
SMALL=$work/img
REAL=$IMAGES

. "$root/bench/faults-cases.sh"
ALL_CASES="real-baseline slow-peer receiver-kill server-kill plain-baseline trickling-peer lying-peer \
output-disk-full corrupt-pack casync-url record-header corrupt-seed replaced-seed full-data-dir \
truncated-catalog removed-catalog lost-wal concurrent-paths concurrent-one-path server-restart"
CASES=${CASES:-$ALL_CASES}
# cases that share nodes run as groups: naming one case runs its whole group
printf 'case\timage\tcompleted\tidentical\twrong_bytes\texit\tseconds\tfigure\tgoal\tverdict\terror\n' > "$RESULTS"
for group in real plain packs seeds disk catalog concurrent restart; do
    want=0
    for c in $(group_cases "$group"); do [[ " $CASES " == *" $c "* ]] && want=1; done
    [ $want = 1 ] || continue
    log "group $group"
    ( "group_$group" ) &
    gpid=$!
    ( sleep $((CASE_TIMEOUT * $(group_cases "$group" | wc -w))); kill -TERM "$gpid" 2>/dev/null ) &
    wpid=$!
    wait "$gpid" || log "group $group ended with $? (timed out or crashed; its remaining cases are missing)"
    kill "$wpid" 2>/dev/null
    wait "$wpid" 2>/dev/null
    stop_all
    shapes_off
done

# --- the report ------------------------------------------------------------------------------------------
stamp=$(date -u +%Y%m%d-%H%M)
tsv=$OUT/faults-$stamp.tsv
cp "$RESULTS" "$tsv"
echo
cut -f1,3-10 "$RESULTS" | column -t -s $'\t'
echo
awk -F'\t' 'NR > 1 && $11 != "" {print $1 ": " $11}' "$RESULTS"
echo
tried=$(($(wc -l < "$RESULTS") - 1))
passed=$(awk -F'\t' 'NR > 1 && $10 == "PASS"' "$RESULTS" | wc -l)
# deliveries one by one ("yes/no" is two gets); some cases must fail theirs (a sole holder's damaged chunk)
deliv=$(awk -F'\t' 'NR > 1 && $3 != "-" {n += split($3, a, "/")} END {print n + 0}' "$RESULTS")
good=$(awk -F'\t' 'NR > 1 && $3 != "-" {split($3, c, "/"); k = split($4, i, "/"); for (j in c) if (c[j] == "yes" && i[k == 1 ? 1 : j] == "yes") n++} END {print n + 0}' "$RESULTS")
wrong=$(awk -F'\t' 'NR > 1 && $5 ~ /^[0-9]+$/ {s += $5} END {print s + 0}' "$RESULTS")
echo "<!-- faults: bench/faults.sh, $(date -u '+%Y-%m-%d %H:%M UTC'), jar $FERRY_JAR (sha256 $(sha256sum "$work/ferry.jar" | cut -c1-12)), checkout $(git -C "$root" rev-parse --short HEAD), $(nproc) cores; $(ferry_mode_text) -->"
echo "Faults tried: $tried; passed: $passed; deliveries that completed byte-identical: $good of $deliv attempted (some must fail: a sole holder's damaged chunk, a full disk); wrong bytes delivered or served: $wrong (goal 0)."
echo
echo "| case | completed | identical | wrong bytes | exit | s | figure | goal | verdict |"
echo "|---|---|---|---|---|---|---|---|---|"
awk -F'\t' 'NR > 1 {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $3, $4, $5, $6, $7, $8, $9, $10}' "$RESULTS"
echo
log "results: $tsv"
