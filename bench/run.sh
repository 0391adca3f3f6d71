#!/usr/bin/env bash
# bench/run.sh [--smoke] : the benchmark suite. Ferry against curl from nginx (raw and zstd), rsync's
# daemon (zstd), zsync and casync, on the real Debian images, every host in its own network namespace
# behind a token-bucket-shaped link, bytes read off the interface counters. Needs root.
#
#   1 cold         the client holds nothing and delivers v1
#   2 update       the client holds v1 and delivers v2
#   3 cross-image  the client holds v3 and delivers v2
#   4 swarm        SWARM nodes (default 8) deliver v2 at once from one origin node, every link RATE
#   5 multi-source the client delivers v2 from three peers whose uplinks are MULTI (20/50/100 Mbit/s)
#
# Scenarios 1-3 shape the client's link to RATE (default 100mbit) both ways; the servers' links are not
# shaped. Each run (RUNS, default 3) goes through every scenario and tool; tables give medians.
# Writes bench/out/suite/ (raw results, report.md, suite.png), then puts the report into
# docs/benchmarks.md between its suite markers, the chart at docs/suite.png and the raw results at
# docs/suite-results.tsv.
#
# SCENARIOS (default "cold update cross swarm multi") runs some only, and then writes raw results only;
# TOOLS limits scenarios 1-3 to some tools; ORIGIN_ONLY=0 skips the swarm's curl-from-the-origin baseline
# (N downloads through the origin's one link: 8 x 55 s at 20 Mbit/s).
# --smoke: small generated images (SMOKE_MIB, default 24), 3 swarm nodes, one run; checks every output
# byte for byte and that Ferry's update moves fewer bytes than its cold delivery; writes only
# bench/out/smoke/. bin/test runs it so the suite cannot rot.
#
# Mode: Ferry's nodes speak TLS 1.3 with certificates both ways (a CA and one certificate per node made
# in the work directory with the jar's `ferry ca`); TLS=0 runs them in plaintext with --insecure. The
# CLI reaches each node through its data directory's socket (--data DIR). bench/lib.sh ferry_mode
# decides; a jar from before TLS would run plaintext with its CLI over --node HOST:PORT.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$root/bench/netns.sh"

smoke=0
[ "${1:-}" = --smoke ] && smoke=1
[ "$(id -u)" = 0 ] || { echo "bench/run.sh: needs root (network namespaces and tc)" >&2; exit 1; }
need_pkgs nginx:nginx curl:curl rsync:rsync zsync:zsync zsyncmake:zsync casync:casync zstd:zstd tc:iproute2 \
    ip:iproute2 numfmt:coreutils bc:bc cmp:diffutils gnuplot:gnuplot-nox python3:python3

if [ $smoke = 1 ]; then
    RUNS=${RUNS:-1}; RATE=${RATE:-200mbit}; SWARM=${SWARM:-3}
    RES=$OUT/smoke
else
    RUNS=${RUNS:-3}; RATE=${RATE:-100mbit}; SWARM=${SWARM:-8}
    RES=$OUT/suite
fi
read -r -a MULTI <<< "${MULTI:-20mbit 50mbit 100mbit}"
SCENARIOS=${SCENARIOS:-cold update cross swarm multi}
want() { [[ " $SCENARIOS " == *" $1 "* ]]; }
# TOOLS (default all) measures only the named tools in scenarios 1-3, e.g. TOOLS="ferry curl-zstd rsync"
tool_on() { [ -z "${TOOLS:-}" ] || [[ " $TOOLS " == *" $1 "* ]]; }
[ "$SCENARIOS" = "cold update cross swarm multi" ] || RES=$RES-$(echo "$SCENARIOS" | tr ' ' '-')
rm -rf "$RES"
mkdir -p "$RES"

build_tools
if [ $smoke = 1 ]; then
    IMAGES=$RES/images
    java -cp "$TOOLS_CP" io.ferry.bench.SmokeImages "$IMAGES" "${SMOKE_MIB:-24}"
else
    need_image v1; need_image v2; need_image v3
fi

