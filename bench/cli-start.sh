#!/usr/bin/env bash
# bench/cli-start.sh [RUNS] : how long one `ferry` command takes from the shell to its exit, a cold JVM
# each time: `ferry ls` on a data directory no node runs on (the CLI opens the directory itself),
# `ferry ls` on a directory a node runs on (the CLI asks it over DIR/ferry.sock), and `ferry --version`.
# Prints the median wall and CPU (user + system) seconds of RUNS runs (default 11) of each, and the fastest
# wall time: on a shared machine other work stretches the median; the fastest run is what the command
# itself costs.
# FERRY_CMD=COMMAND measures another launcher, e.g. FERRY_CMD="java -jar target/ferry.jar": the JVM with none
# of bin/ferry's start-up options (that is what every command cost before them).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs=${1:-11}
read -r -a cmd <<<"${FERRY_CMD:-$root/bin/ferry}"
work=$(mktemp -d)
node_pid=
finish() {
    if [ -n "$node_pid" ]; then
        kill "$node_pid" 2>/dev/null || true
        wait "$node_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap finish EXIT

"$root/bin/ferry" --version >/dev/null # builds the jar (and whatever bin/ferry prepares) outside the timing
head -c 8M /dev/urandom >"$work/img.raw"
for d in direct served; do "${cmd[@]}" --data "$work/$d" import "$work/img.raw" --name img >/dev/null; done
"${cmd[@]}" --data "$work/served" node --listen 127.0.0.1:0 >"$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 300); do grep -qs listening "$work/node.log" && break; sleep 0.1; done
grep -qs listening "$work/node.log" || { echo "cli-start: the node did not start:" >&2; cat "$work/node.log" >&2; exit 1; }

# measure NAME ARGS... : RUNS timed runs of the launcher with ARGS; prints one line of medians.
measure() {
    local name=$1 wall=() cpu=() i
    shift
    "${cmd[@]}" "$@" >/dev/null # the page cache, not the first run, is what a user's second command meets
    for i in $(seq "$runs"); do
        /usr/bin/time -o "$work/t" -f '%e %U %S' "${cmd[@]}" "$@" >/dev/null
        read -r w u s <"$work/t"
        wall+=("$w")
        cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
    done
    printf '%-38s wall %5.2f s (fastest %4.2f)   cpu %5.2f s   (medians of %d)\n' "$name" \
        "$(median "${wall[@]}")" "$(printf '%s\n' "${wall[@]}" | sort -g | head -1)" "$(median "${cpu[@]}")" "$runs"
}

measure "ferry ls (no node: the directory)" --data "$work/direct" ls
measure "ferry ls (through the node's socket)" --data "$work/served" ls
measure "ferry --version" --version
echo "load average during the runs: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
