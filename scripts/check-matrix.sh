#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check-matrix.sh: arm64 page-table geometries beyond make check's 4K,
# 48-bit build, each in an O= directory of its own:
#  - 16K and 64K pages (base and patched): boot, KUnit, and every
#    injection point of hot-add on the patched kernels;
#  - 4K pages with 52-bit VA (LPA2, patched): KUnit on a CPU with LPA2
#    (5 levels) and without (lpa2=off: 4 levels, P4D folded at run time),
#    and the hot-add injection points on both.
# Not part of `make check`: three more cold arm64 builds do not fit its
# time budget.
. "$(dirname "$0")/lib.sh"
rc=0

# kunit_levels IMG N [qemu-run.py options]: KUnit passes on N levels.
kunit_levels() {
	local img=$1 n=$2 log
	shift 2
	WB_LOGTAG=-$n-levels "$TOP/scripts/kunit.sh" arm64 "$img" patched "$@" || return 1
	log=$LOGS/arm64-$(basename "$img")-kunit-$n-levels.log
	grep -q "populate_geometry: $n page-table levels" "$log" ||
		{ warn "KUnit did not run on $n levels: $log"; return 1; }
}

for v in 16k 64k lpa2; do
	kernels="base patched"
	[ $v = lpa2 ] && kernels=patched
	for k in $kernels; do
		img=$(EXTRA_CONFIG=$TOP/configs/arm64-$v.config \
			"$TOP/scripts/kernel.sh" arm64 "$k") || { rc=1; continue; }
		"$TOP/scripts/run-test.sh" arm64 "$img" boot || rc=1
		if [ $v = lpa2 ]; then
			kunit_levels "$img" 5 || rc=1
			kunit_levels "$img" 4 --cpu max,pauth-impdef=on,lpa2=off || rc=1
		else
			"$TOP/scripts/kunit.sh" arm64 "$img" "$k" || rc=1
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
