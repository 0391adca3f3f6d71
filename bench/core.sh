#!/usr/bin/env bash
# bench/core.sh : every core-engine benchmark in one go (about 15 minutes on 2 cores):
# chunker settings, import against casync, local get against cp, and the JMH chunking benchmark.
# Outputs land in bench/out/*.md and bench/out/jmh.txt; docs/benchmarks.md quotes them.
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
SETTINGS=${SETTINGS:-"blockcdc:8K blockcdc:16K blockcdc:32K fastcdc:4K fastcdc:8K fastcdc:16K fastcdc:32K fastcdc:64K fixed:4K fixed:16K fixed:64K"} \
    "$here/chunker-settings.sh"
"$here/import-vs-casync.sh"
"$here/get-local.sh"
"$here/jmh.sh" ChunkingBenchmark
