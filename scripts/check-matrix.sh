#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check-matrix.sh: boot and KUnit on arm64 with 16K and 64K pages (base
# and patched), and every injection point of hot-add on the patched
# kernels, each page size in an O= directory of its own. Not part of
# `make check`: two more cold arm64 builds do not fit its time budget.
. "$(dirname "$0")/lib.sh"
rc=0
for v in 16k 64k; do
	for k in base patched; do
		img=$(EXTRA_CONFIG=$TOP/configs/arm64-$v.config \
			"$TOP/scripts/kernel.sh" arm64 "$k") || { rc=1; continue; }
		"$TOP/scripts/run-test.sh" arm64 "$img" boot || rc=1
		"$TOP/scripts/kunit.sh" arm64 "$img" "$k" || rc=1
		if [ "$k" = patched ]; then
			"$TOP/scripts/run-test.sh" arm64 "$img" hotadd-fail-each || rc=1
		fi
	done
done
exit $rc
