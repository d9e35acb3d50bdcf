#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh [RUNS]: how long arm64 takes to build its linear map at boot,
# base against patched kernel, in one run.
#
# Boots both kernels RUNS times (default 3), interleaved, with 8 GiB of
# RAM and an early console, for rodata=full (page granularity, the worst
# case) and rodata=on (blocks and contiguous hints). The host notes when
# the console shows the last line before paging_init() ("efi: UEFI not
# found.") and the first one after it ("OF: reserved mem" or "Zone
# ranges"): the time between is mostly map_mem(). Prints the medians and
# the ratio patched/base per variant. Under TCG the times track the
# instructions executed; compare the ratio, not the absolute numbers.
. "$(dirname "$0")/lib.sh"
runs=${1:-3}
arch=arm64
for k in base patched; do "$TOP/scripts/kernel.sh" $arch $k >/dev/null; done

for v in full on; do
	for i in $(seq "$runs"); do
		for k in base patched; do
			WB_LOGTAG=-bench-$v-$i "$TOP/scripts/run-test.sh" $arch $k boot \
				--mem 8G --append "earlycon=pl011,0x9000000 rodata=$v" \
				--mark 'pre=efi: UEFI not found' \
				--mark 'post=OF: reserved mem|Zone ranges' >/dev/null ||
				die "boot failed: $k rodata=$v run $i"
		done
	done
done
python3 - "$LOGS" "$runs" <<'PY'
import json, statistics, sys
logs, runs = sys.argv[1], int(sys.argv[2])
print(f"arm64 map_mem() at boot, 8 GiB, {runs} runs each (ms, host time under TCG)")
print(f"{'rodata':<8} {'base':>9} {'patched':>9} {'ratio':>7}   runs base / patched")
for v in ("full", "on"):
    t = {}
    for k in ("base", "patched"):
        t[k] = []
        for i in range(1, runs + 1):
            j = json.load(open(f"{logs}/arm64-{k}-boot-bench-{v}-{i}.json"))
            m = j.get("marks", {})
            if "pre" not in m or "post" not in m:
                sys.exit(f"{k} rodata={v} run {i}: console marks missing")
            t[k].append((m["post"] - m["pre"]) * 1000)
    b, p = statistics.median(t["base"]), statistics.median(t["patched"])
    print(f"{v:<8} {b:>9.0f} {p:>9.0f} {p / b:>7.2f}   "
          + " ".join(f"{x:.0f}" for x in t["base"]) + " / "
          + " ".join(f"{x:.0f}" for x in t["patched"]))
PY