work=$(mktemp -d /var/tmp/ferry-suite.XXXXXX)
cleanup() { ns_teardown; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# one copy of the jar for the whole run, so editing the sources meanwhile cannot rebuild it under us
cp "$root/target/ferry.jar" "$work/ferry.jar"
ferry_mode "$work/ferry.jar"
fry() { java -Xmx512m -jar "$work/ferry.jar" "$@"; }
log() { echo "suite: $*" >&2; }
log "ferry's nodes: $(ferry_mode_text)"

# --- what the servers offer: compressed images, zsync control files, a casync store (cached) -------
prep=$OUT/prep/$(stat -c '%n %s %Y' "$IMAGES"/v[123].raw | md5sum | cut -c1-12)
www=$prep/www
mkdir -p "$www"
for v in v1 v2 v3; do ln -sfn "$IMAGES/$v.raw" "$www/$v.raw"; done
for v in v1 v2; do
    if [ ! -f "$www/$v.raw.zst" ]; then
        log "zstd -3 $v"
        zstd -q -3 -T0 -f "$IMAGES/$v.raw" -o "$www/$v.raw.zst.tmp"
        mv "$www/$v.raw.zst.tmp" "$www/$v.raw.zst"
    fi
    if [ ! -f "$www/$v.raw.zsync" ]; then
        log "zsyncmake $v"
        (cd "$www" && zsyncmake -u "$v.raw" -o "$v.raw.zsync.tmp" "$v.raw")
        mv "$www/$v.raw.zsync.tmp" "$www/$v.raw.zsync"
    fi
    if [ ! -f "$www/$v.caibx" ]; then
        log "casync make $v"
        casync make --store="$www/castr" "$www/tmp-$v.caibx" "$IMAGES/$v.raw" >/dev/null
        mv "$www/tmp-$v.caibx" "$www/$v.caibx"
    fi
done
floor() { # floor NAME TARGET [HELD...]: "raw zstd" bytes, cached
    local f=$prep/floor-$1
    [ -f "$f" ] || java -cp "$TOOLS_CP" io.ferry.bench.Floor "${@:2}" > "$f"
    cat "$f"
}
log "floors"
read -r _ FLOOR_COLD < <(floor cold "$IMAGES/v1.raw")
read -r _ FLOOR_UPDATE < <(floor update "$IMAGES/v2.raw" "$IMAGES/v1.raw")
read -r _ FLOOR_CROSS < <(floor cross "$IMAGES/v2.raw" "$IMAGES/v3.raw")
read -r _ FLOOR_V2 < <(floor v2 "$IMAGES/v2.raw")

# --- the network -------------------------------------------------------------------------------------
ns_setup_hub
ns_add origin
ns_add client
ORIGIN=$(ns_ip origin)
CLIENT=$(ns_ip client)

mkdir -p "$work/out"
nginx_conf "$work/nginx" "$ORIGIN:80" "$www" 2 256
in_ns origin nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"
cat > "$work/rsyncd.conf" <<CONF
use chroot = no
pid file = $work/rsyncd.pid
[images]
    path = $IMAGES
    read only = yes
    uid = root
    gid = root
CONF
in_ns origin rsync --daemon --config="$work/rsyncd.conf" --address="$ORIGIN"

# node HOST DATA ARGS... : start a Ferry node in HOST's namespace on port 7420 and wait until it listens.
node() {
    local host=$1 data=$2 ip; shift 2
    ip=$(ns_ip "$host")
    mkdir -p "$data"
    node_security "$work/ferry.jar" "$work/certs" "$host"
    # ip netns exec, not in_ns: $! must be java's own pid, not a subshell's, for stop_node to stop it
    ip netns exec "$NS_PREFIX$host" java -Xmx512m -jar "$work/ferry.jar" --data "$data" node --listen "$ip:7420" --id "$host" \
        --poll-interval 1 "${NODE_SEC[@]}" "$@" > "$data.log" 2>&1 &
    echo $! > "$data.pid"
    for _ in $(seq 200); do grep -q listening "$data.log" 2>/dev/null && return; sleep 0.1; done
    echo "suite: node $host did not start: $(cat "$data.log")" >&2
    exit 1
}
stop_node() { local p; p=$(cat "$1.pid"); kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; rm -rf "$1" "$1.pid" "$1.log"; }
# cli HOST CMD... : the CLI, in HOST's namespace, on the node HOST runs (data directory $work/HOST)
cli() { local host=$1; shift; cli_to "$work/$host" "$(ns_ip "$host"):7420"; in_ns "$host" java -jar "$work/ferry.jar" "${CLI_TO[@]}" "$@"; }

node origin "$work/origin"
for v in v1 v2 v3; do cli origin import "$IMAGES/$v.raw" --name "$v" >/dev/null; done

RESULTS=$RES/results.tsv
printf 'scenario\ttool\trun\tseconds\trx_bytes\ttx_bytes\n' > "$RESULTS"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS"; }
now() { date +%s.%N; }

# deliver TOOL TARGET HELD OUT : one delivery, run in the client namespace (HELD "-" for nothing).
deliver() {
    set -eo pipefail
    local tool=$1 v=$2 held=$3 out=$4 url=http://$ORIGIN seed=()
    case $tool in
        curl-raw) curl -sSf -o "$out" "$url/$v.raw" ;;
        curl-zstd) curl -sSf "$url/$v.raw.zst" | zstd -q -d -o "$out" ;;
        rsync) rsync --sparse --compress --compress-choice=zstd "rsync://$ORIGIN/images/$v.raw" "$out" ;;
        zsync)
            [ "$held" = - ] || seed=(-i "$IMAGES/$held.raw")
            (cd "$(dirname "$out")" && zsync -q "${seed[@]}" -o "$out" "$url/$v.raw.zsync") ;;
        casync)
            [ "$held" = - ] || seed=("--seed=$IMAGES/$held.raw")
            casync extract "${seed[@]}" --store="$url/castr" "$url/$v.caibx" "$out" ;;
        ferry) java -jar "$work/ferry.jar" $FERRY_CLI get "$v" -o "$out" --json > "$work/ferry-get.json" ;;
    esac
    sync "$out"
}

