#!/usr/bin/env bash
# bench/wire-compression.sh [OLD NEW] : what the new chunks of an update (default v1 -> v2) cost on the
# wire, compressed chunk by chunk against as one zstd stream, at zstd levels 1, 3, 9, 19.
# Results in bench/out/wire-compression.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_image v1
need_image v2
cd "$root"
mvn -B -q -o package -DskipTests 2>/dev/null || mvn -B -q package -DskipTests
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/cp-main.txt" >/dev/null 2>&1 \
    || mvn -B -q dependency:build-classpath -Dmdep.outputFile="$OUT/cp-main.txt" >/dev/null
cp="target/classes:$(cat "$OUT/cp-main.txt")"
rm -rf "$OUT/tools-classes"
javac -cp "$cp" -d "$OUT/tools-classes" $(find bench/tools -name '*.java')
java -cp "$OUT/tools-classes:$cp" io.ferry.bench.WireCompression "${1:-$IMAGES/v1.raw}" "${2:-$IMAGES/v2.raw}" \
    | tee "$OUT/wire-compression.md"
