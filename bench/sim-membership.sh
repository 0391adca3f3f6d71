#!/usr/bin/env bash
# bench/sim-membership.sh [N...] : membership figures from the simulation (issue 12): the real Swim code of
# N nodes (default 10 100 1000) on a simulated clock and network, as TSV (columns: MembershipFigures).
# Memory grows with N² (every node lists every member, ~105 MB at N = 1,000): N = 10,000 needs ~11 GB of
# heap, so the heap is sized from the largest N asked for (FERRY_SIM_HEAP overrides it).
set -euo pipefail
cd "$(dirname "$0")/.."
max=0
for n in "${@:-1000}"; do (( n > max )) && max=$n; done
heap=${FERRY_SIM_HEAP:-$(( max >= 5000 ? 14 : 4 ))g}
mvn -o -q test-compile >&2
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null
exec java -Xmx"$heap" -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    io.ferry.sim.MembershipFigures "$@"
