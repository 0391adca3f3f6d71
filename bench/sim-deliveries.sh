#!/usr/bin/env bash
# bench/sim-deliveries.sh [N...|kraken] : the delivery simulation's figures (issue 13, in progress): one
# 2 GiB image from one seed to N nodes (default 8 100 1000) on two sites, each node planning with the real
# planner over a simulated network and clock (io.ferry.sim.DeliveryFigures says what is modelled), and
# Kraken's published setting; TSV on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q test-compile >&2
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=${FERRY_SIM_LOG:-warn} -Xmx${FERRY_SIM_HEAP:-8g} -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.ferry.sim.DeliveryFigures "$@"
