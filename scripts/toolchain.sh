#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# toolchain.sh: the build toolchain, a Debian 13 (trixie) root in
# build/trixie made by debootstrap, with clang-19/lld-19/llvm-19 and what
# a kernel build, the robots' checks and htmldocs need. Linux 7.3 needs
# LLVM >= 17.0.1; Debian 12 has clang 14 to 16. Both bases build with it.
# Nothing of trixie is installed on the host: builds run in the root
# (tc_run in host-lib.sh). Idempotent; prints the tool versions.
# 'toolchain.sh xen' adds Xen and QEMU 10 for the Xen PV lane.
. "$(dirname "$0")/host-lib.sh"

[ "$(id -u)" -eq 0 ] || die "the toolchain root needs root (debootstrap, chroot)"
ROOT=$TC_ROOT

# tc_install STAMP LOG PACKAGE...: install the packages into the root unless
# STAMP says they are.
tc_install() {
	local stamp=$ROOT/$1 log=$BUILD/$2; shift 2
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$*" ] && return 1
	say "installing into the toolchain root: $*"
	tc_run sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"' \
		sh "$@" > "$log" 2>&1 || { tail -20 "$log" >&2; die "installing $* failed"; }
	tc_run apt-get clean
	echo "$*" > "$stamp"
}

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
# The versions are recorded when the packages are installed (the test
# lanes call this for every kernel, side by side).
if tc_install .wb-packages toolchain-apt.log "${TC_PKGS[@]}" || [ ! -s "$BUILD/toolchain-versions" ]; then
	tc_versions > "$BUILD/toolchain-versions"
fi
cat "$BUILD/toolchain-versions"
[ "${1:-}" = xen ] || exit 0
v=$BUILD/toolchain-versions-xen
if tc_install .wb-packages-xen toolchain-xen-apt.log "${TC_XEN_PKGS[@]}" || [ ! -s "$v" ]; then
	# shellcheck disable=SC2016 # expanded in the root
	tc_run sh -c 'echo "xen $(dpkg-query -W -f="\${Version}" xen-hypervisor-4.20-amd64)"
		echo "qemu-xen-lane $(qemu-system-x86_64 --version | sed -n "1s/.*version \([^ ]*\).*/\1/p")"' > "$v"
fi
cat "$v"
