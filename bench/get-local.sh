#!/usr/bin/env bash
# bench/get-local.sh [IMAGE] : time `ferry get` of a 2 GiB image from local chunks against
# `cp --sparse=always` + sync, the same sparse, flushed file by the plainest means, in one run.
# Ferry runs with a 128 MiB heap (FERRY_JAVA_OPTS=-Xmx128m) for import and get; its max RSS is
# reported. RUNS (default 3), medians; results in bench/out/get-local.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
one_image "${1:-}"
export FERRY_JAVA_OPTS=-Xmx128m
ferry --help >/dev/null
cat "$img" >/dev/null
sync; timed ti "$FERRY" --data "$work/seed" import "$img" --name img
sync; timed tc "$FERRY" --data "$work/copy" import "$img" --name img --copy
s=(); c=(); p=(); srss=(); crss=()
for i in $(seq "$runs"); do
    rm -f "$work"/out*
    sync; timed t "$FERRY" --data "$work/seed" get img -o "$work/out-seed"; s+=("$t"); srss+=("$t_rss")
    cmp "$img" "$work/out-seed"
    sync; timed t "$FERRY" --data "$work/copy" get img -o "$work/out-cache"; c+=("$t"); crss+=("$t_rss")
    sync; timed t sh -c "cp --sparse=always '$img' '$work/out-cp' && sync '$work/out-cp'"; p+=("$t")
    echo "run $i: seed ${s[-1]} s, cache ${c[-1]} s, cp ${p[-1]} s" >&2
done
sm=$(median "${s[@]}"); cm=$(median "${c[@]}"); pm=$(median "${p[@]}")
alloc() { echo $(( $(stat -c %b "$1") * $(stat -c %B "$1") / 1048576 )); }
{
    echo "| $(basename "$img") ($(awk -v s="$size" 'BEGIN{printf "%.1f GiB", s/2^30}')) | median wall s | MB/s | vs cp | max RSS MiB | allocated MiB |"
    echo "|---|---|---|---|---|---|"
    echo "| ferry get, chunks from the seed file | $sm | $(mbps "$size" "$sm") | $(ratio "$sm" "$pm")x | $(( $(median "${srss[@]}") / 1024 )) | $(alloc "$work/out-seed") |"
    echo "| ferry get, chunks from the zstd cache | $cm | $(mbps "$size" "$cm") | $(ratio "$cm" "$pm")x | $(( $(median "${crss[@]}") / 1024 )) | $(alloc "$work/out-cache") |"
    echo "| cp --sparse=always + sync | $pm | $(mbps "$size" "$pm") | 1.00x | - | $(alloc "$work/out-cp") |"
    echo
    echo "import with -Xmx128m: seed $ti s (max RSS $(( ti_rss / 1024 )) MiB), --copy $tc s (max RSS $(( tc_rss / 1024 )) MiB)."
    echo "runs (s): seed ${s[*]}; cache ${c[*]}; cp ${p[*]}."
} | tee "$OUT/get-local.md"
