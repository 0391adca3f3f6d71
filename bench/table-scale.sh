#!/usr/bin/env bash
# bench/table-scale.sh [NODES IMAGES]... : fills a cluster table with NODES nodes each holding IMAGES
# images (sim.TableScale) and times `ferry table` (a row per image) and `ferry table --image NAME` (a row
# per node) on it with a 128 MiB and a 1 GiB heap (issue 12). Both read the table's index (catalog.TableIndex).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q package -DskipTests >&2
mvn -o -q test-compile >&2
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null
[ $# -gt 0 ] || set -- 100 100 1000 100 1000 1000
bin/ferry --help >/dev/null # the first run after a build makes the class-data archive: not timed
while [ $# -ge 2 ]; do
    dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
    /usr/bin/time -f "$1 x $2: table filled in %e s" java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
        io.ferry.sim.TableScale "$dir/d" "$1" "$2"
    echo "$1 x $2: data directory $(du -sh "$dir/d" | cut -f1)"
    for heap in 128m 1g; do
        for ask in "table" "table --image image-1"; do
            /usr/bin/time -f "$1 x $2 -Xmx$heap $ask: %e s wall, %U+%S s CPU, %M KB max RSS" env FERRY_JAVA_OPTS=-Xmx$heap \
                bin/ferry --data "$dir/d" $ask 2>&1 >/dev/null | tail -1
        done
    done
    rm -rf "$dir"; shift 2
done
