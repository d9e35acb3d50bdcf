#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""summary.py RESULTS_D RESULTS_JSON BUILD TOP: build/results.json (what ran,
with what, where its logs are) and the summary table (scripts/summary.sh)."""
import glob
import json
import os
import re
import subprocess
import sys
import time

d, out, build, top = sys.argv[1:]
res = [json.load(open(f)) for f in glob.glob(os.path.join(d, "*.json"))]
res.sort(key=lambda r: r["at"])


def first_line(*cmd, cwd=None):
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                              check=True).stdout.strip().splitlines()[0]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return None


def base_field(base, key):
    d = "patches" if base == "7.3" else os.path.join("stable", base)
    for ln in open(os.path.join(top, d, "BASE")):
        if ln.startswith(key + "="):
            return ln.split("=", 1)[1].strip()
    return None


def tools():
    t = {}
    for n in ("toolchain-versions", "toolchain-versions-xen"):
        f = os.path.join(build, n)
        if os.path.exists(f):
            for ln in open(f):
                k, _, v = ln.strip().partition(" ")
                t[k] = v
    for q in ("qemu-system-x86_64", "qemu-system-aarch64"):
        t[q] = first_line(q, "--version")
    return t


# What a reader needs to reproduce the run (after tuxmake's metadata.json).
meta = {
    "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "ci": bool(os.environ.get("CI")),
    "workbench_head": first_line("git", "rev-parse", "HEAD", cwd=top),
    "bases": {},
    "host": {"kernel": first_line("uname", "-r"), "cpus": os.cpu_count()},
    "tools": tools(),
    "images": {},
}
for base in ("7.3", "6.12"):
    ksrc = os.path.join(build, base, "linux")
    if not os.path.isdir(ksrc):
        continue
    bf = os.path.join(build, base, "base-mismatch")
    meta["bases"][base] = {
        "package": base_field(base, "PACKAGE"),
        "version": base_field(base, "VERSION"),
        "base_mismatch": open(bf).read().strip() if os.path.exists(bf) else None,
        "series_head": first_line("git", "rev-parse", "master", cwd=ksrc),
        "series_patches": first_line("git", "rev-list", "--count", "base..master", cwd=ksrc),
    }
for desc in sorted(glob.glob(os.path.join(build, "images", "*", "*", "desc"))):
    img = os.path.dirname(desc)
    meta["images"][os.path.relpath(img, build)] = open(desc).read().strip()
# A QEMU stage's kernel image, from its run's summary next to the console.
for r in res:
    j = (r.get("console") or "")[:-len(".log")] + ".json"
    if r.get("console") and os.path.exists(j):
        r["kernel"] = json.load(open(j)).get("kernel")
with open(out, "w") as f:
    json.dump({"meta": meta, "stages": res}, f, indent=1)
ok = {"pass", "xfail", "skip"}
npass = sum(r["result"] in ok for r in res)
nfail = len(res) - npass
print()
print(f"{'stage':<44} {'result':<7} {'seconds':>7}  command")
print("-" * 96)
for r in res:
    print(f"{r['stage']:<44} {r['result']:<7} {r['seconds']:>7}  {r['command']}"
          + (f"  ({r['detail']})" if r.get("detail") else ""))
print("-" * 96)

# Memory hot-add under injected page-table allocation failure, per
# architecture and kernel (tests hotadd-fail-each and hotadd-stress; the
# 4K variant of hotadd-fail-each gets a row of its own).
rows = []
for r in res:
    m = re.fullmatch(r"([0-9.]+):(hotadd-fail-each(-4k)?|hotadd-stress)-(x86_64|arm64)-(\w+)",
                     r["stage"])
    if not m or r.get("detail", "").startswith("not run"):
        continue
    base, t, tag, arch, kernel = m.groups()
    f = os.path.join(build, base, "logs", f"{arch}-{kernel}-{t}.json")
    if os.path.exists(f):
        rows.append((base + " " + arch, kernel + (tag or ""), t, r["result"], json.load(open(f))))
if rows:
    print()
    print("memory hot-add under injected page-table allocation failure:")
    hdr = ("base arch", "kernel", "points", "survived", "leaked", "cycles",
           "injected", "seconds", "outcome")
    fmt = "{:<12} {:<10} {:>9} {:>9} {:>7} {:>7} {:>9} {:>8}  {}"
    print(fmt.format(*hdr))
    print("-" * 96)
    byak = {}
    for arch, kernel, t, result, j in rows:
        e = byak.setdefault((arch, kernel), {"m": {}, "s": 0, "o": []})
        e["m"].update(j.get("metrics", {}))
        e["s"] += j.get("seconds", 0)
        e["o"].append(f"{t.split('-', 1)[1]}: {result}"
                      + ("" if j.get("outcome") == "ok" else f" ({j.get('outcome').replace(' (expected)', ', expected')})"))
    def leaked(m):
        v = [x for k, x in m.items() if k.endswith("leaked-pages")]
        return str(sum(v)) if v else "-"
    for (arch, kernel), e in byak.items():
        m = e["m"]
        paths = [p for p in ("probe", "module") if f"{p}-points" in m]
        def col(key):
            v = [str(m[f"{p}-{key}"]) for p in paths if f"{p}-{key}" in m]
            return "/".join(v) if v else "-"
        print(fmt.format(arch, kernel, col("points"), col("survived"),
                         leaked(m),
                         str(m.get("stress-cycles", "-")),
                         str(m.get("stress-injected", "-")),
                         round(e["s"]), "; ".join(e["o"])))
    print("points, survived: per hot-add path ([probe/]module); leaked: "
          "page-table pages, all tests; cycles, injected: virtio-mem stress")
    print("-" * 96)

# Every allocation of the add path (hotadd-fail-any): points, failed,
# absorbed per mode, pages held and kmemleak objects at the end.
anyrows = []
for r in res:
    m = re.fullmatch(r"([0-9.]+):hotadd-fail-any(-node)?-(x86_64|arm64)-(\w+)", r["stage"])
    if not m or r.get("detail", "").startswith("not run"):
        continue
    base, node, arch, kernel = m.groups()
    f = os.path.join(build, base, "logs", f"{arch}-{kernel}-hotadd-fail-any{node or ''}.json")
    if os.path.exists(f):
        anyrows.append((base + " " + arch, kernel + (node or ""), r["result"], json.load(open(f))))
if anyrows:
    print()
    print("memory hot-add while any allocation of the add path fails (hotadd-fail-any[-node]):")
    fmt = "{:<12} {:<13} {:>4} {:>14} {:>14} {:>5} {:>8} {:>8}  {}"
    print(fmt.format("base arch", "kernel", "slab", "nth p/f/a", "from p/f/a", "held",
                     "kmemleak", "seconds", "outcome"))
    print("-" * 96)
    for arch, kernel, result, j in anyrows:
        m = j.get("metrics", {})
        def pfa(mode):
            v = [m.get(f"{mode}-{k}") for k in ("points", "failed", "absorbed")]
            return "/".join(str(x) for x in v) if None not in v else "-"
        def tot(k):
            v = [m[f"{mode}-{k}"] for mode in ("nth", "from") if f"{mode}-{k}" in m]
            return str(sum(v)) if v else "-"
        slab = {1: "yes", 0: "no"}.get(m.get("slab"), "-")
        print(fmt.format(arch, kernel, slab, pfa("nth"), pfa("from"), tot("held-pages"),
                         tot("kmemleak"), round(j.get("seconds", 0)),
                         result + ("" if j.get("outcome") == "ok" else
                                   f" ({j.get('outcome', '?').replace(' (expected)', ', expected')})")))
    print("p/f/a: points (k the add reached), failed with an error and left "
          "nothing, absorbed (the add succeeded); slab: slab allocations failed too")
    print("-" * 96)
total = sum(r["seconds"] for r in res)
nx = sum(r["result"] == "xfail" for r in res)
print(f"results: {out}; {total}s in stages" + (f"; {nx} expected failures (tests/xfail)" if nx else ""))
for base, b in meta["bases"].items():
    if b["base_mismatch"]:
        print(f"WARNING: {base}: base version mismatch: the archive has {b['base_mismatch']}")
print(f"{npass} passed, {nfail} failed")
sys.exit(1 if nfail else 0)
