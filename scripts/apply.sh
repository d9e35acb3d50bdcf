#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# apply.sh KDIR: apply the base's series (patches/ for 7.3, stable/6.12/
# with BASE=6.12) to a tree of your own, with git am when KDIR is a git
# repository, with quilt otherwise (patches in KDIR/patches, quilt state
# in KDIR/.pc).
. "$(dirname "$0")/host-lib.sh"
kdir=${1:-${KDIR:-}}
[ -n "$kdir" ] && [ -f "$kdir/Makefile" ] || die "usage: make apply [BASE=7.3|6.12] KDIR=/path/to/linux"
kdir=$(cd "$kdir" && pwd)
ver=$(make -s -C "$kdir" kernelversion 2>/dev/null || true)
case "$ver" in
"$WB_BASE".*|"$WB_BASE"-*|"$WB_BASE") say "applying to $kdir ($ver)" ;;
*) warn "$kdir is Linux '$ver', the series is made against $WB_BASE ($(base_field VERSION))" ;;
esac
mapfile -t series < <(grep -v -e '^#' -e '^$' "$PATCHES/series")
[ ${#series[@]} -gt 0 ] || die "${PATCHES#"$TOP"/}/series is empty"
if git -C "$kdir" rev-parse --git-dir >/dev/null 2>&1; then
	for p in "${series[@]}"; do
		git -C "$kdir" am -q "$PATCHES/$p" ||
			die "patch does not apply: $p (in $kdir: 'git am --show-current-patch', then fix or 'git am --abort')"
		echo "  applied $p"
	done
else
	need_pkgs quilt
	mkdir -p "$kdir/patches"
	touch "$kdir/patches/series"
	# A second run adds nothing: a patch already in the series stays.
	for p in "${series[@]}"; do
		cp "$PATCHES/$p" "$kdir/patches/"
		grep -qxF "$p" "$kdir/patches/series" || echo "$p" >> "$kdir/patches/series"
	done
	export QUILT_PATCHES=patches QUILT_PC=.pc
	if [ -z "$(cd "$kdir" && quilt unapplied 2>/dev/null)" ]; then
		say "quilt: every patch of $kdir/patches/series is applied already"
	else
		(cd "$kdir" && quilt push -a -q) ||
			die "quilt push failed in $kdir (see 'quilt top' there)"
	fi
fi
say "applied ${#series[@]} patches to $kdir"
