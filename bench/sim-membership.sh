#!/usr/bin/env bash
# bench/sim-membership.sh [N...] : membership figures from the simulation (issue 12): the real Swim code of
# N nodes (default 10 100 1000) on a simulated clock and network, as TSV.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null
exec java -Xmx12g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.ferry.sim.MembershipFigures "$@"
