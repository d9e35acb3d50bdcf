#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# stable-check.sh: the stable fixes at the front of patches/series (the
# patches tagged 'Cc: stable@vger.kernel.org') each apply to the base
# alone, as a distribution taking one of them into 6.12.y would apply it,
# and carry a Fixes: tag. Prints each fix with its size.
. "$(dirname "$0")/host-lib.sh"
idx=$(mktemp)
trap 'rm -f "$idx"' EXIT
n=0 bad=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	grep -qi "$STABLE_RE" "$PATCHES/$p" || break
	n=$((n + 1))
	GIT_INDEX_FILE=$idx kgit read-tree base
	if ! GIT_INDEX_FILE=$idx kgit apply --cached --check "$PATCHES/$p" 2>&1; then
		warn "$p does not apply to base on its own"
		bad=1
	fi
	grep -q '^Fixes: [0-9a-f]\{12,\} ("' "$PATCHES/$p" ||
		{ warn "$p has no Fixes: tag"; bad=1; }
	stat=$(git apply --numstat "$PATCHES/$p" | awk '{a += $1; d += $2} END {print a "+ " d "-"}')
	echo "  stable  $p ($stat)"
done < "$PATCHES/series"
[ $n -gt 0 ] || { warn "no stable fix at the front of patches/series"; exit 1; }
exit $bad
