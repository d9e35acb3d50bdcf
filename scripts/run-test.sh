#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-test.sh ARCH KERNEL TEST [qemu-run.py options...]
#
# Boots KERNEL (base, patched, work or an image directory) for ARCH in
# QEMU and runs tests/TEST.sh inside. A test script states what it needs
# in '#wb:' lines, passed to qemu-run.py as options, for example
#   #wb: --virtio-mem 2G --append memhp_default_state=online_movable
# The console goes to build/logs/<arch>-<kernel>-<test>.log.
# XEN=1 (x86_64): the kernel built with configs/x86_64-xen.config, booted
# as Xen's PV dom0 under the toolchain root's Xen and QEMU
# (scripts/toolchain.sh xen); logs end in -xen (host-lib.sh).
. "$(dirname "$0")/host-lib.sh"
arch=$(norm_arch "${1:-}"); kernel=${2:-patched}; test=${3:-}; shift 3 || true
[ -f "$TOP/tests/$test.sh" ] || die "no test tests/$test.sh"
need_pkgs "${QEMU_PKGS[@]}"
xen=()
if [ "$XEN" = 1 ]; then
	[ "$arch" = x86_64 ] || die "XEN=1 needs ARCH=x86_64"
	"$TOP/scripts/toolchain.sh" xen > /dev/null
	img=$BUILD/xen/$(basename "$TC_XEN" .gz)
	# QEMU loads Xen as a multiboot image: not compressed.
	[ "$img" -nt "$TC_ROOT$TC_XEN" ] || { mkdir -p "$BUILD/xen" && zcat "$TC_ROOT$TC_XEN" > "$img"; } ||
		die "cannot unpack $TC_ROOT$TC_XEN"
	# Xen and its dom0 (--xen-append) need more than a test asks for.
	xen=(--xen "$img" --qemu "$TOP/scripts/tc-run.sh qemu-system-x86_64" --mem 2G)
	# 7.3's Xen PV resumes lazy MMU mode for a task that never paused it
	# (xen_end_context_switch() on its first switch) and warns under
	# DEBUG_VM at boot: 7.3's, not the series' (6.12 has no such check).
	[ "$WB_BASE" = 7.3 ] && xen+=(--allow-warn 'xen_(start|end)_context_switch')
fi

if [ -d "$kernel" ]; then imgdir=$kernel
else imgdir=$("$TOP/scripts/kernel.sh" "$arch" "$kernel"); fi
img=$imgdir/$(basename "$(kimage "$arch")")
mods=()
for m in "$imgdir"/*.ko; do [ -f "$m" ] && mods+=("$m"); done
initrd=$("$TOP/scripts/initramfs.sh" "$arch" "${mods[@]}")
# With modules the initramfs is this run's own: removed however it ends.
[ ${#mods[@]} -gt 0 ] && trap 'rm -f "$initrd"' EXIT

# '#wb:' lines hold options for every kernel, '#wb-base:' lines options
# for the base kernel only (its expected outcome, e.g. --expect-crash),
# unless tests/base-fixed says this base is fixed on ARCH.
opts=()
while read -r line; do
	eval "opts+=(${line#\#wb:})"
done < <(grep '^#wb:' "$TOP/tests/$test.sh")
if [ "$kernel" = base ] && ! base_fixed "$arch"; then
	while read -r line; do
		eval "opts+=(${line#\#wb-base:})"
	done < <(grep '^#wb-base:' "$TOP/tests/$test.sh")
fi

run=$(run_log "$arch" "$kernel" "$test")
log=$run.log
rc=0
python3 "$TOP/scripts/qemu-run.py" --arch "$arch" --kernel "$img" \
	--initrd "$initrd" --test "$test" --log "$log" \
	--json "$run.json" "${opts[@]}" "${xen[@]}" "$@" || rc=$?
exit $rc
