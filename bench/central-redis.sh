#!/usr/bin/env bash
# bench/central-redis.sh : what central mode's Redis side costs on loopback. Runs
# src/test/java/io/ferry/bench/RedisFactsBench.java: NODES (default 1000) signed table entries published one
# after another through one client as CentralExchange does, renewed unchanged, read back as a repair round
# does (who is live, then each entry), and one image's holders read, ROUNDS (default 3) times, against one
# redis-server and a three-master Redis Cluster that it starts. Results in bench/out/central-redis.tsv.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=bench/out
mkdir -p "$out"
command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
mvn -B -q -o test-compile 2>/dev/null || mvn -B -q test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/cp.txt" >/dev/null 2>&1 \
    || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/cp.txt" >/dev/null
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); $(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f1-3); load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -Dnodes="${NODES:-1000}" -Drounds="${ROUNDS:-3}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "target/test-classes:target/classes:$(cat "$out/cp.txt")" io.ferry.bench.RedisFactsBench | tee "$out/central-redis.tsv"
