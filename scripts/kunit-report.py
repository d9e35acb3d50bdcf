#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Called by scripts/run-kunit.sh.
import json, sys
res, kernel, listf, base = sys.argv[1:]
try:
    top = json.load(open(res))
except (OSError, ValueError):
    print("  kunit: no parsable KTAP output"); sys.exit(1)
want = []
for line in open(listf):
    f = line.split()
    if f and not f[0].startswith("#") and (kernel in f[1:] or f"{base}:{kernel}" in f[1:]):
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
