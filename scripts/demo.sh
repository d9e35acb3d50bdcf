#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# demo.sh: the main job, the before/after story. Prepares the tree, builds
# the base kernel (and the patched one once the series has commits) for
# each architecture, hot-adds 1 GiB through virtio-mem, then hot-adds
# while every page-table allocation of memory hot-add fails: the base
# kernel crashes, a converted kernel reports -ENOMEM and recovers.
. "$(dirname "$0")/lib.sh"
ARCHES=${ARCHES:-"x86_64 arm64"}
"$TOP/scripts/prepare.sh"
nr=$(kgit rev-list --count base..HEAD)
kernels=base; [ "$nr" -gt 0 ] && kernels="base patched"
rc=0
for arch in $ARCHES; do
	for k in $kernels; do
		say "$arch $k: building"
		"$TOP/scripts/kernel.sh" "$arch" "$k" >/dev/null || { rc=1; continue; }
		for t in virtio-mem-grow hotadd-fail-vmem; do
			say "$arch $k: $t"
			"$TOP/scripts/run-test.sh" "$arch" "$k" "$t" || true
			grep -E 'WB-RESULT|cannot map|adding memory failed|kernel BUG|NULL pointer|RIP:|pc :|outcome' \
				"$LOGS/$arch-$k-$t.log" | head -6 | sed 's/^/    | /'
		done
	done
done
exit $rc
