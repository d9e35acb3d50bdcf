# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables for the scripts that source this
# Common helpers for the workbench scripts. Sourced, never run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=$(realpath -m "${BUILD:-$TOP/build}")
RESULTS_D=${RESULTS_D:-$BUILD/results.d}
# The base a target works on (make BASE=...): 7.3, the upstream series in
# patches/, or 6.12, its 6.12.y backports in stable/6.12/. Each base has
# its own tree, build directories and logs in build/BASE/; the ccache,
# downloads, toolchain root, kernel images and results are shared.
# set_base BASE switches to another base.
set_base() {
	case $1 in
	7.3)  PATCHES=$TOP/patches ;;
	6.12) PATCHES=$TOP/stable/6.12 ;;
	*)    printf 'ERROR: unknown base %s (7.3 or 6.12)\n' "$1" >&2; exit 1 ;;
	esac
	export WB_BASE=$1
	BB=$BUILD/$1
	KSRC=$BB/linux
	LOGS=$BB/logs
	mkdir -p "$LOGS"
}
set_base "${WB_BASE:-7.3}"
CI=${CI:-}
# XEN=1: the Xen PV dom0 lane (x86_64, run-test.sh): its kernels are
# built with configs/x86_64-xen.config and its logs end in -xen.
XEN=${XEN:-0} XENTAG=
if [ "$XEN" = 1 ]; then
	export EXTRA_CONFIG=$TOP/configs/x86_64-xen.config
	XENTAG=-xen
fi
# Called from make: the kernel builds must not inherit our make's
# command-line variables (ARCH=x86_64 is not a kernel ARCH).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

# The project identity: it owns the base commit, signs the patches and
# commits in build/BASE/linux. Not a person's.
PROJECT_NAME="pgtable-populate project"
PROJECT_EMAIL="pgtable-populate@users.noreply.example.org"

# A fixed date keeps the base commit (and so base-commit: in the cover
# letter) identical on every machine.
BASE_DATE="2025-01-01T00:00:00Z"

mkdir -p "$RESULTS_D"

say()  { printf '==> %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Read KEY=value lines from patches/BASE.
base_field() { sed -n "s/^$1=//p" "$PATCHES/BASE"; }

kgit() {
	git -C "$KSRC" -c user.name="$PROJECT_NAME" -c user.email="$PROJECT_EMAIL" "$@"
}

# Install Debian packages that are missing (apt-get update first, once).
APT_UPDATED=
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	say "installing Debian packages: ${missing[*]}"
	local sudo=''
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	if [ -z "$APT_UPDATED" ]; then
		$sudo apt-get update -q >&2
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >&2
}

# The build toolchain: a Debian 13 (trixie) root made by debootstrap
# (scripts/toolchain.sh); every kernel build runs in it (tc_run).
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
TC_ROOT=$BUILD/trixie
TC_LLVM=19
TC_PKGS=("clang-$TC_LLVM" "lld-$TC_LLVM" "llvm-$TC_LLVM" gcc libc6-dev
	 gcc-aarch64-linux-gnu make bc flex bison libelf-dev libssl-dev cpio
	 kmod rsync python3 perl xz-utils ccache git sparse python3-sphinx
	 python3-yaml)
# The Xen PV lane's (make check-matrix; scripts/toolchain.sh xen): Xen and
# a QEMU that runs it, in the same root, installed only when asked for.
TC_XEN_PKGS=(xen-hypervisor-4.20-amd64 qemu-system-x86)
TC_XEN=/boot/xen-4.20-amd64.gz

