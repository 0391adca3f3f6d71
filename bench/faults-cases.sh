# The cases of bench/faults.sh (sourced by it, not run). Each group starts the nodes its cases share, runs
# them and records one row per case; bench/faults.sh stops every node and mount between groups.

group_cases() {
    case $1 in
        real) echo real-baseline slow-peer receiver-kill server-kill ;;
        plain) echo plain-baseline trickling-peer lying-peer ;;
        packs) echo casync-url corrupt-pack record-header ;;
        seeds) echo corrupt-seed replaced-seed ;;
        disk) echo output-disk-full full-data-dir ;;
        catalog) echo truncated-catalog removed-catalog lost-wal ;;
        concurrent) echo concurrent-paths concurrent-one-path ;;
        restart) echo server-restart ;;
    esac
}
# setup_failed GROUP WHY : one FAIL row for every case of GROUP
setup_failed() { local c; for c in $(group_cases "$1"); do record "$c" - - - 0 - - - - FAIL "set-up failed: $2"; done; }
yn() { [ "$1" = 0 ] && echo yes || echo no; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1e6}'; }
peer() { echo "$(ns_ip "$1"):7420"; }
# holder ID HOST FILE... : a node that imports each FILE (as a seed) under its base name
holder() {
    local id=$1 host=$2 f; shift 2
    start "$id" "$host" || return 1
    for f in "$@"; do cli "$id" import "$f" --name "$(basename "$f" .raw)" >/dev/null || return 1; done
}

# timed ID PEERS... : TIMING_RUNS (default 1) deliveries of the real v1, each to a fresh node ID on host ID;
# sets T_RC (the first non-zero exit, else 0), T_IDENT, T_WRONG (summed), T_SECS (the fastest run: other work
# on a shared machine only ever slows a run down), T_ALL (every run's seconds), T_RX (bytes in, last run), T_ERR
timed() {
    local id=$1 i; shift
    T_RC=0; T_IDENT=yes; T_WRONG=0; T_SECS=; T_ALL=; T_ERR=
    for i in $(seq "${TIMING_RUNS:-1}"); do
        stop "$id"; rm -rf "${work:?}/d/$id"
        start "$id" "$id" "$@" && sleep 3
        RX_BASE=$(rx_now "$id")
        get "$id" v1 "$work/out/$id.raw"
        T_RX=$(($(rx_now "$id") - RX_BASE))
        check "$REAL/v1.raw" "$work/out/$id.raw"
        rm -f "$work/out/$id.raw"
        [ "$RC" = 0 ] || { [ "$T_RC" = 0 ] && T_RC=$RC; T_ERR=$ERR; }
        [ "$IDENT" = yes ] || T_IDENT=$IDENT
        T_WRONG=$((T_WRONG + WRONG)); T_ALL="$T_ALL $SECS"
        T_SECS=$(awk -v a="${T_SECS:-1e9}" -v b="$SECS" 'BEGIN {print (b < a) ? b : a}')
    done
    stop "$id"
}
runs() { [ "${TIMING_RUNS:-1}" = 1 ] || echo " (fastest of:$T_ALL s)"; }

