#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bots.sh CHECK [ARCH]: the checks upstream's build robots (0-day) run,
# on what the series touches, each failing on a warning the base does
# not have. A warning is compared without its line and column numbers
# (the series moves code), as often as it occurs.
#
#   w1-sparse ARCH   the objects built from the C files the series adds or
#                    changes (those the config builds), with W=1 and
#                    sparse (C=2), Clang, base against patched
#   gcc ARCH         the same objects with GCC and W=1 (Debian builds its
#                    kernels with GCC), in build/<arch>-gcc
#   kernel-doc       scripts/kernel-doc -none -Wall on every C file and
#                    header the series adds or changes
#   get-maintainer   scripts/get_maintainer.pl on every patch names the
#                    series' own MAINTAINERS entry when the patch touches
#                    one of the entry's files
#   htmldocs         make SPHINXDIRS=mm htmldocs (the toolchain root's Sphinx)
#
# The object checks run after the build of the series (build/<arch> holds
# it); they check build/linux out at base and back.
. "$(dirname "$0")/host-lib.sh"
what=${1:-}
ENTRY="MEMORY MANAGEMENT - KERNEL PAGE TABLE POPULATION"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wb-bots.XXXXXX")
trap 'leave_rev; rm -rf "$tmp"' EXIT

# report NAME BASE PATCHED: print the warnings PATCHED has more often than
# BASE (both sorted: comm counts repeats), fail when there are.
report() {
	local name=$1 n
	comm -13 "$2" "$3" > "$tmp/new"
	n=$(wc -l < "$tmp/new")
	if [ "$n" -gt 0 ]; then
		echo "  $name: $n new warning(s) (base $(wc -l < "$2"), patched $(wc -l < "$3")):"
		sed 's/^/    /' "$tmp/new"
		return 1
	fi
	echo "  $name: no new warnings (base $(wc -l < "$2"), patched $(wc -l < "$3"))"
}

# The files the series adds or changes.
changed() { kgit diff --name-only --diff-filter=AM base master -- "$@"; }

