#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bisect-build.sh ARCH: build every commit of base..HEAD on its own, in
# order, incrementally in the architecture's one O= directory. The last
# one is the patched kernel. Builds already done are reused.
. "$(dirname "$0")/lib.sh"
arch=$(norm_arch "${1:-}")
bad=0
for c in $(kgit rev-list --reverse base..HEAD); do
	if "$TOP/scripts/build.sh" "$arch" "$c" >/dev/null; then
		echo "  builds  $arch $(kgit log -1 --format='%h %s' "$c")"
	else
		echo "  BROKEN  $arch $(kgit log -1 --format='%h %s' "$c")"
		bad=1
	fi
done
exit $bad
