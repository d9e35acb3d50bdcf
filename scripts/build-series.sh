#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# build-series.sh ARCH: build every commit of base..HEAD on its own, in
# order, incrementally in the architecture's one O= directory. The last
# one is the patched kernel. Builds already done are reused.
#
# A commit that changes only another architecture's directory,
# Documentation/ or MAINTAINERS (but none of the Kconfig files every
# architecture reads) builds the same kernel for ARCH as the commit
# before it: it is not built again ("same"). The last commit and the
# fixes kernel's are always built, as the tests boot them. A commit whose
# build warns where the base's does not fails (WARNS).
. "$(dirname "$0")/host-lib.sh"
arch=$(norm_arch "${1:-}")
last=$(kgit rev-parse HEAD)
fixes=$(fixes_rev 2>/dev/null || true)

# A commit's build must not warn where the base's full build does not.
basewarn=$(mktemp "${TMPDIR:-/tmp}/wb-warn.XXXXXX")
trap 'rm -f "$basewarn"' EXIT
img=$("$TOP/scripts/build.sh" "$arch" base)
warning_lines "$img/build.log" | sort -u > "$basewarn"

bad=0
for c in $(kgit rev-list --reverse base..HEAD); do
	desc=$(kgit log -1 --format='%h %s' "$c")
	if [ "$c" != "$last" ] && [ "$c" != "$fixes" ] && ! commit_changes_arch "$arch" "$c"; then
		echo "  same    $arch $desc"
	elif img=$("$TOP/scripts/build.sh" "$arch" "$c"); then
		new=$(warning_lines "$img/build.log" | sort -u | comm -13 "$basewarn" -)
		if [ -n "$new" ]; then
			echo "  WARNS   $arch $desc:"
			sed 's/^/    /' <<< "$new"
			bad=1
		else
			echo "  builds  $arch $desc"
		fi
	else
		echo "  BROKEN  $arch $desc"
		bad=1
	fi
done
exit $bad
