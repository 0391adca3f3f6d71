#!/usr/bin/env bash
# bench/sim-deliveries.sh [N...] [kraken] : the delivery simulation's figures (issue 13): one 2 GiB image
# from one seed to N nodes (default 8 100 1000, and Kraken's setting) on two sites, every node running
# the real planner and the real executor's decisions over a simulated network and clock
# (io.ferry.sim.DeliveryFigures says what is modelled), and Kraken's published setting; TSV on stdout.
# Java properties through JAVA_OPTS: -Dsim.debug=true (a line per node on stderr), -Dsim.mateDelay=MS,
# -Dsim.siteSample=K, -Dsim.pieceMiB=4 (the N = 1,000 figure: ~10 minutes; at 1 MiB it takes far longer);
# FERRY_SIM_LOG=info shows the runs' own log lines.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q test-compile >&2
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null
exec java ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=${FERRY_SIM_LOG:-warn} -Xmx${FERRY_SIM_HEAP:-8g} -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.ferry.sim.DeliveryFigures "$@"
