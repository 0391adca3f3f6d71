#!/usr/bin/env bash
# bench/sim-gossip.sh [N...] : the fact gossip's figures from the simulation (issue 12): the real
# Scuttlebutt code of N nodes (default 10 100 1000) on a simulated clock and network, as TSV. N = 10,000
# needs ~10 GB of heap (every node holds every other's entry: 10⁸ pairs, kept compact by sim.MapBook).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q test-compile >&2
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null
exec java -Xmx${FERRY_SIM_HEAP:-12g} -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.ferry.sim.GossipFigures "$@"
