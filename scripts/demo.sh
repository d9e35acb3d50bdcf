#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# demo.sh: the before/after story. Prepares the tree, builds the base
# kernel, the fixes kernel (base + the stable fixes at the front of the
# series) and the patched kernel for each architecture, hot-adds 1 GiB
# through virtio-mem, then hot-adds while every page-table allocation of
# memory hot-add fails: the base kernel crashes, the fixed ones report
# -ENOMEM and hot-add on the next request. Ends with one table: per
# kernel the outcome and the one kernel line that says what happened;
# the consoles are in the logs it names.
. "$(dirname "$0")/host-lib.sh"
ARCHES=${ARCHES:-"x86_64 arm64"}
TESTS="virtio-mem-grow hotadd-fail-vmem"
"$TOP/scripts/prepare.sh"
nr=$(kgit rev-list --count base..HEAD)
kernels=base
if [ "$nr" -gt 0 ]; then
	kernels="base patched"
	fixes_rev >/dev/null 2>&1 && kernels="base fixes patched"
fi
rc=0 runs=()
for arch in $ARCHES; do
	for k in $kernels; do
		say "$arch $k: building (log in $LOGS)"
		"$TOP/scripts/kernel.sh" "$arch" "$k" >/dev/null || { rc=1; continue; }
		for t in $TESTS; do
			say "$arch $k: $t"
			"$TOP/scripts/run-test.sh" "$arch" "$k" "$t" > "$(run_log "$arch" "$k" "$t").out" 2>&1 || true
			runs+=("$(run_log "$arch" "$k" "$t")")
		done
	done
done
python3 "$TOP/scripts/demo-table.py" "${runs[@]}" || rc=1
exit $rc
