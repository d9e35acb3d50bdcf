#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# export.sh [--check]: write the commits base..HEAD of build/linux to
# patches/ as numbered git format-patch files, a series file and a cover
# letter (subject and text from patches/cover.in, shortlog and diffstat
# regenerated, base-commit recorded). The output depends only on the
# commits, so exporting an unchanged series gives no diff: blob ids are
# abbreviated to a fixed 12 digits (git's automatic length depends on the
# state of the object store).
#
# With --check, write to a temporary directory and fail when patches/
# differs from it (the tree and patches/ disagree).
. "$(dirname "$0")/host-lib.sh"
[ -d "$KSRC/.git" ] || die "no ${KSRC#"$TOP"/}; run 'make prepare BASE=$WB_BASE' first"
[ -z "$(kgit status --porcelain --untracked-files=no)" ] ||
	die "${KSRC#"$TOP"/} has uncommitted changes; commit them first"

check=; [ "${1:-}" = --check ] && check=1
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
n=$(kgit rev-list --count base..HEAD)

if [ "$n" -gt 0 ]; then
	kgit -c core.abbrev=12 format-patch -q -o "$out" --no-signature --base=base \
		--subject-prefix=PATCH --numbered --cover-letter \
		--zero-commit base..HEAD >/dev/null
	# The cover letter: subject and text from cover.in, the date of
	# the last commit (format-patch would put the current time there).
	cover=$out/0000-cover-letter.patch
	subject=$(head -1 "$PATCHES/cover.in")
	date=$(kgit log -1 --format=%aD HEAD)
	python3 "$TOP/scripts/cover-letter.py" "$cover" "$PATCHES/cover.in" "$subject" "$date"
	for f in "$out"/[0-9][0-9][0-9][0-9]-*.patch; do
		case ${f##*/} in 0000-*) ;; *) echo "${f##*/}" ;; esac
	done > "$out/series"
else
	: > "$out/series"
fi

shopt -s nullglob
if [ -n "$check" ]; then
	bad=0
	for f in "$out"/* "$PATCHES"/*.patch "$PATCHES/series"; do
		b=$(basename "$f")
		cmp -s "$out/$b" "$PATCHES/$b" || { echo "  differs: ${PATCHES#"$TOP"/}/$b"; bad=1; }
	done
	[ $bad -eq 0 ] || die "${PATCHES#"$TOP"/}/ does not match base..HEAD of ${KSRC#"$TOP"/}; run 'make export BASE=$WB_BASE'"
	say "${PATCHES#"$TOP"/}/ matches ${KSRC#"$TOP"/} ($n commits)"
	exit 0
fi
rm -f "$PATCHES"/*.patch
cp "$out"/* "$PATCHES"/
say "exported $n patches to ${PATCHES#"$TOP"/}/"
