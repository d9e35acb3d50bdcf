#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build one kernel: build.sh ARCH [REV]
#
# REV is a revision of build/BASE/linux ('base', a commit, or empty for the
# work tree as it is). All revisions of one architecture share one O=
# directory (build/BASE/<arch>, or build/BASE/<arch>-gcc), so going from base to the
# patched tree is an incremental build. The result is kept in
# build/images/<arch>/<key>/ with the tests' module (tests/modules), keyed
# by source tree, config fragments, module source and compiler (run in
# the toolchain root, scripts/toolchain.sh), so an
# unchanged revision is never built twice.
#
# Prints the image directory on stdout.
. "$(dirname "$0")/host-lib.sh"

arch=$(norm_arch "${1:-${ARCH:-}}")
rev=${2:-}
cc=${COMPILER:-clang}

"$TOP/scripts/toolchain.sh" > /dev/null

karch=$(karch "$arch") image=$(kimage "$arch")
out=$BB/$arch; [ "$cc" = clang ] || out=$BB/$arch-$cc
# A configuration variant (EXTRA_CONFIG) gets an O= directory of its own.
[ -n "${EXTRA_CONFIG:-}" ] && out=$out-$(basename "$EXTRA_CONFIG" .config)
mkopts=(ARCH="$karch" O="$out" -j"$(nproc)")
case $cc in
clang) mkopts+=(LLVM=1 CC="ccache clang") ;;
gcc)   if [ "$arch" = arm64 ]; then
		mkopts+=(CROSS_COMPILE=aarch64-linux-gnu- CC="ccache aarch64-linux-gnu-gcc")
	else
		mkopts+=(CC="ccache gcc")
	fi ;;
*) die "COMPILER must be clang or gcc" ;;
esac
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_COMPILERCHECK=content
export KBUILD_BUILD_USER=pgtable-populate KBUILD_BUILD_HOST=workbench
export KBUILD_BUILD_TIMESTAMP="$BASE_DATE"

frags=("$TOP/configs/common.config" "$TOP/configs/$arch.config")
[ -n "${EXTRA_CONFIG:-}" ] && frags+=("$EXTRA_CONFIG")

# What identifies a build: the source tree, fragments, compiler.
if [ -n "$rev" ]; then
	tree=$(kgit rev-parse "$rev^{tree}") || die "no revision '$rev' in build/linux"
else
	[ -z "$(kgit status --porcelain --untracked-files=no)" ] ||
		tree="dirty-$(date +%s)"
	tree=${tree:-$(kgit rev-parse 'HEAD^{tree}')}
fi
key=$( { echo "$tree $cc $(tc_run "$cc" --version | head -1)"; cat "${frags[@]}" "$TOP"/tests/modules/*; } |
	sha1sum | cut -c1-16)
imgdir=$BUILD/images/$arch/$key
if [ -f "$imgdir/ok" ]; then
	echo "$imgdir"
	exit 0
fi

# Check out REV when the work tree is somewhere else; come back after.
if [ -n "$rev" ] && [ "$(kgit rev-parse 'HEAD^{tree}')" != "$tree" ]; then
	trap leave_rev EXIT
	at_rev "$rev"
fi

mkdir -p "$out" "$LOGS"
log=$LOGS/build-$arch-$cc-$(kgit rev-parse --short HEAD).log
desc=$(kgit log -1 --format='%h %s')
say "build $arch ($cc): $desc"

# Configure: fragments, then olddefconfig fills in defaults; every option
# a fragment asks for must come out as asked (like kunit.py's check); a
# later fragment (EXTRA_CONFIG) overrides an earlier one.
cat "${frags[@]}" > "$out/.config.want"
cp "$out/.config.want" "$out/.config"
tc_run make -C "$KSRC" "${mkopts[@]}" olddefconfig > "$log" 2>&1 ||
	{ tail -30 "$log" >&2; die "olddefconfig failed for $arch"; }
bad=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	sym=${line%%=*}; val=${line#*=}
	# Options that only exist once the series adds them are skipped
	# when the tree does not have them yet (base and early patches).
	if ! kgit grep -q -E "^(menu)?config ${sym#CONFIG_}\$" -- '*Kconfig*'; then
		continue
	fi
	if [ "$val" = n ]; then
		grep -qx "$sym=[ym]" "$out/.config" || continue
	else
		grep -qx "$line" "$out/.config" && continue
	fi
	warn "config: asked for $line, got '$(grep -E "^(# )?${sym}[= ]" "$out/.config" || echo unset)'"
	bad=1
done < <(tac "$out/.config.want" | awk -F= '/^CONFIG_/ && !seen[$1]++' | tac)
[ $bad -eq 0 ] || die "config fragments for $arch do not hold (missing dependency?)"

start=$(now)
if ! logged "  $arch ($cc) $(kgit log -1 --format=%h)" "$log" tc_run make -C "$KSRC" "${mkopts[@]}" all; then
	grep -E -B2 -A6 '(error|Error)[: ]' "$log" | head -60 >&2 || true
	tail -20 "$log" >&2
	die "build failed: $arch ($cc) at $desc; full log: $log"
fi
# The tests' kernel module (tests/modules), built against this tree.
mod=$out/wb-modules
rm -rf "$mod"; mkdir -p "$mod"; cp "$TOP"/tests/modules/* "$mod/"
if ! tc_run make -C "$KSRC" "${mkopts[@]}" M="$mod" modules >> "$log" 2>&1; then
	grep -E -A6 '(error|Error)[: ]' "$log" | head -30 >&2 || true
	die "test module failed to build: $arch ($cc) at $desc; full log: $log"
fi
# Compiler and linker warnings; a variant fragment overriding a symbol of
# the architecture's fragment is expected (.config: ... override).
warnings=$(grep -E 'warning:' "$log" | grep -c -v -E '^\.config:[0-9]+: ?warning: override' || true)
say "built $arch in $(( $(now) - start ))s ($warnings warnings)"

tmp=$imgdir.tmp
rm -rf "$tmp"; mkdir -p "$tmp"
cp "$out/$image" "$tmp/"
cp "$out/System.map" "$out/.config" "$mod"/*.ko "$tmp/"
cp "$log" "$tmp/build.log"
echo "$desc" > "$tmp/desc"
echo "$out" > "$tmp/objdir"
echo "$warnings" > "$tmp/warnings"
touch "$tmp/ok"
rm -rf "$imgdir"; mv "$tmp" "$imgdir"
echo "$imgdir"
