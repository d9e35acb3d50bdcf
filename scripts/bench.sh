#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh [RUNS]: how much work arm64 does to build its kernel page
# tables at boot, base against patched kernel, in one run.
#
# Boots both kernels (8 GiB of RAM, nokaslr) for rodata=full (the linear
# map at page granularity, 2M PTEs: the worst case) and rodata=on (blocks
# and contiguous hints), with a QEMU TCG plugin (tools/insn-window.c)
# that counts the guest instructions executed from the entry of
# paging_init() to the entry of unflatten_device_tree(), the next call in
# setup_arch(). That is map_mem(), map_kernel() and the allocators they
# call. Host time under TCG is noise (bimodal, +-50%); the instruction
# count is exact and repeats, so one run per kernel and variant is
# enough, and RUNS > 1 checks that it repeats. Prints the counts, the
# ratio patched/base and the functions the instructions went to.
. "$(dirname "$0")/lib.sh"
runs=${1:-1}
arch=arm64
need_pkgs gcc
plugin=$BUILD/tools/insn-window.so
mkdir -p "$BUILD/tools"
if [ ! -f "$plugin" ] || [ "$TOP/tools/insn-window.c" -nt "$plugin" ]; then
	gcc -O2 -Wall -Werror -shared -fPIC -o "$plugin" "$TOP/tools/insn-window.c" ||
		die "cannot build the QEMU plugin"
fi
declare -A img
for k in base patched; do img[$k]=$("$TOP/scripts/kernel.sh" $arch $k); done

sym() {
	local a
	a=$(awk -v s="$2" '$3 == s { print $1; exit }' "$1/System.map")
	[ -n "$a" ] || die "no symbol $2 in $1/System.map"
	echo "0x$a"
}

for v in full on; do
	for i in $(seq "$runs"); do
		for k in base patched; do
			d=${img[$k]}
			out=$LOGS/$arch-$k-bench-$v-$i.insn
			rm -f "$out"
			WB_LOGTAG=-bench-$v-$i "$TOP/scripts/run-test.sh" $arch "$d" boot \
				--mem 8G --append "nokaslr rodata=$v" \
				--plugin "$plugin,start=$(sym "$d" paging_init),stop=$(sym "$d" unflatten_device_tree)" \
				--plugin-log "$out" >/dev/null ||
				die "boot failed: $k rodata=$v run $i"
		done
	done
done

python3 - "$LOGS" "$runs" "${img[base]}/System.map" "${img[patched]}/System.map" <<'PY'
import bisect, sys
logs, runs = sys.argv[1], int(sys.argv[2])
smap = {"base": sys.argv[3], "patched": sys.argv[4]}

def symbols(path):
    s = sorted((int(a, 16), n) for a, t, n in
               (l.split()[:3] for l in open(path)) if t in "tTwW")
    return [a for a, _ in s], [n for _, n in s]

def load(k, v, i):
    path = f"{logs}/arm64-{k}-bench-{v}-{i}.insn"
    total, blocks = None, []
    for l in open(path):
        f = l.split()
        if f[0] == "insn-window:":
            if f[1] != "complete":
                sys.exit(f"{path}: the window did not close")
            total = int(f[2])
        elif f[0] == "insn-block:":
            blocks.append((int(f[1], 16), int(f[2])))
    if total is None:
        sys.exit(f"{path}: no count (did QEMU exit cleanly?)")
    return total, blocks

print("arm64 paging_init() at boot, 8 GiB, guest instructions (QEMU TCG plugin)")
print(f"{'rodata':<8} {'base':>12} {'patched':>12} {'ratio':>7}")
detail = []
for v in ("full", "on"):
    n = {}
    for k in ("base", "patched"):
        counts = [load(k, v, i)[0] for i in range(1, runs + 1)]
        if len(set(counts)) != 1:
            sys.exit(f"{k} rodata={v}: counts differ between runs: {counts}")
        n[k] = counts[0]
        addrs, names = symbols(smap[k])
        per = {}
        for a, c in load(k, v, 1)[1]:
            j = bisect.bisect_right(addrs, a) - 1
            name = names[j] if j >= 0 else "?"
            per[name] = per.get(name, 0) + c
        top = sorted(per.items(), key=lambda x: -x[1])[:4]
        detail.append(f"  rodata={v} {k}: " +
                      ", ".join(f"{name} {c / n[k]:.0%}" for name, c in top))
    print(f"{v:<8} {n['base']:>12} {n['patched']:>12} "
          f"{n['patched'] / n['base']:>7.2f}")
print("where they went:")
print("\n".join(detail))
PY
