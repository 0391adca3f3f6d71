#!/usr/bin/env bash
# bench/wire-compression.sh [OLD NEW] : what the new chunks of an update (default v1 -> v2) cost on the
# wire, compressed chunk by chunk against as one zstd stream, at zstd levels 1, 3, 9, 19.
# Results in bench/out/wire-compression.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_image v1
need_image v2
build_tools
java -cp "$TOOLS_CP" io.ferry.bench.WireCompression "${1:-$IMAGES/v1.raw}" "${2:-$IMAGES/v2.raw}" \
    | tee "$OUT/wire-compression.md"