# measure SCENARIO TOOL RUN TARGET HELD : prepare what the client holds, deliver, check, record.
measure() {
    local scenario=$1 tool=$2 run=$3 v=$4 held=$5 out=$work/out/$4.raw before after t0 t1
    rm -f "$out"
    if [ "$tool" = ferry ]; then
        node client "$work/client" --peer "$ORIGIN:7420"
        if [ "$held" != - ]; then
            t0=$(now)
            cli client import "$IMAGES/$held.raw" --name "$held" >/dev/null
            record "$scenario" ferry-import-held "$run" "$(echo "$(now) - $t0" | bc)" 0 0
        fi
        sleep 2 # the client pulls the origin's table once a second
    elif [ "$tool" = rsync ] && [ "$held" != - ]; then
        cp --sparse=always "$IMAGES/$held.raw" "$out" # rsync's basis is the old file at the output path
    fi
    sync
    read -r b_rx b_tx < <(ns_bytes client)
    t0=$(now)
    cli_to "$work/client" "$CLIENT:7420"
    in_ns client bash -c "$(declare -f deliver); ORIGIN=$ORIGIN FERRY_CLI='${CLI_TO[*]}' IMAGES=$IMAGES work=$work deliver $tool $v $held $out" \
        || { echo "suite: $tool failed in $scenario" >&2; exit 1; }
    t1=$(now)
    read -r a_rx a_tx < <(ns_bytes client)
    cmp "$IMAGES/$v.raw" "$out" || { echo "suite: $tool delivered a wrong $v in $scenario" >&2; exit 1; }
    [ "$tool" = ferry ] && { cp "$work/ferry-get.json" "$RES/$scenario-ferry-$run.json"; stop_node "$work/client"; }
    rm -f "$out"
    record "$scenario" "$tool" "$run" "$(echo "$t1 - $t0" | bc)" $((a_rx - b_rx)) $((a_tx - b_tx))
    log "run $run $scenario $tool: $(echo "$t1 - $t0" | bc | cut -c1-6) s, $(((a_rx - b_rx + a_tx - b_tx) / 1000)) kB"
}

