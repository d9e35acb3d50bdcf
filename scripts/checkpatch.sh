#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.sh: scripts/checkpatch.pl --strict on every patch of
# patches/series, with the tree's own checkpatch. Fails on any error,
# warning or check.
. "$(dirname "$0")/lib.sh"
need_pkgs perl
bad=0 n=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	n=$((n + 1))
	if out=$(cd "$KSRC" && perl scripts/checkpatch.pl --strict --color=never \
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
