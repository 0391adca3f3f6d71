#!/usr/bin/env bash
# bench/import-vs-casync.sh [IMAGE] : time `ferry import` against `casync make` on one image, in one run.
# The image (default: the real 2 GiB Debian v2 image) is read once first so both read from page cache.
# RUNS (default 3) runs of each, medians reported; results in bench/out/import-vs-casync.md.
#   ferry import         : seed mode, the default (manifest only; chunks stay in the file)
#   ferry import --copy  : chunks compressed into the cache, as casync make does into its store
#   casync make          : Debian's casync, default settings (buzhash 16/64/256K, SHA512/256, zstd store)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_pkg casync casync
one_image "${1:-}"
ferry --help >/dev/null          # build the jar outside the timings
cat "$img" >/dev/null

f=(); c=(); k=(); frss=()
for i in $(seq "$runs"); do
    rm -rf "$work"/*
    sync; timed t "$FERRY" --data "$work/ferry" import "$img" --name bench
    f+=("$t"); frss+=("$t_rss")
    sync; timed t "$FERRY" --data "$work/ferry-copy" import "$img" --name bench --copy
    k+=("$t")
    sync; timed t casync make --store="$work/store" "$work/bench.caibx" "$img"
    c+=("$t")
    echo "run $i: ferry ${f[-1]} s, ferry --copy ${k[-1]} s, casync ${c[-1]} s" >&2
done
fm=$(median "${f[@]}"); km=$(median "${k[@]}"); cm=$(median "${c[@]}")
{
    echo "| tool (image $(basename "$img"), $(awk -v s="$size" 'BEGIN{printf "%.1f GiB", s/2^30}'), page cache warm) | median wall s | MB/s | vs casync |"
    echo "|---|---|---|---|"
    echo "| ferry import (seed, default) | $fm | $(mbps "$size" "$fm") | $(ratio "$cm" "$fm")x |"
    echo "| ferry import --copy (zstd cache) | $km | $(mbps "$size" "$km") | $(ratio "$cm" "$km")x |"
    echo "| casync make (zstd store) | $cm | $(mbps "$size" "$cm") | 1.00x |"
    echo
    echo "runs: ferry ${f[*]}; ferry --copy ${k[*]}; casync ${c[*]} (s). ferry max RSS $(median "${frss[@]}") KiB."
    echo "casync $(casync --version 2>&1 | head -1); $(java -version 2>&1 | head -1); $(nproc) cores."
} | tee "$OUT/import-vs-casync.md"