# --- scenarios 4 and 5 need more hosts ----------------------------------------------------------------
for i in $(seq "$SWARM"); do ns_add "s$i"; done
for i in 1 2 3; do ns_add "p$i"; done
# the multi-source client is a host of its own: the origin knows "client" and would gossip with it
ns_add multi
for i in 1 2 3; do
    node "p$i" "$work/p$i"
    cli "p$i" import "$IMAGES/v2.raw" --name v2 >/dev/null
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# swarm RUN N : N nodes deliver v2 at once from the origin; records each node's time, and the origin's upload.
swarm() {
    local run=$1 n=$2 i pids=() o_before o_after
    for i in $(seq "$n"); do node "s$i" "$work/s$i" --peer "$ORIGIN:7420"; done
    sleep 2
    read -r _ o_before < <(ns_bytes origin)
    # CPU the nodes use (user + system), to tell a slow protocol from a machine with too few cores
    local cpu_before=0 cpu_after=0 cpu_each=() origin_cpu0
    for i in $(seq "$n"); do
        cpu_each[i]=$(cpu_ticks "$(cat "$work/s$i.pid")")
        cpu_before=$((cpu_before + cpu_each[i]))
    done
    origin_cpu0=$(cpu_ticks "$(cat "$work/origin.pid")")
    local t0; t0=$(now)
    for i in $(seq "$n"); do
        (
            read -r b_rx b_tx < <(ns_bytes "s$i")
            cli "s$i" get v2 -o "$work/out/s$i.raw" --json > "$work/s$i.json"
            t1=$(now)
            read -r a_rx a_tx < <(ns_bytes "s$i")
            echo "$(echo "$t1 - $t0" | bc) $((a_rx - b_rx)) $((a_tx - b_tx))" > "$work/s$i.done"
        ) &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || { echo "suite: a swarm node failed" >&2; exit 1; }; done
    read -r _ o_after < <(ns_bytes origin)
    local hz; hz=$(getconf CLK_TCK)
    for i in $(seq "$n"); do
        local c; c=$(cpu_ticks "$(cat "$work/s$i.pid")")
        cpu_after=$((cpu_after + c))
        # each node's own CPU-seconds (seconds column), to set beside its time
        record "swarm-$n" "cpu-s$i" "$run" "$(echo "($c - ${cpu_each[i]}) / $hz" | bc -l)" 0 0
    done
    record "swarm-$n" nodes-cpu "$run" "$(echo "($cpu_after - $cpu_before) / $hz" | bc -l)" 0 0
    record "swarm-$n" origin-cpu "$run" "$(echo "($(cpu_ticks "$(cat "$work/origin.pid")") - origin_cpu0) / $hz" | bc -l)" 0 0
    for i in $(seq "$n"); do
        cmp "$IMAGES/v2.raw" "$work/out/s$i.raw" || { echo "suite: swarm node s$i delivered a wrong v2" >&2; exit 1; }
        read -r secs rx tx < "$work/s$i.done"
        record "swarm-$n" "ferry-s$i" "$run" "$secs" "$rx" "$tx"
        cp "$work/s$i.json" "$RES/swarm-$n-s$i-$run.json"
        rm -f "$work/out/s$i.raw" "$work/s$i.done"
        stop_node "$work/s$i"
    done
    record "swarm-$n" origin-upload "$run" 0 0 $((o_after - o_before))
    log "run $run swarm of $n: last node done after $(awk -v s="swarm-$n" -v r="$run" '$1==s && $3==r && $2 ~ /^ferry/ && $4 > m {m=$4} END {print m}' "$RESULTS") s"
}

# origin_only RUN N : N hosts download the zstd image from nginx at once (the origin-only baseline).
origin_only() {
    local run=$1 n=$2 i pids=() t0
    t0=$(now)
    for i in $(seq "$n"); do
        (
            in_ns "s$i" bash -c "curl -sSf http://$ORIGIN/v2.raw.zst | zstd -q -d -o $work/out/c$i.raw && sync $work/out/c$i.raw"
            echo "$(echo "$(now) - $t0" | bc)" > "$work/c$i.done"
        ) &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || { echo "suite: an origin-only download failed" >&2; exit 1; }; done
    for i in $(seq "$n"); do
        cmp "$IMAGES/v2.raw" "$work/out/c$i.raw" || { echo "suite: origin-only download c$i is wrong" >&2; exit 1; }
        record "swarm-$n" "curl-zstd-s$i" "$run" "$(cat "$work/c$i.done")" 0 0
        rm -f "$work/out/c$i.raw"
    done
}

