#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bisect-build.sh ARCH: build every commit of base..HEAD on its own, in
# order, incrementally in the architecture's one O= directory. The last
# one is the patched kernel. Builds already done are reused.
#
# A commit that changes only another architecture's directory,
# Documentation/ or MAINTAINERS builds the same kernel for ARCH as the
# commit before it: it is not built again ("same"). The last commit and
# the fixes kernel's are always built, as the tests boot them.
. "$(dirname "$0")/lib.sh"
arch=$(norm_arch "${1:-}")
case $arch in x86_64) kdir=x86 ;; arm64) kdir=arm64 ;; esac
last=$(kgit rev-parse HEAD)
fixes=$(fixes_rev 2>/dev/null || true)

# other_only COMMIT: does COMMIT change nothing ARCH builds?
other_only() {
	local f
	for f in $(kgit diff-tree --no-commit-id --name-only -r "$1"); do
		case $f in
		arch/"$kdir"/*) return 1 ;;
		arch/*|Documentation/*|MAINTAINERS) ;;
		*) return 1 ;;
		esac
	done
}

bad=0
for c in $(kgit rev-list --reverse base..HEAD); do
	if [ "$c" != "$last" ] && [ "$c" != "$fixes" ] && other_only "$c"; then
		echo "  same    $arch $(kgit log -1 --format='%h %s' "$c")"
	elif "$TOP/scripts/build.sh" "$arch" "$c" >/dev/null; then
		echo "  builds  $arch $(kgit log -1 --format='%h %s' "$c")"
	else
		echo "  BROKEN  $arch $(kgit log -1 --format='%h %s' "$c")"
		bad=1
	fi
done
exit $bad
