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
# counters, not the attributes of its PTEs. So does XEN=1 (the kernels as
# Xen PV dom0, variant default): Xen makes every page-table page
# read-only in the linear map, so where it has read-only PTEs is
# run-time state too.
. "$(dirname "$0")/host-lib.sh"
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

# extract LOG IMGDIR: the lines to compare, from a guest's console. The
# kernel image's section boundaries (its own mapping: x86_64's high
# mapping, arm64's image in the vmalloc area; and its alias in the linear
# map) move with the size of each section of that kernel: where a range
# starts or ends at one of the linker script's boundary symbols, the
# symbol's name replaces the address and its size. arm64's linear alias
# of the image starts with its first read-only range (the alias of _text).
extract() {
	python3 "$TOP/scripts/ptdump-extract.py" "$arch" "$1" "$2/System.map" "${3:-}"
}

rc=0
ia=$(imgdir "$a"); ib=$(imgdir "$b")
for v in $variants; do
	read -ra opts <<< "$(variant_opts "$v")"
	booted=1
	for k in "$a" "$b"; do
		WB_LOGTAG=-$v "$TOP/scripts/run-test.sh" "$arch" "$k" ptdump "${opts[@]}" \
			--append "nokaslr kfence.sample_interval=0" >/dev/null || {
			say "ptdump boot failed: $arch $k $v"; booted=0; }
	done
	if [ $booted -eq 0 ]; then
		echo "  ptdump $v: NOT COMPARED (a boot failed; logs in $LOGS)"
		rc=1
		continue
	fi
	la=$(WB_LOGTAG=-$v run_log "$arch" "$a" ptdump).log
	lb=$(WB_LOGTAG=-$v run_log "$arch" "$b" ptdump).log
	diff=$LOGS/$arch-ptdump-$v$XENTAG.diff
	lv=; { [ "$v" = debug-pagealloc ] || [ "$XEN" = 1 ]; } && lv=levels
	extract "$la" "$ia" $lv > "$diff.a" || : > "$diff.a"
	extract "$lb" "$ib" $lv > "$diff.b" || : > "$diff.b"
	n=$(grep -vc '^WB-DIRECTMAP' "$diff.a" || true)
	same=0
	diff -u "$diff.a" "$diff.b" > "$diff" && same=1
	if [ "$n" -gt 0 ] && [ $same -eq 1 ]; then
		echo "  ptdump $v: identical ($n lines${lv:+, levels only}$(grep -q '^WB-DIRECTMAP' "$diff.a" &&
			echo ", DirectMap and splits too"))"
	else
		echo "  ptdump $v: DIFFERENT or empty ($n lines); $diff:"
		head -40 "$diff" | sed 's/^/    /'
		rc=1
	fi
	rm -f "$diff.a" "$diff.b"
done
exit $rc
