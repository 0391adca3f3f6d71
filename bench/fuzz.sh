#!/usr/bin/env bash
# bench/fuzz.sh [TRIES] : the long run of the decoder fuzz tests (every *FuzzTest class: manifests,
# manifest patches, pick and batch framing, the API's arguments), TRIES cases per property (default
# 200,000; the test suite runs jqwik's default of 1,000). Prints the cases and seconds per property
# and in all. A failing case is kept in .jqwik-database and tried first on the next run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tries=${1:-200000}
case $tries in '' | *[!0-9]*) echo "usage: bench/fuzz.sh [TRIES]" >&2; exit 2 ;; esac

echo "fuzz: every *FuzzTest property, $tries cases each"
start=$(date +%s.%N)
set +e
mvn -o -q -B test -Dtest='*FuzzTest' -Djqwik.tries.default="$tries" -Dsurefire.failIfNoSpecifiedTests=false
status=$?
set -e
end=$(date +%s.%N)

# jqwik reports each property's tries in the test output; surefire times each one in its XML report
python3 - "$start" "$end" target/surefire-reports <<'PY'
import glob, re, sys, xml.etree.ElementTree as ET
start, end, reports = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
tries = {}
for out in glob.glob(f"{reports}/*FuzzTest-output.txt"):
    text = open(out, encoding="utf-8", errors="replace").read()
    for prop, n in re.findall(r"\b(\w+FuzzTest:\w+) = \n.*?\ntries = (\d+)", text, re.S):
        tries[prop] = int(n)
seconds = {}
failed = []
for xml in glob.glob(f"{reports}/TEST-*FuzzTest.xml"):
    for case in ET.parse(xml).getroot().iter("testcase"):
        prop = case.get("classname").rsplit(".", 1)[-1] + ":" + case.get("name").split("(")[0]
        seconds[prop] = float(case.get("time") or 0)
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(prop)
print(f"{'property':<78} {'cases':>9} {'seconds':>8}")
for prop in sorted(set(tries) | set(seconds)):
    print(f"{prop:<78} {tries.get(prop, 0):>9} {seconds.get(prop, 0):>8.1f}")
print(f"{'all ' + str(len(seconds)) + ' properties':<78} {sum(tries.values()):>9} {end - start:>8.1f}  (wall, Maven included)")
for prop in failed:
    print(f"FAILED: {prop} (see {reports})")
PY
exit $status
