#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptdump-compare.sh ARCH [KERNEL_A KERNEL_B]: boot both kernels (default
# base and patched) with nokaslr, with rodata=full and with rodata=on,
# and require the kernel page-table dumps
# (/sys/kernel/debug/kernel_page_tables) to be identical: the series must
# build the same page tables at boot. KFENCE is off for this comparison
# (kfence.sample_interval=0): it makes its pool's pages valid and invalid
# at run time, so their state differs from boot to boot. Likewise the
# vmalloc area past the kernel image (_end, from System.map: nokaslr)
# holds run-time allocations and is left out.
. "$(dirname "$0")/lib.sh"
arch=$(norm_arch "${1:-}"); a=${2:-base}; b=${3:-patched}
rc=0
for rodata in full on; do
	for k in "$a" "$b"; do
		WB_LOGTAG=-rodata-$rodata "$TOP/scripts/run-test.sh" "$arch" "$k" ptdump \
			--append "nokaslr rodata=$rodata kfence.sample_interval=0" >/dev/null || {
			say "ptdump boot failed: $arch $k rodata=$rodata"; rc=1; }
	done
	ka=$a; [ -d "$a" ] && ka=$(basename "$a")
	kb=$b; [ -d "$b" ] && kb=$(basename "$b")
	la=$LOGS/$arch-$ka-ptdump-rodata-$rodata.log
	lb=$LOGS/$arch-$kb-ptdump-rodata-$rodata.log
	imgdir() { if [ -d "$1" ]; then echo "$1"; else "$TOP/scripts/kernel.sh" "$arch" "$1"; fi; }
	ia=$(imgdir "$a"); ib=$(imgdir "$b")
	extract() {
		python3 - "$1" "$2/System.map" <<'PY'
import re, sys
log, smap = sys.argv[1:]
end = next(int(l.split()[0], 16) for l in open(smap) if l.split()[2] == "_end")
end = (end + 0xfff) & ~0xfff
vmalloc = False
for line in open(log, errors="replace"):
    if not line.startswith("WB-PTDUMP "):
        continue
    line = line[len("WB-PTDUMP "):].rstrip("\n")
    if line.startswith("---[ vmalloc() "):
        vmalloc = line.startswith("---[ vmalloc() area")
    m = re.match(r"0x([0-9a-f]+)-", line)
    if vmalloc and m and int(m.group(1), 16) >= end:
        continue
    print(line)
PY
	}
	n=$(extract "$la" "$ia" | wc -l)
	if [ "$n" -gt 0 ] && diff -u <(extract "$la" "$ia") <(extract "$lb" "$ib") \
			> "$LOGS/$arch-ptdump-rodata-$rodata.diff"; then
		echo "  ptdump rodata=$rodata: identical ($n lines)"
	else
		echo "  ptdump rodata=$rodata: DIFFERENT or empty ($n lines); $LOGS/$arch-ptdump-rodata-$rodata.diff:"
		head -40 "$LOGS/$arch-ptdump-rodata-$rodata.diff" | sed 's/^/    /'
		rc=1
	fi
done
exit $rc
