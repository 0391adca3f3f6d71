#!/usr/bin/env bash
# bench/file-create-cost.sh [DIR] : what one small file per chunk costs on this machine's disk against
# appending the same bytes to one file: 20,000 records of 6,000 bytes (about one 2 GiB image's new
# chunks), in 256 fan-out directories like the old cache, timed with /usr/bin/time (system seconds).
# This is why the chunk cache is pack files (docs/architecture.md).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_pkgs python3:python3
dir=$(mktemp -d "${1:-/var/tmp}/ferry-files.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cat > "$dir/files.py" <<'PY'
import os, secrets, sys
root, mode = sys.argv[1], sys.argv[2]
data = os.urandom(6000)
if mode == "files":
    for i in range(256):
        os.makedirs(f"{root}/{i:02x}", exist_ok=True)
    for i in range(20000):
        h = secrets.token_hex(32)
        fd = os.open(f"{root}/{h[:2]}/{h}.cacnk", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        os.close(fd)
else:
    with open(f"{root}/pack", "wb") as f:
        for i in range(20000):
            f.write(data)
PY
mkdir -p "$dir/files" "$dir/pack"
/usr/bin/time -f "one file per record: %e s wall, %S s system" python3 "$dir/files.py" "$dir/files" files
/usr/bin/time -f "one pack file:       %e s wall, %S s system" python3 "$dir/files.py" "$dir/pack" pack
