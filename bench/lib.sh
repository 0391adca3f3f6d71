# Shared helpers for bench/*.sh (sourced, not run).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGES=${FERRY_IMAGES:-$HOME/.cache/ferry-images}
SHARED=${FERRY_SHARED:-$root/../shared}
OUT=$root/bench/out
mkdir -p "$OUT"

# need_image NAME: build the real Debian image NAME (v1, v2, v3) with shared/vmimages when missing.
need_image() {
    [ -f "$IMAGES/$1.raw" ] && return
    [ "$(id -u)" = 0 ] || { echo "bench: $IMAGES/$1.raw is missing and building it needs root" >&2; exit 1; }
    "$SHARED/vmimages/make-images.sh" "$IMAGES" "$1"
}

# need_pkg COMMAND PACKAGE: install a Debian package when its command is missing.
need_pkg() {
    command -v "$1" >/dev/null && return
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# need_pkgs COMMAND:PACKAGE... : install, in one apt run, the packages whose commands are missing.
need_pkgs() {
    local want=() pair
    for pair in "$@"; do command -v "${pair%%:*}" >/dev/null || want+=("${pair#*:}"); done
    [ ${#want[@]} = 0 ] && return
    echo "bench: installing ${want[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}" >/dev/null
}

# one_image [IMAGE] : for the scripts that time work on one image; sets img (IMAGE, default the real v2),
# its size, runs (RUNS, default 3) and work, a scratch directory removed on exit.
one_image() {
    need_image v2
    img=${1:-$IMAGES/v2.raw}
    runs=${RUNS:-3}
    size=$(stat -c %s "$img")
    work=$(mktemp -d /var/tmp/ferry-bench.XXXXXX)
    trap 'rm -rf "$work"' EXIT
}

# nginx_conf DIR LISTEN ROOT WORKERS CONNECTIONS : writes DIR/nginx.conf, for `nginx -c DIR/nginx.conf -p DIR`:
# ROOT served at LISTEN with sendfile and no access log; its pid (DIR/nginx.pid), log and temp files in DIR.
nginx_conf() {
    mkdir -p "$1"
    cat > "$1/nginx.conf" <<CONF
user root;
worker_processes $4;
pid $1/nginx.pid;
error_log $1/error.log;
events { worker_connections $5; }
http {
    access_log off;
    sendfile on;
    client_body_temp_path $1;
    proxy_temp_path $1;
    fastcgi_temp_path $1;
    uwsgi_temp_path $1;
    scgi_temp_path $1;
    server { listen $2; root $3; }
}
CONF
}

# timed OUTVAR CMD...: run CMD, store its wall seconds in OUTVAR and its max RSS (KiB) in OUTVAR_rss.
timed() {
    local var=$1; shift
    local tf; tf=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$tf" "$@" >/dev/null
    read -r "${var?}" "${var}_rss" < "$tf"
    rm -f "$tf"
}

# median N...: the median of its arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}

# mbps BYTES SECONDS
mbps() { awk -v b="$1" -v s="$2" 'BEGIN {printf "%.0f", b / s / 1e6}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

FERRY=$root/bin/ferry
ferry() { "$FERRY" "$@"; }

# build_tools : compile Ferry and the helpers under bench/tools; sets TOOLS_CP, the classpath to run them.
build_tools() {
    (cd "$root" && { mvn -B -q -o package -DskipTests 2>/dev/null || mvn -B -q package -DskipTests; })
    (cd "$root" && { mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/cp-main.txt" >/dev/null 2>&1 \
        || mvn -B -q dependency:build-classpath -Dmdep.outputFile="$OUT/cp-main.txt" >/dev/null; })
    local cp="$root/target/classes:$(cat "$OUT/cp-main.txt")"
    rm -rf "$OUT/tools-classes"
    javac -cp "$cp" -d "$OUT/tools-classes" $(find "$root/bench/tools" -name '*.java')
    TOOLS_CP="$OUT/tools-classes:$cp"
}

# --- how the bench scripts secure nodes (issue 9) ---------------------------------------------------
# A build from issue 9 on serves peers over TLS 1.3 with certificates both ways when given --tls DIR
# (made with its own `ferry ca init` and `ferry ca issue`), refuses plaintext off loopback unless given
# --insecure, and its CLI reaches a running node through DATA/ferry.sock (`--data DATA`). An older build
# knows none of that: it serves plaintext and its CLI speaks HTTP to `--node HOST:PORT`.

# ferry_mode JAR : sets FERRY_MODE for JAR and the environment's TLS (0 or 1, default 1):
#   tls       a build that knows --tls, with TLS unset or 1: TLS 1.3, a certificate per node
#   insecure  a build that knows --tls, with TLS=0: plaintext, --insecure
#   plain     an older build (its `node --help` names no --insecure): plaintext, the CLI over --node HOST:PORT
# An older build with TLS=1 given explicitly is an error: it cannot do what was asked.
ferry_mode() {
    case ${TLS:-1} in 0|1) ;; *) echo "bench: TLS must be 0 or 1, not '$TLS'" >&2; exit 2 ;; esac
    if java -jar "$1" node --help 2>/dev/null | grep -q -- '--insecure'; then
        if [ "${TLS:-1}" = 1 ]; then FERRY_MODE=tls; else FERRY_MODE=insecure; fi
    elif [ "${TLS:-}" = 1 ]; then
        echo "bench: $1 predates TLS (its 'node --help' has no --insecure): TLS=1 cannot be honoured" >&2
        exit 1
    else
        FERRY_MODE=plain
    fi
}

# ferry_mode_text : FERRY_MODE in words, for the scripts' output.
ferry_mode_text() {
    case $FERRY_MODE in
        tls) echo "TLS 1.3, certificates both ways (TLS=0 for plaintext)" ;;
        insecure) echo "plaintext with --insecure (TLS=0)" ;;
        plain) echo "plaintext, a build without TLS (its CLI over --node HOST:PORT)" ;;
    esac
}

# node_security JAR CERTS ID : sets NODE_SEC to what `ferry node --id ID` needs in FERRY_MODE: --tls
# CERTS/ID (issued by the CA in CERTS/ca with JAR's `ca` verbs, the CA and each node's credentials made
# the first time they are asked for and kept for the restarts), --insecure, or nothing.
node_security() {
    local jar=$1 certs=$2 id=$3
    case $FERRY_MODE in
        tls)
            mkdir -p "$certs"
            [ -f "$certs/ca/ca.crt" ] || java -jar "$jar" ca init "$certs/ca" >/dev/null
            [ -f "$certs/$id/node.crt" ] || java -jar "$jar" ca issue "$certs/ca" --node "$id" -o "$certs/$id" >/dev/null
            NODE_SEC=(--tls "$certs/$id") ;;
        insecure) NODE_SEC=(--insecure) ;;
        *) NODE_SEC=() ;;
    esac
}

# cli_to DATA ADDR : sets CLI_TO to how the CLI reaches the node that runs on DATA and listens at ADDR:
# --data DATA (its Unix socket, which works from any network namespace), or --node ADDR for an older build.
cli_to() {
    if [ "$FERRY_MODE" = plain ]; then CLI_TO=(--node "$2"); else CLI_TO=(--data "$1"); fi
}