# objects ARCH CC: W=1 (and with Clang sparse) on the touched objects,
# base against patched.
objects() {
	local arch=$1 cc=$2 karch out log f o objs=() base_objs=() mk label
	karch=$(karch "$arch")
	out=$BB/$arch
	mk=(tc_run make -C "$KSRC" ARCH="$karch" -j"$(nproc)" W=1)
	case $cc in
	clang)
		label="$arch clang W=1 + sparse"
		mk+=(O="$out" LLVM=1 CC="ccache clang" C=2) ;;
	gcc)
		out=$BB/$arch-gcc
		label="$arch gcc W=1"
		if [ "$arch" = arm64 ]; then
			mk+=(O="$out" CROSS_COMPILE=aarch64-linux-gnu- CC="ccache aarch64-linux-gnu-gcc")
		else
			mk+=(O="$out" CC="ccache gcc")
		fi ;;
	esac
	export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache} CCACHE_COMPILERCHECK=content
	[ -f "$BB/$arch/.config" ] || die "no build of $arch in $BB/$arch (run make build ARCH=$arch first)"
	# The objects the (Clang) build of the series made.
	for f in $(changed '*.c'); do
		case $f in arch/"$karch"/*) ;; arch/*) continue ;; esac
		o=${f%.c}.o
		[ -f "$BB/$arch/$o" ] || continue
		objs+=("$o")
		kgit cat-file -e "base:$f" 2>/dev/null && base_objs+=("$o")
	done
	[ ${#objs[@]} -gt 0 ] || die "none of the series' C files is built for $arch"
	echo "  $label: ${objs[*]}"
	mkdir -p "$out"
	cat "$TOP/configs/common.config" "$TOP/configs/$arch.config" > "$out/.config"
	log=$LOGS/bots-$arch-$cc
	"${mk[@]}" olddefconfig > "$log-patched.log" 2>&1 ||
		{ tail -20 "$log-patched.log"; die "olddefconfig failed"; }
	# Removed first, so that they are compiled (and checked) whatever
	# the last build of them was.
	for o in "${objs[@]}"; do rm -f "$out/$o"; done
	"${mk[@]}" "${objs[@]}" >> "$log-patched.log" 2>&1 ||
		{ grep -E -A5 'error' "$log-patched.log" | head -40; die "the series does not build with W=1 ($cc, $arch): $log-patched.log"; }
	at_rev base
	: > "$log-base.log"
	if [ ${#base_objs[@]} -gt 0 ]; then
		for o in "${base_objs[@]}"; do rm -f "$out/$o"; done
		"${mk[@]}" olddefconfig >> "$log-base.log" 2>&1
		"${mk[@]}" "${base_objs[@]}" >> "$log-base.log" 2>&1 ||
			{ tail -20 "$log-base.log"; die "base does not build with W=1 ($cc, $arch): $log-base.log"; }
	fi
	leave_rev
	for o in "${objs[@]}"; do
		grep -q -E "^  CC .*$o\$" "$log-patched.log" ||
			die "$o was not compiled: $log-patched.log"
	done
	warning_lines "$log-base.log" > "$tmp/base"
	warning_lines "$log-patched.log" > "$tmp/patched"
	report "$label" "$tmp/base" "$tmp/patched"
}

# kerneldoc: every changed C file and header, with the series' kernel-doc
# (build/BASE/linux is at the series' head).
kerneldoc() {
	local f rev n=0 rc
	for rev in base master; do
		mkdir -p "$tmp/$rev"
		: > "$tmp/$rev.log"
	done
	for f in $(changed '*.c' '*.h'); do
		n=$((n + 1))
		for rev in base master; do
			kgit cat-file -e "$rev:$f" 2>/dev/null || continue
			mkdir -p "$tmp/$rev/$(dirname "$f")"
			kgit show "$rev:$f" > "$tmp/$rev/$f"
			rc=0
			(cd "$tmp/$rev" && tc_run "$KSRC/scripts/kernel-doc" -none -Wall "$f") \
				>> "$tmp/$rev.log" 2>&1 || rc=$?
			[ "$rc" -lt 125 ] || die "kernel-doc did not run on $rev:$f (exit $rc)"
		done
	done
	echo "  $n files"
	for rev in base master; do
		warning_lines "$tmp/$rev.log" > "$tmp/$rev.warn"
	done
	report "kernel-doc -Wall" "$tmp/base.warn" "$tmp/master.warn"
}

# getmaintainer: the series' get_maintainer.pl and MAINTAINERS.
getmaintainer() {
	local p files f pat bad=0 hit out pats
	kgit show master:MAINTAINERS > "$tmp/MAINTAINERS"
	kgit show master:scripts/get_maintainer.pl > "$tmp/get_maintainer.pl"
	# The entry's F: patterns.
	mapfile -t pats < <(awk -v e="$ENTRY" '$0 == e { f = 1; next } f && /^$/ { exit } f && /^F:/ { print $2 }' "$tmp/MAINTAINERS")
	if [ ${#pats[@]} -eq 0 ]; then
		# A series of fixes does not add the entry; one that changes
		# MAINTAINERS must have it.
		[ -z "$(changed MAINTAINERS)" ] || die "MAINTAINERS has no entry '$ENTRY' with F: lines"
		echo "  the series does not change MAINTAINERS: nothing to check"
		return 0
	fi
	while read -r p; do
		case "$p" in ''|'#'*|0000-*) continue ;; esac
		hit=
		files=$(sed -n 's|^+++ b/||p' "$PATCHES/$p")
		for f in $files; do
			for pat in "${pats[@]}"; do
				# shellcheck disable=SC2053 # a MAINTAINERS glob
				[[ $f == $pat ]] && hit="$hit $f"
			done
		done
		if [ -z "$hit" ]; then
			echo "  -       $p (no file of the entry)"
			continue
		fi
		out=$(cd "$tmp" && perl get_maintainer.pl --no-tree --mpath "$tmp/MAINTAINERS" \
			--no-git --no-git-fallback "$PATCHES/$p" 2>&1) || true
		if grep -qF "$ENTRY" <<< "$out"; then
			echo "  ok      $p:$hit"
		else
			echo "  MISSING $p:$hit: get_maintainer.pl does not name '$ENTRY':"
			sed 's/^/    /' <<< "$out"
			bad=1
		fi
	done < "$PATCHES/series"
	return $bad
}

# htmldocs: the mm book of base and of the series, each from a work tree
# of its own (build/linux stays as it is).
htmldocs() {
	local rev src out
	if [ -z "$(kgit diff --name-only base master -- Documentation/)" ]; then
		echo "  the series changes nothing in Documentation/: nothing to build"
		return 0
	fi
	for rev in master base; do
		src=$BB/docs-src-$rev out=$BB/docs-$rev
		kgit worktree remove --force "$src" 2>/dev/null || rm -rf "$src"
		kgit worktree prune
		kgit worktree add -q --detach "$src" "$rev"
		rm -rf "$out"; mkdir -p "$out"
		tc_run make -C "$src" O="$out" SPHINXDIRS=mm htmldocs > "$LOGS/htmldocs-$rev.log" 2>&1 ||
			{ tail -30 "$LOGS/htmldocs-$rev.log"; die "htmldocs failed at $rev: $LOGS/htmldocs-$rev.log"; }
		grep -E ': (WARNING|ERROR|CRITICAL):|: warning:' "$LOGS/htmldocs-$rev.log" |
			sed -E "s|$src/||g; s|^([^ :]+):[0-9]+:|\1:|" | sort > "$tmp/$rev.warn" || true
		kgit worktree remove --force "$src"
		rm -rf "$out"
	done
	report "htmldocs (mm)" "$tmp/base.warn" "$tmp/master.warn"
}

case $what in
w1-sparse) objects "$(norm_arch "${2:-}")" clang ;;
gcc)       objects "$(norm_arch "${2:-}")" gcc ;;
kernel-doc) kerneldoc ;;
get-maintainer) getmaintainer ;;
htmldocs) htmldocs ;;
*) die "usage: bots.sh w1-sparse|gcc ARCH | kernel-doc | get-maintainer | htmldocs" ;;
esac