# tc_run CMD...: run CMD in the toolchain root, in the current directory
# (or this repository's when the current one is elsewhere), with this
# repository, build/ and /tmp at the same paths as outside; exit 125 when
# the root cannot be entered.
# The mounts live in a mount namespace of their own and go with it.
tc_run() {
	[ -x "$TC_ROOT/usr/bin/apt-get" ] ||
		die "no toolchain root in $TC_ROOT: run scripts/toolchain.sh"
	local cwd=$PWD
	case $cwd/ in "$TOP"/*|"$BUILD"/*|/tmp/*) ;; *) cwd=$TOP ;; esac
	unshare --mount --propagation private -- /bin/sh -c '
		root=$1 cwd=$2; shift 2
		for d in "$WB_TOP" "$WB_BUILD" /tmp; do
			mkdir -p "$root$d" && mount --rbind "$d" "$root$d" || exit 125
		done
		mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" || exit 125
		cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
		exec chroot "$root" /bin/sh -c '\''cd "$0" || exit 125; exec "$@"'\'' "$cwd" "$@"
	' sh "$TC_ROOT" "$cwd" env TMPDIR=/tmp \
		PATH=/usr/lib/llvm-$TC_LLVM/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}
export WB_TOP=$TOP WB_BUILD=$BUILD

# tc_versions: the toolchain's versions, one "name version" a line.
tc_versions() {
	tc_run sh -c 'echo "debian $(cat /etc/debian_version)"
		echo "clang $(clang --version | sed -n "s/.*clang version \([^ ]*\).*/\1/p")"
		echo "ld.lld $(ld.lld --version | sed -n "s/.*LLD \([^ ]*\).*/\1/p")"
		echo "gcc $(gcc -dumpfullversion)"
		echo "aarch64-linux-gnu-gcc $(aarch64-linux-gnu-gcc -dumpfullversion)"
		echo "sparse $(sparse --version)"
		echo "ccache $(ccache --version | sed -n "1s/.*version //p")"
		echo "sphinx $(sphinx-build --version | sed "s/.* //")"'
}

# Packages every QEMU test run needs.
QEMU_PKGS=(python3 qemu-system-x86 qemu-system-arm)

# kunit_levels ARCH KERNEL N [qemu-run.py options...]: the KUnit suites on
# N page-table levels (scripts/run-kunit.sh with LEVELS=N).
kunit_levels() {
	local arch=$1 kernel=$2 n=$3
	shift 3
	LEVELS=$n "$TOP/scripts/run-kunit.sh" "$arch" "$kernel" patched "$@"
}

# base_fixed ARCH: does this base's own kernel survive a page-table
# allocation failure in hot-add on ARCH (tests/base-fixed)?
base_fixed() { awk -v b="$WB_BASE" -v a="$1" '$1 == b && $2 == a { f = 1 } END { exit !f }' "$TOP/tests/base-fixed"; }

