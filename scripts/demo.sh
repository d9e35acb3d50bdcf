#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# demo.sh: the main job. Prepares the tree, builds the base kernel (and
# the patched one once the series has commits) for each architecture and
# shows memory hot-add through virtio-mem on each.
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
		say "$arch $k: hot-add 1 GiB through virtio-mem"
		"$TOP/scripts/run-test.sh" "$arch" "$k" virtio-mem-grow || rc=1
		grep -E 'virtio_mem|WB-RESULT' "$LOGS/$arch-$k-virtio-mem-grow.log" |
			tail -4 | sed 's/^/    /'
	done
done
exit $rc
