#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check-matrix.sh: what `make check` leaves out for time.
#
# 6.12: make check builds no 6.12 kernel (each cold build takes 15 to 20
# minutes on 2 cores). Here the whole 6.12 series (the stable backports,
# then the 6.12 populator series) gets what make check gives the
# upstream series: its base kernels (which must crash in every hot-add
# test), every commit built on both architectures, the robots' checks,
# the fixes kernels (what 6.12.y would take) and the patched kernels
# through every test, KUnit on 4 levels and the boot-time page tables
# compared (build/results-matrix.json).
#
# The rest below is on 6.12 (the populator series is there):
#
# x86_64: the boot-time page tables of base and patched kernels compared
# without 1G pages (nogbpages), with 4K pages only (debug_pagealloc=on)
# and with the linear map built bottom-up (movable_node); and, in a build
# with CONFIG_CPA_DEBUG, the kernel's CPA self-test on both kernels, with
# their census of the linear map compared. (The self-test keeps changing
# the linear map every 30 seconds, so it cannot be in the one build the
# hot-add tests use.)
#
# arm64: page-table geometries beyond make check's 4K, 48-bit build, each
# in an O= directory of its own:
#  - 16K and 64K pages (base and patched): boot, KUnit, and every
#    injection point of hot-add on the patched kernels;
#  - 4K pages with 52-bit VA (LPA2, patched): KUnit on a CPU with LPA2
#    (5 levels) and without (lpa2=off: 4 levels, P4D folded at run time),
#    and the hot-add injection points on both.
# Xen PV (x86_64): the base and fixes kernels of both bases, built with
# configs/x86_64-xen.config, boot as the PV dom0 of Debian 13's Xen 4.20
# under its QEMU 10 (TCG; scripts/toolchain.sh xen): boot, every
# injection point of a hot-add at 512 GiB (4 levels: Xen PV has no
# 5-level paging), whose undo frees tables Xen made read-only (stable
# patch 1's case), and the boot-time page tables of base and fixes
# compared (levels: ptdump-compare.sh).
#
# hotadd-fail-any (with and without slab allocations failed) and
# hotremove-4k on arm64.
# Also the virtio-mem stress test on the fixes kernels (base + the stable
# fixes) of both architectures; make check runs it on the patched ones.
# Not part of `make check`: four more cold builds do not fit its time
# budget.
export WB_BASE=6.12
. "$(dirname "$0")/host-lib.sh"
rc=0

BASES=6.12 FULL_BASES=6.12 EXTRA_TESTS_arm64=hotremove-4k RESULTS_D=$BUILD/results-matrix.d \
	RESULTS_JSON=$BUILD/results-matrix.json "$TOP/scripts/check.sh" || rc=1
WB_BASE=7.3 "$TOP/scripts/prepare.sh" || rc=1

# The stable fix's undo keeps the new PUD table, as removal does.
for b in 7.3 6.12; do
	WB_BASE=$b XEN=1 "$TOP/scripts/run-test.sh" x86_64 fixes boot || rc=1
	WB_BASE=$b XEN=1 "$TOP/scripts/run-test.sh" x86_64 fixes \
		hotadd-fail-each-far-4level --append wb.failkept=1 || rc=1
	WB_BASE=$b XEN=1 PTDUMP_B=fixes "$TOP/scripts/ptdump-compare.sh" x86_64 default || rc=1
done

# hotadd-fail-any on arm64 (not in make check: 7.3, base and patched,
# crashes now and then, see the test), with and without slab failures.
WB_BASE=7.3 "$TOP/scripts/run-test.sh" arm64 patched hotadd-fail-any || rc=1
WB_BASE=7.3 "$TOP/scripts/run-test.sh" arm64 patched hotadd-fail-any --append wb.slab=1 || rc=1
# Removal with debug_pagealloc=on on arm64 (7.3 keeps invalid linear-map
# PTEs "present"; 6.12 warns for each: tests/xfail).
WB_BASE=7.3 "$TOP/scripts/run-test.sh" arm64 patched hotremove-4k || rc=1

if fixes_rev >/dev/null 2>&1; then
	for arch in x86_64 arm64; do
		"$TOP/scripts/run-test.sh" "$arch" fixes hotadd-stress || rc=1
	done
fi
"$TOP/scripts/ptdump-compare.sh" x86_64 nogbpages debug-pagealloc movable-node || rc=1
declare -A cpa=()
for k in base patched; do
	img=$(EXTRA_CONFIG=$TOP/configs/x86_64-cpa.config \
		"$TOP/scripts/kernel.sh" x86_64 "$k") || { rc=1; continue; }
	"$TOP/scripts/run-test.sh" x86_64 "$img" cpa-selftest || rc=1
	cpa[$k]=$(grep -m1 '^WB-CPA  *4k .* large ' "$LOGS/x86_64-$(basename "$img")-cpa-selftest.log" || true)
done
if [ -n "${cpa[base]:-}" ] && [ "${cpa[base]}" = "${cpa[patched]:-}" ]; then
	echo "  CPA self-test census identical: ${cpa[base]#WB-CPA }"
else
	echo "  CPA self-test census differs: base '${cpa[base]:-}', patched '${cpa[patched]:-}'"
	rc=1
fi

for v in 16k 64k lpa2; do
	kernels="base patched"
	[ $v = lpa2 ] && kernels=patched
	for k in $kernels; do
		img=$(EXTRA_CONFIG=$TOP/configs/arm64-$v.config \
			"$TOP/scripts/kernel.sh" arm64 "$k") || { rc=1; continue; }
		"$TOP/scripts/run-test.sh" arm64 "$img" boot || rc=1
		if [ $v = lpa2 ]; then
			kunit_levels arm64 "$img" 5 || rc=1
			kunit_levels arm64 "$img" 4 --cpu max,pauth-impdef=on,lpa2=off || rc=1
		else
			"$TOP/scripts/run-kunit.sh" arm64 "$img" "$k" || rc=1
		fi
		if [ "$k" = patched ]; then
			"$TOP/scripts/run-test.sh" arm64 "$img" hotadd-fail-each || rc=1
		fi
		if [ $v = lpa2 ]; then
			WB_LOGTAG=-nolpa2 "$TOP/scripts/run-test.sh" arm64 "$img" \
				hotadd-fail-each --cpu max,pauth-impdef=on,lpa2=off || rc=1
		fi
	done
done
exit $rc
