#!/usr/bin/env bash
# bench/jmh.sh [JMH ARGS...] : build Ferry, compile the JMH benchmarks in bench/jmh against it, run them.
# Results go to bench/out/jmh.txt as well as the terminal. Example: bench/jmh.sh -f 1 ChunkingBenchmark
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=bench/out
mkdir -p "$out"
mvn -B -q -o test-compile 2>/dev/null || mvn -B -q test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/cp.txt" >/dev/null 2>&1 \
    || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/cp.txt" >/dev/null
cp=$(cat "$out/cp.txt")
rm -rf "$out/jmh-classes"
mkdir -p "$out/jmh-classes"
javac -cp "target/classes:$cp" -processorpath "$cp" -d "$out/jmh-classes" \
    $(find bench/jmh -name '*.java')
java -cp "$out/jmh-classes:target/classes:$cp" org.openjdk.jmh.Main "$@" | tee "$out/jmh.txt"
