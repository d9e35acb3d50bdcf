#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh [RUNS]: how much work each architecture does to build its
# kernel page tables at boot, base against patched kernel, in one run.
#
# Boots both kernels (8 GiB of RAM, nokaslr) with a QEMU TCG plugin
# (tools/insn-window.c) that counts the guest instructions executed from
# the entry of one function to the entry of the next call in setup_arch():
#  - arm64: paging_init() to unflatten_device_tree(), that is map_mem(),
#    map_kernel() and the allocators they call; rodata=full (the linear
#    map at page granularity, 2M PTEs: the worst case) and rodata=on
#    (blocks and contiguous hints);
#  - x86_64: init_mem_mapping() to cpu_init_replace_early_idt(), the
#    whole boot-time linear map; by default (a CPU with 1G pages),
#    nogbpages (2M pages) and debug_pagealloc=on (4K pages: the worst
#    case).
# Host time under TCG is noise (bimodal, +-50%); the instruction count
# is exact and repeats, so one run per kernel and variant is enough, and
# RUNS > 1 checks that it repeats. Prints the counts, the ratio
# patched/base and the functions the instructions went to.
. "$(dirname "$0")/lib.sh"
runs=${1:-1}
ARCHES=${ARCHES:-"x86_64 arm64"}
need_pkgs gcc
plugin=$BUILD/tools/insn-window.so
mkdir -p "$BUILD/tools"
if [ ! -f "$plugin" ] || [ "$TOP/tools/insn-window.c" -nt "$plugin" ]; then
	gcc -O2 -Wall -Werror -shared -fPIC -o "$plugin" "$TOP/tools/insn-window.c" ||
		die "cannot build the QEMU plugin"
fi

sym() {
	local a
	a=$(awk -v s="$2" '$3 == s { print $1; exit }' "$1/System.map")
	[ -n "$a" ] || die "no symbol $2 in $1/System.map"
	echo "0x$a"
}

# The window and the variants (name=kernel command line) per arch.
window() {
	case $1 in
	arm64)  echo "paging_init unflatten_device_tree" ;;
	x86_64) echo "init_mem_mapping cpu_init_replace_early_idt" ;;
	esac
}
variants() {
	case $1 in
	arm64)  echo "rodata=full:rodata=full rodata=on:rodata=on" ;;
	x86_64) echo "default: nogbpages:nogbpages debug_pagealloc:debug_pagealloc=on" ;;
	esac
}

table=$LOGS/bench.txt
: > "$table"
for arch in $ARCHES; do
	declare -A img=()
	for k in base patched; do img[$k]=$("$TOP/scripts/kernel.sh" "$arch" $k); done
	read -r from to <<< "$(window "$arch")"
	names=()
	for vv in $(variants "$arch"); do
		v=${vv%%:*} cmdline=${vv#*:}
		names+=("$v")
		for i in $(seq "$runs"); do
			for k in base patched; do
				d=${img[$k]}
				out=$LOGS/$arch-$k-bench-$v-$i.insn
				rm -f "$out"
				WB_LOGTAG=-bench-$v-$i "$TOP/scripts/run-test.sh" "$arch" "$d" boot \
					--mem 8G --append "nokaslr $cmdline" \
					--plugin "$plugin,start=$(sym "$d" "$from"),stop=$(sym "$d" "$to")" \
					--plugin-log "$out" >/dev/null ||
					die "boot failed: $arch $k $v run $i"
			done
		done
	done
	python3 - "$LOGS" "$arch" "$from" "$runs" "${img[base]}/System.map" \
		"${img[patched]}/System.map" "${names[@]}" <<'PY' | tee -a "$table"
import bisect, sys
logs, arch, func, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
smap = {"base": sys.argv[5], "patched": sys.argv[6]}
variants = sys.argv[7:]

def symbols(path):
    s = sorted((int(a, 16), n) for a, t, n in
               (l.split()[:3] for l in open(path)) if t in "tTwW")
    return [a for a, _ in s], [n for _, n in s]

def load(k, v, i):
    path = f"{logs}/{arch}-{k}-bench-{v}-{i}.insn"
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

print(f"{arch} {func}() at boot, 8 GiB, guest instructions (QEMU TCG plugin)")
print(f"{'variant':<16} {'base':>12} {'patched':>12} {'ratio':>7}")
detail = []
for v in variants:
    n = {}
    for k in ("base", "patched"):
        counts = [load(k, v, i)[0] for i in range(1, runs + 1)]
        if len(set(counts)) != 1:
            sys.exit(f"{arch} {k} {v}: counts differ between runs: {counts}")
        n[k] = counts[0]
        addrs, names = symbols(smap[k])
        per = {}
        for a, c in load(k, v, 1)[1]:
            j = bisect.bisect_right(addrs, a) - 1
            name = names[j] if j >= 0 else "?"
            per[name] = per.get(name, 0) + c
        top = sorted(per.items(), key=lambda x: -x[1])[:4]
        detail.append(f"  {v} {k}: " +
                      ", ".join(f"{name} {c / n[k]:.0%}" for name, c in top))
    print(f"{v:<16} {n['base']:>12,} {n['patched']:>12,} "
          f"{n['patched'] / n['base']:>7.2f}")
print("where they went:")
print("\n".join(detail))
PY
	[ "${PIPESTATUS[0]}" -eq 0 ] || die "no result for $arch"
done
say "table: $table"
