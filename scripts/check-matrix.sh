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
