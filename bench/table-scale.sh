#!/usr/bin/env bash
# bench/table-scale.sh [NODES IMAGES]... : fills a cluster table with NODES nodes each holding IMAGES
# images (sim.TableScale) and times `ferry table` on it with a 128 MiB and a 1 GiB heap (issue 12).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q package -DskipTests
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null
[ $# -gt 0 ] || set -- 100 100 1000 10 1000 100
bin/ferry --help >/dev/null # the first run after a build makes the class-data archive: not timed
while [ $# -ge 2 ]; do
    dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
    java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.ferry.sim.TableScale "$dir/d" "$1" "$2"
    for heap in 128m 1g; do
        /usr/bin/time -f "$1 x $2 -Xmx$heap: %e s wall, %M KB max RSS" env FERRY_JAVA_OPTS=-Xmx$heap \
            bin/ferry --data "$dir/d" table 2>&1 >/dev/null | tail -1
    done
    rm -rf "$dir"; shift 2
done
