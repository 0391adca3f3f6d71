#!/usr/bin/env bash
# bench/compare-builds.sh BEFORE.jar AFTER.jar : the same delivery with two builds of Ferry, alternated
# in one sitting. In each of RUNS rounds (default 3), for the scenarios cold (the client holds nothing
# and delivers v1) and update (it holds v1 and delivers v2), bench/one-delivery.sh runs once with each
# build: BEFORE first in odd rounds, AFTER first in even ones. Prints, per scenario and build, the
# medians of the wall seconds, the bytes at the client's interface (in + out) and the CPU-seconds of
# the client and origin nodes, and AFTER/BEFORE of the medians. Every run goes to
# bench/out/compare-builds.tsv (TSV to write elsewhere). RATE, ORIGIN_COPY and WARM are passed on to
# one-delivery.sh; SCENARIOS (default "cold update") runs some only.
#
# Mode: each build runs as bench/one-delivery.sh runs it (bench/lib.sh ferry_mode): a build that knows
# --tls with TLS 1.3 and a certificate per node, a build from before TLS in plaintext with its CLI over
# --node HOST:PORT. TLS_BEFORE and TLS_AFTER (0 or 1; default $TLS, else TLS where the build has it)
# set each side's TLS; the same jar twice with TLS_BEFORE=0 TLS_AFTER=1 measures what TLS costs.
# Needs root.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export LC_ALL=C
[ $# = 2 ] || { echo "usage: bench/compare-builds.sh BEFORE.jar AFTER.jar" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "bench/compare-builds.sh: needs root (network namespaces and tc)" >&2; exit 1; }
RUNS=${RUNS:-3}
SCENARIOS=${SCENARIOS:-cold update}
tmp=$(mktemp -d /var/tmp/ferry-compare.XXXXXX)
child=
cleanup() { if [ -n "$child" ]; then kill "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# copies, so that a rebuild during the sitting cannot swap a build under us
cp "$1" "$tmp/before.jar"
cp "$2" "$tmp/after.jar"
TSV=${TSV:-$OUT/compare-builds.tsv}
printf 'round\tscenario\tbuild\twall_s\trx_bytes\ttx_bytes\tclient_cpu_s\torigin_cpu_s\tmode\torigin_accepts\n' > "$TSV"
# each side's TLS: its own setting, else TLS, else unset (one-delivery.sh then uses TLS where the build has it)
tls_before=${TLS_BEFORE:-${TLS:-}}
tls_after=${TLS_AFTER:-${TLS:-}}

# deliver ROUND SCENARIO BUILD HELD TARGET : one delivery by one-delivery.sh; its figures go to the TSV.
# In the background and waited for, so that an interrupt stops it (and its trap tears its namespaces down).
deliver() {
    local log=$tmp/$1-$2-$3.log fig tls w rx tx cc oc mode acc
    tls=$([ "$3" = before ] && echo "$tls_before" || echo "$tls_after")
    HELD=$4 TARGET=$5 JAR=$tmp/$3.jar TLS=$tls "$root/bench/one-delivery.sh" > "$log" 2>&1 &
    child=$!
    wait "$child" || { cat "$log" >&2; echo "bench/compare-builds.sh: $3 failed in round $1, $2" >&2; exit 1; }
    child=
    fig=$(tail -1 "$log")
    [[ $fig == "figures "* ]] || { cat "$log" >&2; echo "bench/compare-builds.sh: no figures from $3" >&2; exit 1; }
    field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$fig"; }
    w=$(field wall_s); rx=$(field rx_bytes); tx=$(field tx_bytes); cc=$(field client_cpu_s); oc=$(field origin_cpu_s)
    mode=$(field mode); mode=${mode:-plain} # one-delivery.sh from before TLS printed no mode
    acc=$(field origin_accepts)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$w" "$rx" "$tx" "$cc" "$oc" "$mode" "$acc" >> "$TSV"
    echo "round $1, $2, $3 ($mode): $w s, $(((rx + tx) / 1000)) kB, CPU-s client $cc, origin $oc, origin accepted $acc" >&2
}

want() { [[ " $SCENARIOS " == *" $1 "* ]]; }
for round in $(seq "$RUNS"); do
    order=(before after)
    [ $((round % 2)) = 1 ] || order=(after before)
    if want cold; then for build in "${order[@]}"; do deliver "$round" cold "$build" - v1; done; fi
    if want update; then for build in "${order[@]}"; do deliver "$round" update "$build" v1 v2; done; fi
done

# med SCENARIO BUILD FIELD : the median over the runs of a TSV column (4, 7, 8) or of wire MB (in + out).
med() {
    median $(awk -F'\t' -v s="$1" -v b="$2" -v f="$3" \
        'NR > 1 && $2 == s && $3 == b {print (f == "wire") ? ($5 + $6) / 1e6 : $f}' "$TSV")
}

modes() { awk -F'\t' -v b="$1" 'NR > 1 && $3 == b {print $9}' "$TSV" | sort -u | paste -sd/; }
echo "BEFORE: $1 ($(md5sum < "$tmp/before.jar" | cut -c1-8), $(modes before)); AFTER: $2 ($(md5sum < "$tmp/after.jar" | cut -c1-8), $(modes after))"
echo "RATE ${RATE:-100mbit}$([ "${ORIGIN_COPY:-0}" = 0 ] || echo ", origin serving from its cache")$([ "${WARM:-0}" = 0 ] || echo ", nodes warmed first"), medians of $RUNS runs; every run in $TSV"
for s in $SCENARIOS; do
    b=(); a=(); r=()
    for f in 4 wire 7 8; do b+=("$(med $s before $f)"); a+=("$(med $s after $f)"); r+=("$(ratio "${a[-1]}" "${b[-1]}")"); done
    echo
    echo "$s: $([ $s = cold ] && echo "holds nothing, delivers v1" || echo "holds v1, delivers v2")"
    echo "| build | wall s | wire MB (in+out) | client CPU-s | origin CPU-s |"
    echo "|---|---|---|---|---|"
    printf '| BEFORE | %.2f | %.1f | %.2f | %.2f |\n' "${b[@]}"
    printf '| AFTER | %.2f | %.1f | %.2f | %.2f |\n' "${a[@]}"
    printf '| AFTER/BEFORE | %s | %s | %s | %s |\n' "${r[@]}"
done
