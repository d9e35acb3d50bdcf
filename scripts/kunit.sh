#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kunit.sh ARCH [KERNEL [KIND [qemu-run.py options...]]]: boot KERNEL
# (default patched) with its KUnit suites enabled and judge them with the
# tree's own parser (tools/testing/kunit/kunit.py parse). Fails on a
# failed or crashed test and on a suite from tests/kunit-suites that did
# not run. WB_LOGTAG tells the logs of a variant apart.
. "$(dirname "$0")/lib.sh"
arch=$(norm_arch "${1:-}"); kernel=${2:-patched}; kind=${3:-}
shift $(( $# < 3 ? $# : 3 ))

rc=0
"$TOP/scripts/run-test.sh" "$arch" "$kernel" kunit "$@" || rc=$?
kname=$kernel; [ -d "$kernel" ] && kname=$(basename "$kernel")
log=$LOGS/$arch-$kname-kunit${WB_LOGTAG:-}.log
json=$LOGS/$arch-$kname-kunit${WB_LOGTAG:-}.ktap.json
python3 "$KSRC/tools/testing/kunit/kunit.py" parse --json="$json" "$log" \
	> "$LOGS/$arch-$kname-kunit${WB_LOGTAG:-}.parsed" 2>&1 || rc=1
[ -n "$kind" ] || { kind=patched; [ "$kernel" = base ] && kind=base; }
python3 - "$json" "$kind" "$TOP/tests/kunit-suites" <<'PY' || rc=1
import json, sys
res, kernel, listf = sys.argv[1:]
try:
    top = json.load(open(res))
except (OSError, ValueError):
    print("  kunit: no parsable KTAP output"); sys.exit(1)
want = []
for line in open(listf):
    f = line.split()
    if f and not f[0].startswith("#") and kernel in f[1:]:
        want.append(f[0])
bad, ran = [], {}
def walk(g, path):
    n = 0
    for t in g.get("test_cases", []):
        n += 1
        if t["status"] not in ("PASS", "SKIP"):
            bad.append(f"{path}.{t['name']}: {t['status']}")
    for s in g.get("sub_groups", []):
        n += walk(s, s["name"] if not path else f"{path}.{s['name']}")
    return n
for s in top.get("sub_groups", []):
    ran[s["name"]] = walk(s, s["name"])
missing = [s for s in want if s not in ran]
for s, n in sorted(ran.items()):
    print(f"  kunit suite {s:<32} {n} tests")
for b in bad:
    print(f"  kunit FAILED {b}")
for m in missing:
    print(f"  kunit MISSING suite {m} (expected on {kernel})")
sys.exit(1 if bad or missing or not ran else 0)
PY
[ $rc -eq 0 ] || say "kunit failed; console: $log, parser: $LOGS/$arch-$kname-kunit${WB_LOGTAG:-}.parsed"
exit $rc
