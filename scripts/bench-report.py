#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table of make bench (scripts/bench.sh).

bench-report.py LOGS RUNS ENTRY...; an ENTRY is
ARCH|NAME|WHAT|BASE_SYSTEM_MAP|PATCHED_SYSTEM_MAP, its counts in
LOGS/ARCH-{base,patched}-bench-NAME-RUN.insn (tools/insn-window.c). The
table gives the smallest count of the runs and, where they differ, how far
the largest was from it (x86_64's boot differs by a few instructions, a
hot-add by the timer interrupts that land in its window).
"""
import bisect
import sys

logs, runs = sys.argv[1], int(sys.argv[2])
entries = [e.split("|") for e in sys.argv[3:]]


def symbols(path):
    s = sorted((int(a, 16), n) for a, t, n in
               (ln.split()[:3] for ln in open(path)) if t in "tTwW")
    return [a for a, _ in s], [n for _, n in s]


def load(arch, k, v, i):
    path = f"{logs}/{arch}-{k}-bench-{v}-{i}.insn"
    total, blocks = None, []
    for ln in open(path):
        f = ln.split()
        if f[0] == "insn-window:":
            if f[1] != "complete":
                sys.exit(f"{path}: the window did not close")
            total = int(f[2])
        elif f[0] == "insn-block:":
            blocks.append((int(f[1], 16), int(f[2])))
    if total is None:
        sys.exit(f"{path}: no count (did QEMU exit cleanly?)")
    return total, blocks


print("guest instructions (QEMU TCG plugin), base and patched kernels of one run")
fmt = "{:<7} {:<44} {:>12} {:>12} {:>6}  {}"
print(fmt.format("arch", "window, variant", "base", "patched", "ratio", "note"))
print("-" * 96)
detail = []
for arch, v, what, smap_base, smap_patched in entries:
    smap = {"base": smap_base, "patched": smap_patched}
    n, note = {}, []
    for k in ("base", "patched"):
        counts = [load(arch, k, v, i)[0] for i in range(1, runs + 1)]
        n[k] = min(counts)
        if len(set(counts)) != 1:
            note.append(f"{k} +{max(counts) - n[k]:,} ({(max(counts) - n[k]) / n[k]:.2%}) over {runs} runs")
        best = counts.index(n[k]) + 1
        addrs, names = symbols(smap[k])
        per = {}
        for a, c in load(arch, k, v, best)[1]:
            j = bisect.bisect_right(addrs, a) - 1
            name = names[j] if j >= 0 else "?"
            per[name] = per.get(name, 0) + c
        top = sorted(per.items(), key=lambda x: -x[1])[:4]
        detail.append(f"  {arch} {v} {k}: " +
                      ", ".join(f"{name} {c / n[k]:.0%}" for name, c in top))
    print(fmt.format(arch, f"{what}, {v}", f"{n['base']:,}", f"{n['patched']:,}",
                     f"{n['patched'] / n['base']:.2f}", "; ".join(note)))
print("-" * 96)
print("where they went (the functions with the most instructions):")
print("\n".join(detail))
