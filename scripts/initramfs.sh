#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh ARCH [MODULE...]: the guest's initramfs (busybox-static of
# the guest's architecture, tests/init as /init, tests/*.sh) and, when
# given, kernel modules built for the image under test. Prints its path.
. "$(dirname "$0")/host-lib.sh"

arch=$(norm_arch "${1:-}")
shift
need_pkgs cpio gzip

case $arch in
x86_64) deb_arch=amd64 ;;
arm64)  deb_arch=arm64 ;;
esac

# busybox-static for the guest architecture, from Debian.
bb=$BUILD/dl/busybox-$deb_arch
if [ ! -x "$bb" ]; then
	mkdir -p "$BUILD/dl"
	if [ "$deb_arch" = amd64 ] && [ "$(dpkg --print-architecture)" = amd64 ]; then
		need_pkgs busybox-static
		cp /bin/busybox "$bb"
	else
		sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
		if ! dpkg --print-foreign-architectures | grep -qx "$deb_arch"; then
			$sudo dpkg --add-architecture "$deb_arch"
			APT_UPDATED=
		fi
		if [ -z "$APT_UPDATED" ]; then $sudo apt-get update -q >&2; fi
		(cd "$BUILD/dl" && rm -f busybox-static_*"$deb_arch".deb &&
			apt-get download -q "busybox-static:$deb_arch" >&2)
		rm -rf "$BUILD/dl/x-$deb_arch"
		dpkg-deb -x "$BUILD"/dl/busybox-static_*"$deb_arch".deb "$BUILD/dl/x-$deb_arch"
		cp "$BUILD/dl/x-$deb_arch/bin/busybox" "$bb"
	fi
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,tests,lib/modules}
cp "$bb" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
install -m 755 "$TOP/tests/init" "$stage/init"
cp "$TOP"/tests/*.sh "$stage/tests/"
for m in "$@"; do cp "$m" "$stage/lib/modules/"; done
out=$BUILD/initramfs-$arch.cpio.gz
[ $# -gt 0 ] && out=$(mktemp "$BUILD/initramfs-$arch-XXXX.cpio.gz")
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$out"
echo "$out"
