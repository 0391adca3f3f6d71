#!/usr/bin/env bash
# bench/chunker-settings.sh : choose the default chunker by measurement on the real Debian images.
# For each setting: import v1, v2, v3 into a fresh node, then report the unique bytes a node holding
# v1 must receive for v2 and for v3 (`ferry diff`), the manifest size, and import speed (Ferry's own
# timing of the import, without JVM start-up; median of the three images). Results in
# bench/out/chunker-settings.md. SETTINGS overrides the list, e.g. SETTINGS="fastcdc:16K fixed:4K".
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for v in v1 v2 v3; do need_image "$v"; done
settings=${SETTINGS:-"fastcdc:4K fastcdc:8K fastcdc:16K fastcdc:32K fastcdc:64K fixed:4K fixed:64K"}
work=$(mktemp -d /var/tmp/ferry-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
ferry --help >/dev/null
cat "$IMAGES"/v[123].raw >/dev/null
json() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
{
    echo "| chunker | v1→v2 unique MB | v1→v3 unique MB | v2 chunks | v2 manifest KiB | import MB/s (median v1-v3) |"
    echo "|---|---|---|---|---|---|"
    for s in $settings; do
        kind=${s%%:*}; avg=${s#*:}
        d=$work/$kind-$avg
        speeds=()
        for v in v1 v2 v3; do
            r=$(ferry --data "$d" import "$IMAGES/$v.raw" --chunker "$kind" --avg "$avg" --json)
            speeds+=("$(mbps "$(echo "$r" | json size)" "$(echo "$r" | json seconds)")")
            [ "$v" = v2 ] && { chunks=$(echo "$r" | json chunks); mbytes=$(echo "$r" | json manifest_bytes); }
        done
        u2=$(ferry --data "$d" diff v1 v2 --json | json unique_bytes)
        u3=$(ferry --data "$d" diff v1 v3 --json | json unique_bytes)
        printf '| %s %s | %.1f | %.1f | %d | %.0f | %s |\n' "$kind" "$avg" "$(awk -v b="$u2" 'BEGIN{print b/1e6}')" \
            "$(awk -v b="$u3" 'BEGIN{print b/1e6}')" "$chunks" "$(awk -v b="$mbytes" 'BEGIN{print b/1024}')" \
            "$(median "${speeds[@]}")"
        rm -rf "$d"
    done
} | tee "$OUT/chunker-settings.md"
