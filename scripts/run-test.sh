#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-test.sh ARCH KERNEL TEST [qemu-run.py options...]
#
# Boots KERNEL (base, patched, work or an image directory) for ARCH in
# QEMU and runs tests/TEST.sh inside. A test script states what it needs
# in '#wb:' lines, passed to qemu-run.py as options, for example
#   #wb: --virtio-mem 2G --append memhp_default_state=online_movable
# The console goes to build/logs/<arch>-<kernel>-<test>.log.
. "$(dirname "$0")/host-lib.sh"
arch=$(norm_arch "${1:-}"); kernel=${2:-patched}; test=${3:-}; shift 3 || true
[ -f "$TOP/tests/$test.sh" ] || die "no test tests/$test.sh"
need_pkgs "${QEMU_PKGS[@]}"

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
	--json "$run.json" "${opts[@]}" "$@" || rc=$?
exit $rc
