#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Make build/BASE/linux: the Debian linux-source tarball as one commit
# tagged 'base', with patches/series applied on top by git am.
# Idempotent: a tree already at base + series is left alone.
. "$(dirname "$0")/host-lib.sh"

pkg=$(base_field PACKAGE)
ver=$(base_field VERSION)
suite=$(base_field SUITE)
tarball=$(base_field TARBALL)

# 1. The source package, at the recorded version when the archive has it
# (a suite keeps only its newest version), fetched with apt-get download
# into build/dl and never installed: from the host's archive lists, or
# for another Debian release (SUITE) through an apt configuration of its
# own under build/apt-SUITE.
apt_for() {
	local tool=$1
	shift
	if [ -z "$suite" ]; then
		"$tool" "$@"
		return
	fi
	local a=$BUILD/apt-$suite
	"$tool" -o Dir::Etc::SourceList="$a/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
		-o Dir::State="$a/state" -o Dir::State::status="$a/state/status" \
		-o Dir::Cache="$a/cache" -o Debug::NoLocking=1 "$@"
}
deb_of() {
	local f
	for f in "$BUILD/dl/${pkg}_$1_"*.deb; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
	return 0
}
mkdir -p "$BUILD/dl"
deb=$(deb_of "$ver")
if [ -z "$deb" ]; then
	need_pkgs xz-utils
	if [ -n "$suite" ]; then
		a=$BUILD/apt-$suite
		mkdir -p "$a/state/lists/partial" "$a/cache/archives/partial"
		touch "$a/state/status"
		echo "deb $DEBIAN_MIRROR $suite main" > "$a/sources.list"
	fi
	sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
	if [ -n "$suite" ]; then apt_for apt-get update -q >&2; else $sudo apt-get update -q >&2; fi
	versions=$(apt_for apt-cache madison "$pkg" | awk -F' *[|] *' '{print $2}')
	[ -n "$versions" ] || die "the archive has no $pkg${suite:+ in $suite}"
	want=$ver
	grep -qxF "$ver" <<< "$versions" || want=$(head -1 <<< "$versions")
	(cd "$BUILD/dl" && apt_for apt-get -q download "$pkg=$want" >&2) ||
		die "cannot download $pkg=$want"
	deb=$(deb_of "$want")
fi
[ -f "$deb" ] || die "no $pkg package in $BUILD/dl"
have=$(dpkg-deb -f "$deb" Version)
if [ "$have" != "$ver" ]; then
	warn "BASE MISMATCH: the series is made against $pkg $ver, the archive has $have"
	echo "$have" > "$BB/base-mismatch"
else
	rm -f "$BB/base-mismatch"
fi

# Patch-ids of the series and of base..HEAD, to compare them.
series_ids() {
	local p
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		git patch-id --stable < "$PATCHES/$p" | cut -d' ' -f1
	done < "$PATCHES/series"
}
tree_ids() {
	local c
	for c in $(kgit rev-list --reverse base..HEAD); do
		kgit show "$c" | git patch-id --stable | cut -d' ' -f1
	done
}
applied_file=$KSRC/.git/workbench-applied

# 2. The base commit.
if [ -d "$KSRC/.git" ] && kgit rev-parse -q --verify base >/dev/null &&
   [ "$(kgit log -1 --format=%s base)" = "$pkg $have" ]; then
	:
else
	[ -e "$KSRC" ] && { say "removing stale $KSRC"; rm -rf "$KSRC"; }
	say "unpacking $tarball from $(basename "$deb")"
	mkdir -p "$KSRC"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./$tarball" |
		tar -xJ -C "$KSRC" --strip-components=1 ||
		die "cannot unpack $tarball from $deb"
	kgit init -q -b master
	kgit config user.name "$PROJECT_NAME"
	kgit config user.email "$PROJECT_EMAIL"
	# Debian's top-level .gitignore ignores everything but debian/:
	# add the whole tree by force.
	say "committing base (this takes a minute)"
	kgit add -f -A
	GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		kgit commit -q -m "$pkg $have"
	kgit tag base
	: > "$applied_file"
fi

# An interrupted build (build.sh checks out older revisions of the
# series) can leave the tree detached: go back to the branch.
if ! kgit symbolic-ref -q HEAD >/dev/null &&
	[ -z "$(kgit status --porcelain --untracked-files=no)" ] &&
	kgit merge-base --is-ancestor HEAD master 2>/dev/null; then
	say "${KSRC#"$TOP"/} was left detached at $(kgit rev-parse --short HEAD) (interrupted build?): back to master"
	kgit checkout -q master
fi

# 3. The series.
want=$(series_ids)
cur=$(tree_ids)
if [ "$want" = "$cur" ]; then
	say "${KSRC#"$TOP"/} is at base + ${PATCHES#"$TOP"/}/series ($(echo "$want" | grep -c . || true) patches)"
	echo "$want" > "$applied_file"
	exit 0
fi
if [ "$cur" != "$(cat "$applied_file" 2>/dev/null)" ] && [ -z "${FORCE:-}" ]; then
	die "${KSRC#"$TOP"/} has commits that are not in ${PATCHES#"$TOP"/}/ (and it changed).
Save them with 'make export', or discard them with 'make prepare FORCE=1'."
fi
if [ -n "$(kgit status --porcelain --untracked-files=no)" ] && [ -z "${FORCE:-}" ]; then
	die "${KSRC#"$TOP"/} has uncommitted changes; commit and 'make export BASE=$WB_BASE', or 'make prepare BASE=$WB_BASE FORCE=1'"
fi
say "applying patches/series to base"
kgit am --abort >/dev/null 2>&1 || true
kgit checkout -q -f master 2>/dev/null || true
kgit reset -q --hard base
n=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	n=$((n + 1))
	if ! kgit am -q --committer-date-is-author-date "$PATCHES/$p" >&2; then
		kgit am --abort >/dev/null 2>&1 || true
		die "patch $n does not apply: ${PATCHES#"$TOP"/}/$p"
	fi
done < "$PATCHES/series"
tree_ids > "$applied_file"
say "applied $n patches"
