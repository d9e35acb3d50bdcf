#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# summary.sh: merge build/results.d into build/results.json, print the
# table and the closing "N passed, N failed" line. Exit status 1 when
# anything failed (xpass is a failure).
. "$(dirname "$0")/lib.sh"
python3 - "$RESULTS_D" "$BUILD/results.json" "$BUILD" <<'PY'
import glob, json, os, sys
d, out, build = sys.argv[1:]
res = [json.load(open(f)) for f in glob.glob(os.path.join(d, "*.json"))]
res.sort(key=lambda r: r["at"])
bf = os.path.join(build, "base-mismatch")
meta = {"base_mismatch": open(bf).read().strip() if os.path.exists(bf) else None}
json.dump({"meta": meta, "stages": res}, open(out, "w"), indent=1)
ok = {"pass", "xfail", "skip"}
npass = sum(r["result"] in ok for r in res)
nfail = len(res) - npass
print()
print(f"{'stage':<36} {'result':<7} {'seconds':>7}  command")
print("-" * 96)
for r in res:
    print(f"{r['stage']:<36} {r['result']:<7} {r['seconds']:>7}  {r['command']}"
          + (f"  ({r['detail']})" if r.get("detail") else ""))
print("-" * 96)
total = sum(r["seconds"] for r in res)
nx = sum(r["result"] == "xfail" for r in res)
print(f"results: {out}; {total}s in stages" + (f"; {nx} expected failures (tests/xfail)" if nx else ""))
if meta["base_mismatch"]:
    print(f"WARNING: base version mismatch: this machine has {meta['base_mismatch']}")
print(f"{npass} passed, {nfail} failed")
sys.exit(1 if nfail else 0)
PY