# commit_changes_arch ARCH COMMIT: does COMMIT change what ARCH builds?
# A commit that changes only other architectures, Documentation/ or
# MAINTAINERS does not (arch/Kconfig and Documentation/Kconfig do).
commit_changes_arch() {
	local f kdir
	kdir=$(karch "$1")
	for f in $(kgit diff-tree --no-commit-id --name-only -r "$2"); do
		case $f in
		arch/"$kdir"/*|arch/Kconfig|Documentation/Kconfig) return 0 ;;
		arch/*|Documentation/*|MAINTAINERS) ;;
		*) return 0 ;;
		esac
	done
	return 1
}

# changes_arch ARCH [REV]: does a commit of base..REV (HEAD) change what
# ARCH builds?
changes_arch() {
	local c
	for c in $(kgit rev-list "base..${2:-HEAD}"); do
		commit_changes_arch "$1" "$c" && return 0
	done
	return 1
}

# A patch for stable: its Cc: line.
STABLE_RE='^Cc: *<\?stable@vger\.kernel\.org'

# fixes_rev: the commit of build/BASE/linux that ends the series' stable fixes,
# the patches at its front tagged 'Cc: stable@vger.kernel.org'. Fails
# when there is none, or when a patch before the last fix is not tagged
# (a distribution taking the fixes would need it too).
fixes_rev() {
	local c last='' untagged=''
	for c in $(kgit rev-list --reverse base..HEAD); do
		if kgit log -1 --format=%B "$c" | grep -qi "$STABLE_RE"; then
			[ -z "$untagged" ] ||
				{ warn "stable fix $(kgit log -1 --format='%h %s' "$c") comes after $untagged"; return 1; }
			last=$c
		else
			untagged=${untagged:-$(kgit log -1 --format='%h %s' "$c")}
		fi
	done
	[ -n "$last" ] || { warn "no patch of the series is tagged for stable"; return 1; }
	echo "$last"
}

# warning_lines LOG: the compiler, sparse and kernel-doc warnings of LOG,
# one per line, paths relative to build/BASE/linux and without line:column
# (a series moves code), sorted; repeats are kept.
warning_lines() {
	grep -E '^[^ :]+:[0-9]+(:[0-9]+)?: (warning|error):' "$1" |
		sed -E "s|^$KSRC/||; s/^([^ :]+):[0-9]+(:[0-9]+)?:/\1:/" | sort || true
}

# at_rev REV: check build/BASE/linux out at REV (detached) until leave_rev,
# which the caller's EXIT trap must also run; refuses a dirty work tree.
WB_RESTORE=
at_rev() {
	[ -z "$(kgit status --porcelain --untracked-files=no)" ] ||
		die "${KSRC#"$TOP"/} has uncommitted changes; commit them before checking out '$1'"
	WB_RESTORE=$(kgit symbolic-ref -q --short HEAD || kgit rev-parse HEAD)
	kgit checkout -q --detach "$1"
}
leave_rev() {
	[ -z "$WB_RESTORE" ] || kgit checkout -q "$WB_RESTORE"
	WB_RESTORE=
}

# The one place that names runs and maps architectures.
# kname KERNEL: a kernel's name in log names: base, fixes, patched, work,
# or for an image directory (build/images/ARCH/KEY) its KEY.
kname() { if [ -d "$1" ]; then basename "$1"; else echo "$1"; fi; }
# run_log ARCH KERNEL TEST: the path of a run's logs, without the
# extension (.log console, .json summary), with $WB_LOGTAG (a variant).
run_log() { echo "$LOGS/$1-$(kname "$2")-$3${WB_LOGTAG:-}$XENTAG"; }
# karch ARCH: the kernel's ARCH=; kimage ARCH: its boot image.
karch() { case $1 in x86_64) echo x86 ;; arm64) echo arm64 ;; esac; }
kimage() { case $1 in x86_64) echo arch/x86/boot/bzImage ;; arm64) echo arch/arm64/boot/Image ;; esac; }

# Normalise ARCH.
norm_arch() {
	case "${1:-}" in
	x86_64|x86|amd64) echo x86_64 ;;
	arm64|aarch64) echo arm64 ;;
	*) die "unknown ARCH '${1:-}' (x86_64 or arm64)" ;;
	esac
}

# Record one result: record STAGE RESULT SECONDS COMMAND [DETAIL [LOG [CONSOLE]]]
# RESULT is pass, fail, xfail, xpass or skip.
record() {
	python3 "$TOP/scripts/record.py" "$RESULTS_D" "$1" "$2" "$3" "$4" "${5:-}" "${6:-}" "${7:-}"
}

now() { date +%s; }

# logged WHAT LOG CMD...: run CMD with its output appended to LOG, and
# every 30 seconds print one line of progress (seconds so far, objects
# compiled, LOG's last line), so a long build shows that it is working.
logged() {
	local what=$1 log=$2 pid rc=0 t=0
	shift 2
	"$@" >> "$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		t=$((t + 1))
		[ $((t % 30)) -eq 0 ] && kill -0 "$pid" 2>/dev/null &&
			say "$what: ${t}s, $(grep -c -E '^  (CC|AS)' "$log" || true) objects built, now: $(tail -1 "$log" | cut -c1-60)"
	done
	wait "$pid" || rc=$?
	return $rc
}