# --- real v1, TLS: a fast holder alone, a slow one beside it, kill -9 of the receiver and of a holder ----
group_real() {
    holder ra h1 "$REAL/v1.raw" && holder rb h2 "$REAL/v1.raw" || { setup_failed real "holders on the real v1"; return; }
    timed r0 --peer "$(peer h1)"
    local rx0=$T_RX t0=$T_SECS x
    record real-baseline v1 "$(yn $T_RC)" "$T_IDENT" "$T_WRONG" "$T_RC" "$T_SECS" "$(mb "$rx0") MB in$(runs)" "completes" \
        "$(verdict [ $T_RC = 0 -a "$T_IDENT" = yes ])" "$T_ERR"

    ns_shape h2 2mbit 2mbit
    timed r1 --peer "$(peer h1)" --peer "$(peer h2)"
    x=$(ratio "$T_SECS" "$t0")
    record slow-peer v1 "$(yn $T_RC)" "$T_IDENT" "$T_WRONG" "$T_RC" "$T_SECS" "${x}x the fast holder alone (${t0} s)$(runs)" "<= 1.2x" \
        "$(verdict awk -v x="$x" -v rc=$T_RC -v i="$T_IDENT" 'BEGIN {exit !(rc == 0 && i == "yes" && x <= 1.2)}')" "$T_ERR"
    ns_shape h2 - -

    start r2 r2 --peer "$(peer h1)" --peer "$(peer h2)" && sleep 3
    RX_BASE=$(rx_now r2)
    bg_get r2 v1 "$work/out/r2.raw" rk
    wait_rx r2 $((rx0 / 2)) 120
    local rx1=$(($(rx_now r2) - RX_BASE)) tk; tk=$(date +%s.%N)
    kill9 r2
    local cli_rc=- cli_after=-
    if wait_file "$work/res/rk.rc" 60; then
        read -r cli_rc _ < "$work/res/rk.rc"
        cli_after=$(awk -v a="$tk" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
    fi
    restart r2 --peer "$(peer h1)" --peer "$(peer h2)" && sleep 3
    RX_BASE=$(rx_now r2)
    get r2 v1 "$work/out/r2.raw"
    local rx2=$(($(rx_now r2) - RX_BASE)) share
    check "$REAL/v1.raw" "$work/out/r2.raw"
    share=$(awk -v a=$rx1 -v b=$rx2 -v c=$rx0 'BEGIN {s = (a + b - c) / a * 100; printf "%.1f", s < 0 ? 0 : s}')
    record receiver-kill v1 "$(yn $RC)" "$IDENT" "$WRONG" "$RC" "$SECS" \
        "refetched ${share}% of $(mb $rx1) MB held (wire, against the baseline); reused $(mb "$(json_num "$JSON" bytes_local)") MB; killed get's CLI: exit $cli_rc ${cli_after} s after the kill" \
        "<= 5%" "$(verdict awk -v s="$share" -v rc=$RC -v i="$IDENT" -v c="$cli_rc" 'BEGIN {exit !(rc == 0 && i == "yes" && s <= 5 && c != "-")}')" "$ERR"
    rm -f "$work/out/r2.raw"; stop r2

    start r3 r3 --peer "$(peer h1)" --peer "$(peer h2)" && sleep 3
    RX_BASE=$(rx_now r3)
    bg_get r3 v1 "$work/out/r3.raw" sk
    wait_rx r3 $((rx0 / 3)) 120
    kill9 rb
    local src=- secs=-
    wait_file "$work/res/sk.rc" "$STEP_TIMEOUT" && read -r src secs < "$work/res/sk.rc"
    check "$REAL/v1.raw" "$work/out/r3.raw"
    record server-kill v1 "$(yn "$src")" "$IDENT" "$WRONG" "$src" "$secs" "holder rb killed after $(mb $((rx0 / 3))) MB" \
        "completes from the other holder" "$(verdict [ "$src" = 0 -a "$IDENT" = yes ])" "$(cat "$work/res/sk.errline" 2>/dev/null)"
    rm -f "$work/out/r3.raw"
}

# --- real v1, plaintext: a proxy in front of holder pt (reached as $FT) trickles, then lies --------------
proxy() { # proxy MODE : (re)start the proxy in px in front of pt
    [ -f "$work/proxy.ppid" ] && { kill "$(cat "$work/proxy.ppid")" 2>/dev/null; sleep 0.5; }
    ip netns exec "${NS_PREFIX}px" python3 "$TOOL" proxy "$1" "$(peer px)" "$(peer h3)" 2> "$work/proxy-$1.log" &
    echo $! > "$work/proxy.ppid"
    sleep 1
}
group_plain() {
    [ "$BASE_MODE" = plain ] || FERRY_MODE=insecure
    holder pa h1 "$REAL/v1.raw" && LISTEN=$FT:7420 holder pt h3 "$REAL/v1.raw" || { setup_failed plain "plaintext holders"; return; }
    timed p0 --peer "$(peer h1)"
    local t0=$T_SECS x n
    record plain-baseline v1 "$(yn $T_RC)" "$T_IDENT" "$T_WRONG" "$T_RC" "$T_SECS" "plaintext, fast holder alone$(runs)" "completes" \
        "$(verdict [ $T_RC = 0 -a "$T_IDENT" = yes ])" "$T_ERR"

    proxy trickle
    timed p1 --peer "$(peer h1)" --peer "$FT:7420"
    x=$(ratio "$T_SECS" "$t0"); n=$(grep -c '^trickle' "$work/proxy-trickle.log")
    record trickling-peer v1 "$(yn $T_RC)" "$T_IDENT" "$T_WRONG" "$T_RC" "$T_SECS" "${x}x the fast holder alone (${t0} s); $n answers trickled$(runs)" \
        "<= 1.2x" "$(verdict awk -v x="$x" -v rc=$T_RC -v i="$T_IDENT" -v n="$n" 'BEGIN {exit !(rc == 0 && i == "yes" && x <= 1.2 && n > 0)}')" "$T_ERR"

    proxy lie
    start p2 p2 --peer "$(peer h1)" --peer "$FT:7420" && sleep 3
    get p2 v1 "$work/out/p2.raw"
    check "$REAL/v1.raw" "$work/out/p2.raw"
    n=$(grep -c '^lie' "$work/proxy-lie.log")
    record lying-peer v1 "$(yn $RC)" "$IDENT" "$WRONG" "$RC" "$SECS" "$n answers with a flipped byte" "completes, 0 wrong bytes" \
        "$(verdict [ $RC = 0 -a "$IDENT" = yes -a "$n" -gt 0 ])" "$ERR"
    rm -f "$work/out/p2.raw"
}

# --- a damaged cache pack on the only holder: its casync URL, a delivery, a damaged record header ---------
group_packs() {
    start kh h1 && cli kh import "$SMALL/v1.raw" --name v1 --copy >/dev/null || { setup_failed packs "holder with v1 cached"; return; }
    local pack id code ok
    pack=$(find "$work/d/kh/cache" -name '*.pack' | sort | head -1)
    id=$(python3 "$TOOL" pack-flip "$pack" 10) || { setup_failed packs "no record 10 in $pack"; return; }
    local url=/${id:0:4}/$id.cacnk proto=(http://) tls=()
    [ "$BASE_MODE" = tls ] && { proto=(https://); tls=(-k --cert "$work/certs/kh/node.crt" --key "$work/certs/kh/node.key"); }
    code=$(ip netns exec "${NS_PREFIX}kr" timeout 30 curl -s "${tls[@]}" -o "$work/res/chunk" -w '%{http_code}' "${proto[0]}$(peer h1)$url")
    ok=-
    [ "$code" = 200 ] && { [ "$(zstd -q -d -c "$work/res/chunk" 2>/dev/null | sha256sum | cut -c1-64)" = "$id" ] && ok=yes || ok=no; }
    record casync-url chunk - - "$([ "$ok" = no ] && stat -c %s "$work/res/chunk" || echo 0)" - - "HTTP $code for a chunk with a flipped byte; bytes match id: $ok" \
        "never 200 with wrong bytes" "$(verdict [ "$ok" != no ])" ""

    start kr kr --peer "$(peer h1)" && sleep 2
    get kr v1 "$work/out/k.raw"
    local rc1=$RC err1=$ERR missing=0
    [ $RC = 0 ] || missing=$(first_int "$ERR")
    check "$SMALL/v1.raw" "$work/out/k.raw"
    local wrong1=$WRONG
    # a second holder that peers with kh, so that its entry reaches kr through kh's table
    start kh2 h2 --peer "$(peer h1)" && cli kh2 import "$SMALL/v1.raw" --name v1 >/dev/null && sleep 3
    get kr v1 "$work/out/k.raw"
    check "$SMALL/v1.raw" "$work/out/k.raw"
    record corrupt-pack v1 "$(yn $RC)" "$IDENT" $((wrong1 + WRONG)) "$rc1/$RC" "$SECS" \
        "sole holder: $missing chunks missing; then completed with a 2nd holder: $(yn $RC)" "1 chunk missing, then completes" \
        "$(verdict awk -v m="$missing" -v rc=$RC -v i="$IDENT" 'BEGIN {exit !(m != "-" && m <= 1 && rc == 0 && i == "yes")}')" "$err1"

    stop kh
    python3 "$TOOL" pack-header "$pack" 30 >/dev/null
    local why="" m=- warn=no
    if restart kh; then
        cli kh verify v1 --json > "$work/res/verify.json" 2>/dev/null
        m=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d=d if isinstance(d, list) else [d]; print(sum(r['missing_chunks'] for r in d))" "$work/res/verify.json" 2>/dev/null || echo -)
    else
        why=$(cat "$work/d/kh.why")
    fi
    grep -i 'warn' "$work/d/kh.log" | grep -q "$(basename "$pack")" && warn=yes
    record record-header v1 - - 0 - - "after restart: $m chunks missing (2 records damaged); warning naming the pack: $warn" \
        "<= 2 missing, a warning" "$( { [ "$m" != - ] && [ "$m" -le 2 ] && [ $warn = yes ]; } && echo PASS || echo FAIL)" "$why"
}

# --- a seed with a flipped byte, and a seed replaced by mv: the only holder, one chunk must be all it costs --
seed_case() { # seed_case CASE HOLDER HOST RECEIVER HOW
    local file=$work/img/$1.raw
    cp "$SMALL/v1.raw" "$file"
    start "$2" "$3" && cli "$2" import "$file" --name v1 >/dev/null || { record "$1" v1 - - 0 - - - - FAIL "set-up failed"; return; }
    if [ "$5" = flip ]; then
        python3 "$TOOL" flip "$file" >/dev/null
    else
        cp "$file" "$file.new"; python3 "$TOOL" flip "$file.new" >/dev/null; mv "$file.new" "$file"
    fi
    start "$4" "$4" --peer "$(peer "$3")" && sleep 2
    get "$4" v1 "$work/out/$1.raw"
    local missing=0
    [ $RC = 0 ] || missing=$(first_int "$ERR")
    check "$SMALL/v1.raw" "$work/out/$1.raw"
    record "$1" v1 "$(yn $RC)" "$IDENT" "$WRONG" "$RC" "$SECS" "sole holder: $missing chunks missing" "<= 1 chunk missing, 0 wrong" \
        "$( { [ "$missing" != - ] && [ "$missing" -le 1 ] && [ "$WRONG" = 0 ]; } && echo PASS || echo FAIL)" "$ERR"
    stop "$4"
}
group_seeds() {
    seed_case corrupt-seed sh1 h1 sr1 flip
    seed_case replaced-seed sh2 h2 sr2 mv
}

# --- full disks: the output's, then the data directory's --------------------------------------------------
group_disk() {
    holder dh h1 "$SMALL/v1.raw" "$SMALL/r.raw" || { setup_failed disk "holder"; return; }
    # before the node starts: ip netns exec gives it its own mount namespace, and / is private here
    mkdir -p "$work/mnt/o" && mount -t tmpfs -o size=8m tmpfs "$work/mnt/o"
    start dr dr --peer "$(peer h1)" && sleep 2
    get dr v1 "$work/mnt/o/v1.raw"
    local rc1=$RC err1=$ERR named=no
    check "$SMALL/v1.raw" "$work/mnt/o/v1.raw"
    local wrong1=$WRONG
    [[ "$ERR" == *"$work/mnt/o"* ]] && named=yes
    get dr v1 "$work/out/d.raw"
    check "$SMALL/v1.raw" "$work/out/d.raw"
    record output-disk-full v1 "$(yn $rc1)" "$IDENT" $((wrong1 + WRONG)) "$rc1" - "error names the path: $named; then to a roomy disk: $(yn $RC)" \
        "fails naming the path, then works" "$(verdict [ $rc1 != 0 -a $named = yes -a $RC = 0 -a "$IDENT" = yes ])" "$err1"
    stop dr

    mkdir -p "$work/d/df" && mount -t tmpfs -o size=40m tmpfs "$work/d/df"
    start df df --peer "$(peer h1)" && sleep 2
    get df v1 "$work/out/df1.raw"
    get df r "$work/out/df2.raw" # refused up front when it cannot fit (it says how much is missing)
    local rcr=$RC errr=$ERR before after rmrc gcrc up=no
    # whatever the get left free, something else fills: a full data directory is the case
    dd if=/dev/zero of="$work/d/df/filler" bs=1M 2>/dev/null; sync
    before=$(df -k --output=avail "$work/d/df" | tail -1 | tr -d ' ')
    stop df
    restart df --peer "$(peer h1)" && up=yes
    cli df rm v1 >/dev/null 2> "$work/res/rm.err"; rmrc=$?
    cli df gc >/dev/null 2> "$work/res/gc.err"; gcrc=$?
    after=$(df -k --output=avail "$work/d/df" | tail -1 | tr -d ' ')
    local gerr; gerr="get r: ${errr:-ok}; rm: $(tail -1 "$work/res/rm.err"); gc: $(tail -1 "$work/res/gc.err")"
    record full-data-dir r "$(yn $rcr)" - 0 "$rcr" - "free ${before} KiB after get r; restart: $up; rm: exit $rmrc; gc: exit $gcrc; free after gc ${after} KiB" \
        "rm, gc work; space freed" "$(verdict [ "$before" -lt 1024 -a $up = yes -a $rmrc = 0 -a $gcrc = 0 -a "$after" -gt $((before + 1024)) ])" "$(cut -c1-240 <<< "$gerr")"
}

# --- the catalog lost, truncated, or its WAL gone: the images must still be there, gc must not eat chunks --
catalog_case() { # catalog_case CASE ID HOW
    start "$2" "$2" || { record "$1" - - - 0 - - - - FAIL "set-up failed"; return; }
    cli "$2" import "$SMALL/v1.raw" --name v1 >/dev/null; cli "$2" import "$SMALL/v2.raw" --name v2 --copy >/dev/null
    local db=$work/d/$2/catalog.db cache before after listed=no why=""
    cache=$work/d/$2/cache
    case $3 in
        truncate) stop "$2"; truncate -s $(($(stat -c %s "$db") / 2)) "$db" ;;
        remove) stop "$2"; rm -f "$db" "$db-wal" "$db-shm" ;;
        wal) kill9 "$2"; rm -f "$db-wal" "$db-shm" ;;
    esac
    before=$(du -sb "$cache" | cut -f1)
    if restart "$2"; then
        cli "$2" ls > "$work/res/$2.ls" 2>&1
        grep -qw v1 "$work/res/$2.ls" && grep -qw v2 "$work/res/$2.ls" && listed=yes
        cli "$2" gc >/dev/null 2>&1
        after=$(du -sb "$cache" | cut -f1)
        record "$1" v1,v2 - - 0 - - "both images listed after restart: $listed; cache ${before} -> ${after} bytes after gc" \
            "images kept, gc deletes nothing" "$(verdict [ $listed = yes -a "$after" -ge "$before" ])" \
            "$([ $listed = yes ] || echo "ls: $(head -3 "$work/res/$2.ls" | paste -sd' ' | cut -c1-120)")"
    else
        why=$(cat "$work/d/$2.why")
        record "$1" v1,v2 - - 0 - - "the node refused to start" "images kept, or a clear refusal" \
            "$(verdict grep -qi catalog <<< "$why")" "$why"
    fi
    stop "$2"
}
group_catalog() {
    catalog_case truncated-catalog c1 truncate
    catalog_case removed-catalog c2 remove
    catalog_case lost-wal c3 wal
}

# --- two gets of one image at once: to two paths (one delivery's bytes), to one path (one refused) -------
group_concurrent() {
    holder ch h1 "$SMALL/v1.raw" || { setup_failed concurrent "holder"; return; }
    local q; for q in q1 q2 q3; do ns_shape $q 30mbit 30mbit; done
    start q1 q1 --peer "$(peer h1)" && sleep 2
    RX_BASE=$(rx_now q1)
    get q1 v1 "$work/out/ca.raw"
    local rxa=$(($(rx_now q1) - RX_BASE)) rxb
    echo "$rxa" > "$work/small-rx"
    stop q1
    start q2 q2 --peer "$(peer h1)" && sleep 2
    RX_BASE=$(rx_now q2)
    bg_get q2 v1 "$work/out/cb1.raw" c1; bg_get q2 v1 "$work/out/cb2.raw" c2
    wait_file "$work/res/c1.rc" "$STEP_TIMEOUT"; wait_file "$work/res/c2.rc" "$STEP_TIMEOUT"
    rxb=$(($(rx_now q2) - RX_BASE))
    local r1 r2 i1 i2 w x
    read -r r1 _ < "$work/res/c1.rc"; read -r r2 _ < "$work/res/c2.rc"
    check "$SMALL/v1.raw" "$work/out/cb1.raw"; i1=$IDENT; w=$WRONG
    check "$SMALL/v1.raw" "$work/out/cb2.raw"; i2=$IDENT
    x=$(ratio "$rxb" "$rxa")
    record concurrent-paths v1 "$(yn "$r1")/$(yn "$r2")" "$i1/$i2" $((w + WRONG)) "$r1/$r2" - "${x}x one delivery's wire bytes ($(mb "$rxa") MB)" \
        "<= 1.2x" "$(verdict awk -v x="$x" -v a="$r1$r2" -v i="$i1$i2" 'BEGIN {exit !(a == "00" && i == "yesyes" && x <= 1.2)}')" \
        "$(cat "$work/res/c1.errline" "$work/res/c2.errline" | grep -v '^$' | head -1)"
    stop q2

    start q3 q3 --peer "$(peer h1)" && sleep 2
    bg_get q3 v1 "$work/out/cc.raw" d1; sleep 1; bg_get q3 v1 "$work/out/cc.raw" d2
    wait_file "$work/res/d1.rc" "$STEP_TIMEOUT"; wait_file "$work/res/d2.rc" "$STEP_TIMEOUT"
    read -r r1 _ < "$work/res/d1.rc"; read -r r2 _ < "$work/res/d2.rc"
    check "$SMALL/v1.raw" "$work/out/cc.raw"
    local e; e=$( { [ "$r1" != 0 ] && cat "$work/res/d1.errline"; [ "$r2" != 0 ] && cat "$work/res/d2.errline"; } | head -1)
    record concurrent-one-path v1 "$(yn "$r1")/$(yn "$r2")" "$IDENT" "$WRONG" "$r1/$r2" - "one refused naming the path: $([[ "$e" == *"$work/out/cc.raw"* && "$e" != *"ferry-part ->"* ]] && echo yes || echo no)" \
        "one completes, one refused clearly" \
        "$( { [ "$(( (r1 == 0) + (r2 == 0) ))" = 1 -a "$IDENT" = yes ] && [[ "$e" == *"$work/out/cc.raw"* && "$e" != *"ferry-part ->"* ]]; } && echo PASS || echo FAIL)" "$e"
}

# --- the only holder restarted while it serves a delivery -------------------------------------------------
group_restart() {
    holder th h1 "$SMALL/v1.raw" || { setup_failed restart "holder"; return; }
    ns_shape tr 30mbit 30mbit
    local rxa; rxa=$(cat "$work/small-rx" 2>/dev/null || echo 12000000)
    start tr tr --peer "$(peer h1)" && sleep 2
    RX_BASE=$(rx_now tr)
    bg_get tr v1 "$work/out/tr.raw" rs
    wait_rx tr $((rxa / 3)) 60
    local t0 t1 src=- secs=-; t0=$(date +%s.%N)
    stop th; restart th
    t1=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
    wait_file "$work/res/rs.rc" "$STEP_TIMEOUT" && read -r src secs < "$work/res/rs.rc"
    check "$SMALL/v1.raw" "$work/out/tr.raw"
    record server-restart v1 "$(yn "$src")" "$IDENT" "$WRONG" "$src" "$secs" "the only holder down ${t1} s mid-delivery" "completes" \
        "$(verdict [ "$src" = 0 -a "$IDENT" = yes ])" "$(cat "$work/res/rs.errline" 2>/dev/null)"
}
