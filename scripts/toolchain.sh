#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# toolchain.sh: the build toolchain, a Debian 13 (trixie) root in
# build/trixie made by debootstrap, with clang-19/lld-19/llvm-19 and what
# a kernel build, the robots' checks and htmldocs need. Linux 7.3 needs
# LLVM >= 17.0.1; Debian 12 has clang 14 to 16. Both bases build with it.
# Nothing of trixie is installed on the host: builds run in the root
# (tc_run in host-lib.sh). Idempotent; prints the tool versions.
. "$(dirname "$0")/host-lib.sh"

[ "$(id -u)" -eq 0 ] || die "the toolchain root needs root (debootstrap, chroot)"
ROOT=$TC_ROOT
stamp=$ROOT/.wb-packages
want="${TC_PKGS[*]}"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	# Made already: the versions recorded then (the test lanes call
	# this for every kernel, side by side).
	[ -s "$BUILD/toolchain-versions" ] || tc_versions > "$BUILD/toolchain-versions"
	cat "$BUILD/toolchain-versions"
	exit 0
fi
if [ ! -x "$ROOT/usr/bin/apt-get" ] || [ ! -f "$ROOT/.wb-debootstrap" ]; then
	need_pkgs debootstrap debian-archive-keyring
	rm -rf "$ROOT"
	say "debootstrap trixie (minbase) into $ROOT"
	debootstrap --variant=minbase \
		--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
		trixie "$ROOT" "$DEBIAN_MIRROR" > "$BUILD/debootstrap.log" 2>&1 ||
		{ tail -20 "$BUILD/debootstrap.log" >&2; die "debootstrap failed"; }
	touch "$ROOT/.wb-debootstrap"
fi
say "installing into the toolchain root: $want"
# shellcheck disable=SC2086 # a word list
tc_run sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"' \
	sh $want > "$BUILD/toolchain-apt.log" 2>&1 ||
	{ tail -20 "$BUILD/toolchain-apt.log" >&2; die "installing the toolchain failed"; }
tc_run apt-get clean
echo "$want" > "$stamp"
tc_versions | tee "$BUILD/toolchain-versions"
