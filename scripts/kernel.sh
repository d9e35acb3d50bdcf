#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kernel.sh ARCH KERNEL: the image directory of a built kernel, building
# it when needed. KERNEL is 'base' (the Debian tree), 'fixes' (base + the
# stable fixes at the front of the series), 'patched' (base + the series,
# build/linux HEAD) or 'work' (build/linux as it is).
. "$(dirname "$0")/host-lib.sh"
arch=$(norm_arch "${1:-}")
case "${2:-patched}" in
base)    exec "$TOP/scripts/build.sh" "$arch" base ;;
fixes)   rev=$(fixes_rev) || die "no fixes kernel: see above"
	 exec "$TOP/scripts/build.sh" "$arch" "$rev" ;;
patched) exec "$TOP/scripts/build.sh" "$arch" HEAD ;;
work)    exec "$TOP/scripts/build.sh" "$arch" ;;
*)       die "KERNEL must be base, fixes, patched or work" ;;
esac
