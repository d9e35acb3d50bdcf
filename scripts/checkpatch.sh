#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.sh: scripts/checkpatch.pl --strict on every patch of
# patches/series, with the tree's own checkpatch. Fails on any error,
# warning or check. Debian's python3 (with python3-ply) runs its
# spdxcheck.py, whatever python3 comes first in PATH.
#
# UNKNOWN_COMMIT_ID is the one check left out: build/linux is a tarball
# import without upstream history, so no upstream commit (as in Fixes:
# tags) can be found in it. The ids in the series are upstream's.
. "$(dirname "$0")/host-lib.sh"
need_pkgs perl python3-ply python3-git
bad=0 n=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	n=$((n + 1))
	if out=$(cd "$KSRC" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --ignore UNKNOWN_COMMIT_ID --color=never \
			--summary-file "$PATCHES/$p" 2>&1); then
		echo "  ok      $p"
	else
		echo "  FAILED  $p"
		echo "$out" | sed 's/^/    /'
		bad=1
	fi
done < "$PATCHES/series"
[ $n -gt 0 ] || say "no patches in patches/series"
exit $bad
