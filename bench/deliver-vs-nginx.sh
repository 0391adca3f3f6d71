#!/usr/bin/env bash
# bench/deliver-vs-nginx.sh : deliver the real 2 GiB v2 image between two ferry nodes on loopback,
# against curl fetching the same file from nginx, in one run (RUNS, default 3, medians).
#   cold   : node b holds nothing; ferry --data b get v2 (b's heap capped at 256 MiB)
#   curl   : curl from nginx (sendfile on) to a file, then sync, as ferry flushes too
#   update : node b holds v1 (imported as a seed); ferry --data b get v2: bytes on the wire
# Results in bench/out/deliver-vs-nginx.md.
#
# Mode: the nodes speak TLS 1.3 with certificates both ways (a CA and one certificate per node made in
# the work directory with `ferry ca`); TLS=0 runs them in plaintext (loopback, with --insecure all the
# same). The CLI reaches each node through its data directory's socket (--data DIR). nginx is plain HTTP.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_image v1
need_image v2
need_pkg nginx nginx
need_pkg curl curl
runs=${RUNS:-3}
work=$(mktemp -d /var/tmp/ferry-bench.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
ferry --help >/dev/null
ferry_mode "$root/target/ferry.jar"
echo "ferry's nodes: $(ferry_mode_text)" >&2
size=$(stat -c %s "$IMAGES/v2.raw")
cat "$IMAGES/v1.raw" "$IMAGES/v2.raw" >/dev/null
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# nginx serving the images directory
np=$(freeport)
nginx_conf "$work/nginx" "127.0.0.1:$np" "$IMAGES" 1 64
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"

# start_node ID DATA [ARGS...] : a ferry node on a free port; sets $addr and appends its pid
start_node() {
    local id=$1 data=$2; shift 2
    local log=$work/$id.out
    node_security "$root/target/ferry.jar" "$work/certs" "$id"
    "$FERRY" --data "$data" node --listen 127.0.0.1:0 --id "$id" --poll-interval 1 "${NODE_SEC[@]}" "$@" > "$log" 2>"$work/$id.err" &
    pids+=($!)
    for _ in $(seq 100); do grep -q listening "$log" 2>/dev/null && break; sleep 0.1; done
    addr=$(sed -n 's/.* listening on \([^ ]*\) .*/\1/p' "$log")
    [ -n "$addr" ] || { echo "node $id did not start: $(cat "$work/$id.err")" >&2; exit 1; }
    cli_to "$data" "$addr" # CLI_TO: how the CLI reaches this node
}
stop_last() { local p=${pids[-1]}; kill "$p"; wait "$p" 2>/dev/null || true; unset 'pids[-1]'; }
peak_rss_mib() { awk '/VmHWM/ {print int($2/1024)}' "/proc/$(pgrep -P "$1" java || echo "$1")/status" 2>/dev/null || echo "?"; }

start_node a "$work/a"
a=$addr
"$FERRY" "${CLI_TO[@]}" import "$IMAGES/v2.raw" --name v2 >/dev/null
"$FERRY" "${CLI_TO[@]}" import "$IMAGES/v1.raw" --name v1 >/dev/null

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }
cold=(); curl_t=(); update=(); cold_wire=(); update_wire=(); rss=()
for i in $(seq "$runs"); do
    rm -rf "$work/b" "$work"/out*
    FERRY_JAVA_OPTS=-Xmx256m start_node b "$work/b" --peer "$a"
    sleep 1.5
    sync
    start=$(date +%s.%N)
    r=$("$FERRY" "${CLI_TO[@]}" get v2 -o "$work/out-cold" --json)
    cold+=("$(echo "$(date +%s.%N) - $start" | bc)")
    cold_wire+=("$(echo "$r" | json "['bytes_fetched']")")
    rss+=("$(peak_rss_mib "${pids[-1]}")")
    cmp "$IMAGES/v2.raw" "$work/out-cold"
    stop_last

    rm -f "$work/out-curl"; sync
    start=$(date +%s.%N)
    code=$(curl -s -w '%{http_code}' -o "$work/out-curl" "http://127.0.0.1:$np/v2.raw")
    sync "$work/out-curl"
    curl_t+=("$(echo "$(date +%s.%N) - $start" | bc)")
    [ "$code" = 200 ] && cmp -s "$IMAGES/v2.raw" "$work/out-curl" || { echo "curl got HTTP $code, not the image" >&2; exit 1; }

    rm -rf "$work/b2"
    start_node b2 "$work/b2" --peer "$a"
    "$FERRY" "${CLI_TO[@]}" import "$IMAGES/v1.raw" --name v1 >/dev/null
    sleep 1.5
    sync
    start=$(date +%s.%N)
    r=$("$FERRY" "${CLI_TO[@]}" get v2 -o "$work/out-update" --json)
    update+=("$(echo "$(date +%s.%N) - $start" | bc)")
    update_wire+=("$(echo "$r" | json "['bytes_fetched']")")
    cmp "$IMAGES/v2.raw" "$work/out-update"
    stop_last
    echo "run $i: cold ${cold[-1]} s (${cold_wire[-1]} B), curl ${curl_t[-1]} s, update ${update[-1]} s (${update_wire[-1]} B)" >&2
done
cm=$(median "${cold[@]}"); um=$(median "${curl_t[@]}"); pm=$(median "${update[@]}")
{
    echo "| delivery of v2.raw ($(awk -v s="$size" 'BEGIN{printf "%.1f GiB", s/2^30}')) on loopback | median wall s | bytes on the wire | vs curl |"
    echo "|---|---|---|---|"
    echo "| ferry, cold (node holds nothing) | $cm | $(median "${cold_wire[@]}") | $(ratio "$cm" "$um")x |"
    echo "| curl from nginx (+ sync) | $um | $size | 1.00x |"
    echo "| ferry, update (node holds v1) | $pm | $(median "${update_wire[@]}") | $(ratio "$pm" "$um")x |"
    echo
    echo "runs (s): cold ${cold[*]}; curl ${curl_t[*]}; update ${update[*]}. Receiving node's peak RSS with -Xmx256m: ${rss[*]} MiB."
    echo "Ferry's nodes: $(ferry_mode_text)."
    echo "Wire bytes are the HTTP bodies Ferry received (its own count); nginx $(nginx -v 2>&1 | sed 's/.*\///'), $(curl --version | head -1 | cut -d' ' -f1-2)."
} | tee "$OUT/deliver-vs-nginx.md"
