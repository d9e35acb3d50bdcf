#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# stable-check.sh: the stable fixes at the front of patches/series (the
# patches tagged 'Cc: stable@vger.kernel.org') each apply to the base
# alone, as a distribution taking one of them into 6.12.y would apply it,
# or on top of only the fixes it says it needs ('Cc: stable... # needs
# "SUBJECT"', and theirs), and carry a Fixes: tag. Prints each fix with
# its size.
. "$(dirname "$0")/host-lib.sh"
idx=$(mktemp)
trap 'rm -f "$idx"' EXIT
# by_subject SUBJECT: the patch file of the series with that subject.
by_subject() {
	local f
	for f in "$PATCHES"/0*.patch; do
		[ "$(sed -n '/^Subject: /{s/^Subject: \[PATCH[^]]*\] //;N;s/\n / /;s/\n.*//;p;q}' "$f")" = "$1" ] &&
			{ basename "$f"; return; }
	done
}
# needs PATCH: the fixes PATCH needs, theirs first, each once.
needs() {
	local s q
	while read -r s; do
		q=$(by_subject "$s")
		[ -n "$q" ] || { warn "$1 needs \"$s\", not in the series"; bad=1; continue; }
		needs "$q"
		echo "$q"
	done < <(sed -n 's/^Cc: *<\?stable@vger\.kernel\.org>\? *# *needs "\(.*\)"$/\1/p' "$PATCHES/$1")
}
n=0 bad=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	grep -qi "$STABLE_RE" "$PATCHES/$p" || break
	n=$((n + 1))
	GIT_INDEX_FILE=$idx kgit read-tree base
	deps=$(needs "$p" | awk '!seen[$0]++')
	for q in $deps; do
		GIT_INDEX_FILE=$idx kgit apply --cached "$PATCHES/$q" ||
			{ warn "$p: its prerequisite $q does not apply"; bad=1; }
	done
	if ! GIT_INDEX_FILE=$idx kgit apply --cached --check "$PATCHES/$p" 2>&1; then
		warn "$p does not apply to base${deps:+ with what it needs} on its own"
		bad=1
	fi
	grep -q '^Fixes: [0-9a-f]\{12,\} ("' "$PATCHES/$p" ||
		{ warn "$p has no Fixes: tag"; bad=1; }
	stat=$(git apply --numstat "$PATCHES/$p" | awk '{a += $1; d += $2} END {print a "+ " d "-"}')
	echo "  stable  $p ($stat)${deps:+, on top of $(echo $deps | tr ' ' ',')}"
done < "$PATCHES/series"
[ $n -gt 0 ] || { warn "no stable fix at the front of patches/series"; exit 1; }
exit $bad
