#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptdump-compare.sh ARCH [VARIANT...]: boot the base and the patched
# kernel (nokaslr) for each variant of the kernel command line and QEMU
# options, and require the kernel page-table dumps to be identical, and
# on x86_64 also the DirectMap lines of /proc/meminfo and the
# direct_map_level*_splits of /proc/vmstat: the series must build the
# same page tables at boot.
#
# Variants (default: the ones `make check` runs):
#   arm64:  rodata-full rodata-on
#   x86_64: default no5lvl            (4 GiB, a CPU with 1G pages and LA57)
#           nogbpages debug-pagealloc movable-node   (make check-matrix)
#
# Left out, because they differ from boot to boot of the same kernel:
# KFENCE's pool (kfence.sample_interval=0 turns it off), arm64's vmalloc
# area past the kernel image (run-time allocations), and on x86_64 the
# vmalloc area, the modules area and the ESPfix area (its pages are
# placed at random even with nokaslr). With debug_pagealloc every free
# page is unmapped, so which PTEs are present is run-time state: that
# variant compares the level of every range of the linear map (which
# ranges are PTEs, PMD or PUD leaves, or empty at which level) and the
# counters, not the attributes of its PTEs.
. "$(dirname "$0")/lib.sh"
arch=$(norm_arch "${1:-}")
shift || true
case $arch in
arm64)  variants=${*:-"rodata-full rodata-on"} ;;
x86_64) variants=${*:-"default no5lvl"} ;;
esac
a=${PTDUMP_A:-base}; b=${PTDUMP_B:-patched}

# variant_opts VARIANT: the run-test.sh options of a variant.
variant_opts() {
	case $arch-$1 in
	arm64-rodata-full)    echo "--append rodata=full" ;;
	arm64-rodata-on)      echo "--append rodata=on" ;;
	x86_64-default)       echo "--mem 4G" ;;
	x86_64-no5lvl)        echo "--mem 4G --append no5lvl" ;;
	x86_64-nogbpages)     echo "--mem 4G --append nogbpages" ;;
	x86_64-debug-pagealloc) echo "--mem 4G --append debug_pagealloc=on" ;;  # levels only
	x86_64-movable-node)  echo "--mem 4G --append movable_node" ;;
	*) die "unknown ptdump variant '$1' for $arch" ;;
	esac
}

imgdir() { if [ -d "$1" ]; then echo "$1"; else "$TOP/scripts/kernel.sh" "$arch" "$1"; fi; }
kname() { if [ -d "$1" ]; then basename "$1"; else echo "$1"; fi; }

# extract LOG IMGDIR: the lines to compare, from a guest's console. The
# kernel image's section boundaries (its own mapping: x86_64's high
# mapping, arm64's image in the vmalloc area; and its alias in the linear
# map) move with the size of each section of that kernel: where a range
# starts or ends at one of the linker script's boundary symbols, the
# symbol's name replaces the address and its size. arm64's linear alias
# of the image starts with its first read-only range (the alias of _text).
extract() {
	python3 - "$arch" "$1" "$2/System.map" "${3:-}" <<'PY'
import re, sys
arch, log, smap, levels_only = sys.argv[1:]
syms = {}
for l in open(smap):
    a, t, n = l.split()[:3]
    syms.setdefault(n, int(a, 16))
end = (syms["_end"] + 0xfff) & ~0xfff
bounds = ("_text", "_stext", "_etext", "__start_rodata", "__end_rodata",
          "_sdata", "_data", "_edata", "__init_begin", "__inittext_begin",
          "__inittext_end", "__initdata_begin", "__initdata_end",
          "__init_end", "__bss_start", "__bss_stop", "_end")
names = {syms[n]: n for n in reversed(bounds) if n in syms}
KMAP = 0xffffffff80000000        # __START_KERNEL_map
skip_x86 = ("vmalloc() Area", "Modules", "ESPfix Area")
section, lowbase, merged = "", None, None

def flush():
    global merged
    if merged:
        print(f"{merged[0]:#x}-{merged[1]:#x} {merged[2]}")
    merged = None

def name(a):
    """A boundary symbol at kernel address a, or a linear-map alias of it."""
    if section in ("High Kernel Mapping", "vmalloc() area") and a in names:
        return names[a]
    if section in ("Low Kernel Mapping", "Linear Mapping start") and lowbase is not None:
        k = a - lowbase + KMAP
        if k in names:
            return f"lm({names[k]})"
    return None

for line in open(log, errors="replace"):
    if line.startswith("WB-DIRECTMAP "):
        print(line.rstrip("\n"))
        continue
    if not line.startswith("WB-PTDUMP "):
        continue
    line = line[len("WB-PTDUMP "):].rstrip("\n")
    m = re.match(r"---\[ (.*) \]---", line)
    if m:
        flush()
        section = m.group(1)
        print(line)
        continue
    if arch == "x86_64" and section in skip_x86:
        continue
    m = re.match(r"0x([0-9a-f]+)-0x([0-9a-f]+)(\s+\S+)(.*)", line)
    if arch == "arm64" and m:
        a, b = int(m.group(1), 16), int(m.group(2), 16)
        if section == "vmalloc() area" and a >= end:
            continue
        if section == "Linear Mapping start" and lowbase is None and " ro " in line:
            lowbase, KMAP = a, syms["_text"]
    elif m:
        a, b = int(m.group(1), 16), int(m.group(2), 16)
        if section == "Low Kernel Mapping" and lowbase is None:
            lowbase = a & ~0xfffffff         # PAGE_OFFSET: 256M-aligned
    if m:
        if levels_only and section == "Low Kernel Mapping":
            level = line.split()[-1]
            if merged and merged[1] == a and merged[2] == level:
                merged[1] = b
            else:
                flush()
                merged = [a, b, level]
            continue
        na, nb = name(a), name(b)
        if na or nb:
            line = (f"{na or hex(a)}-{nb or hex(b)}" +
                    " " * len(m.group(3)) + m.group(4))
    print(line)
PY
}

rc=0
ia=$(imgdir "$a"); ib=$(imgdir "$b")
for v in $variants; do
	read -ra opts <<< "$(variant_opts "$v")"
	for k in "$a" "$b"; do
		WB_LOGTAG=-$v "$TOP/scripts/run-test.sh" "$arch" "$k" ptdump "${opts[@]}" \
			--append "nokaslr kfence.sample_interval=0" >/dev/null || {
			say "ptdump boot failed: $arch $k $v"; rc=1; }
	done
	la=$LOGS/$arch-$(kname "$a")-ptdump-$v.log
	lb=$LOGS/$arch-$(kname "$b")-ptdump-$v.log
	diff=$LOGS/$arch-ptdump-$v.diff
	lv=; [ "$v" = debug-pagealloc ] && lv=levels
	n=$(extract "$la" "$ia" $lv | grep -vc '^WB-DIRECTMAP' || true)
	if [ "$n" -gt 0 ] && diff -u <(extract "$la" "$ia" $lv) <(extract "$lb" "$ib" $lv) > "$diff"; then
		echo "  ptdump $v: identical ($n lines${lv:+, levels only}$(extract "$la" "$ia" |
			grep -q '^WB-DIRECTMAP' && echo ", DirectMap and splits too"))"
	else
		echo "  ptdump $v: DIFFERENT or empty ($n lines); $diff:"
		head -40 "$diff" | sed 's/^/    /'
		rc=1
	fi
done
exit $rc