for run in $(seq "$RUNS"); do
    ns_shape origin - -
    ns_shape client "$RATE" "$RATE"
    # the raw download and zsync with nothing held move the whole 2 GiB at line rate: their time is
    # the link's, the same every run, so they run once (ALL_EVERY_RUN=1 runs them every time)
    slow=(zsync curl-raw)
    [ "$run" = 1 ] || [ "${ALL_EVERY_RUN:-0}" = 1 ] || slow=()
    if want cold; then for tool in ferry curl-zstd rsync casync "${slow[@]}"; do tool_on "$tool" || continue; measure cold "$tool" "$run" v1 -; done; fi
    if want update; then for tool in ferry curl-zstd rsync casync zsync "${slow[@]:1}"; do tool_on "$tool" || continue; measure update "$tool" "$run" v2 v1; done; fi
    # curl does not use what the client holds, so its update figures stand for the cross-image scenario too
    if want cross; then for tool in ferry rsync casync zsync; do measure cross "$tool" "$run" v2 v3; done; fi

    if want swarm; then
        ns_shape origin "$RATE" "$RATE"
        for i in $(seq "$SWARM"); do ns_shape "s$i" "$RATE" "$RATE"; done
        swarm "$run" 1
        swarm "$run" "$SWARM"
        [ "${ORIGIN_ONLY:-1}" = 0 ] || origin_only "$run" "$SWARM"
    fi

    if want multi; then
        for i in 1 2 3; do ns_shape "p$i" "${MULTI[$((i - 1))]}" -; done
        node multi "$work/multi" --peer "$(ns_ip p1):7420" --peer "$(ns_ip p2):7420" --peer "$(ns_ip p3):7420"
        sleep 2
        read -r b_rx b_tx < <(ns_bytes multi)
        cpu0=$(( $(cpu_ticks "$(cat "$work/multi.pid")") + $(cpu_ticks "$(cat "$work/p1.pid")") + $(cpu_ticks "$(cat "$work/p2.pid")") + $(cpu_ticks "$(cat "$work/p3.pid")") ))
        t0=$(now)
        cli multi get v2 -o "$work/out/multi.raw" --json > "$RES/multi-ferry-$run.json"
        t1=$(now)
        read -r a_rx a_tx < <(ns_bytes multi)
        cpu1=$(( $(cpu_ticks "$(cat "$work/multi.pid")") + $(cpu_ticks "$(cat "$work/p1.pid")") + $(cpu_ticks "$(cat "$work/p2.pid")") + $(cpu_ticks "$(cat "$work/p3.pid")") ))
        record multi nodes-cpu "$run" "$(echo "($cpu1 - $cpu0) / $(getconf CLK_TCK)" | bc -l)" 0 0
        cmp "$IMAGES/v2.raw" "$work/out/multi.raw" || { echo "suite: multi-source delivered a wrong v2" >&2; exit 1; }
        rm -f "$work/out/multi.raw"
        stop_node "$work/multi"
        record multi ferry "$run" "$(echo "$t1 - $t0" | bc)" $((a_rx - b_rx)) $((a_tx - b_tx))
        log "run $run multi-source: $(echo "$t1 - $t0" | bc | cut -c1-6) s"
    fi
done

cat > "$RES/settings.env" <<ENV
RUNS=$RUNS
RATE=$RATE
SWARM=$SWARM
MULTI="${MULTI[*]}"
FLOOR_COLD=$FLOOR_COLD
FLOOR_UPDATE=$FLOOR_UPDATE
FLOOR_CROSS=$FLOOR_CROSS
FLOOR_V2=$FLOOR_V2
SMOKE=$smoke
FERRY_MODE=$FERRY_MODE
ENV
{
    echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r)"
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "ferry: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo '+changes'), $(java -version 2>&1 | head -1); nodes: $(ferry_mode_text)"
    echo "nginx: $(nginx -v 2>&1 | sed 's/.*: //'); curl: $(curl --version | head -1 | cut -d' ' -f2); zstd: $(zstd -V | sed 's/.* v\([0-9.]*\).*/\1/')"
    echo "rsync: $(rsync --version | head -1 | awk '{print $3}'); zsync: $(zsync -V 2>&1 | head -1 | awk '{print $2}'); casync: $(casync --version | head -1 | awk '{print $2}')"
    echo "images: $(stat -c '%n %s' "$IMAGES"/v[123].raw | paste -sd';')"
} > "$RES/versions.txt"

if [ "$SCENARIOS" != "cold update cross swarm multi" ]; then
    log "done (scenarios: $SCENARIOS): raw results in $RESULTS; the report needs every scenario"
    exit 0
fi
python3 "$root/bench/report.py" "$RES" $([ $smoke = 1 ] && echo --check)
if [ $smoke = 0 ]; then
    cp "$RES/suite.png" "$root/docs/suite.png"
    cp "$RESULTS" "$root/docs/suite-results.tsv"
    awk -v report="$RES/report.md" '
        /<!-- suite:begin -->/ { print; while ((getline l < report) > 0) print l; skip = 1; next }
        /<!-- suite:end -->/ { skip = 0 }
        !skip' "$root/docs/benchmarks.md" > "$RES/benchmarks.md"
    grep -q '<!-- suite:begin -->' "$RES/benchmarks.md" && cp "$RES/benchmarks.md" "$root/docs/benchmarks.md"
fi
log "done: $RES/report.md"
