#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: the test command (`make check`, run by .ci/run).
#
# Stages: prepare the tree, check patches/ against it, checkpatch, build
# base and every commit of the series on each architecture, then boot,
# KUnit and memory hot-add tests (plain and under injected page-table
# allocation failure) on base and patched kernels, and arm64's boot-time
# page-table comparison between them. Every stage
# is timed and recorded, with the command that reproduces it, in
# build/results.json; the summary ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"
ARCHES=${ARCHES:-"x86_64 arm64"}
TESTS=${TESTS:-"boot kunit virtio-mem-grow hotadd-fail-vmem hotadd-fail-each hotadd-stress"}
rm -rf "$RESULTS_D"; mkdir -p "$RESULTS_D"
t0=$(now)

is_xfail() { grep -qx "$1 $2 $3" <(sed 's/[[:space:]]\+/ /g' "$TOP/tests/xfail"); }

# stage NAME "make command" SCRIPT ARGS...: run, time and record one stage.
# With XF="ARCH KERNEL TEST" set, a failure is expected (tests/xfail).
stage() {
	local name=$1 repro=$2 s rc=0 res
	shift 2
	say "[$name] $repro"
	s=$(now)
	"$@" || rc=$?
	if [ -n "${XF:-}" ] && is_xfail $XF; then
		if [ $rc -eq 0 ]; then res=xpass; else res=xfail; fi
	elif [ $rc -eq 0 ]; then res=pass
	else res=fail
	fi
	record "$name" "$res" "$(( $(now) - s ))" "$repro"
	say "[$name] $res ($(( $(now) - s ))s)"
	[ $rc -eq 0 ]
}
notrun() { record "$1" fail 0 "$2" "not run: $3"; say "[$1] fail (not run: $3)"; }

stage prepare "make prepare" "$TOP/scripts/prepare.sh" ||
	{ "$TOP/scripts/summary.sh"; exit 1; }
stage export-check "make export (then git diff patches/)" "$TOP/scripts/export.sh" --check || true
stage checkpatch "make checkpatch" "$TOP/scripts/checkpatch.sh" || true
nr=$(kgit rev-list --count base..HEAD)

for arch in $ARCHES; do
	built=
	stage "build-$arch-base" "make build ARCH=$arch KERNEL=base" \
		"$TOP/scripts/build.sh" "$arch" base >/dev/null && built=" base"
	if [ "$nr" -gt 0 ]; then
		stage "bisect-build-$arch" "make bisect ARCH=$arch" \
			"$TOP/scripts/bisect-build.sh" "$arch" && built="$built patched"
	fi
	kernels="base"; [ "$nr" -gt 0 ] && kernels="base patched"
	for k in $kernels; do
		for t in $TESTS; do
			name=$t-$arch-$k
			case $t in
			kunit) repro="make kunit ARCH=$arch KERNEL=$k"
			       cmd=("$TOP/scripts/kunit.sh" "$arch" "$k") ;;
			*)     repro="make test TEST=$t ARCH=$arch KERNEL=$k"
			       cmd=("$TOP/scripts/run-test.sh" "$arch" "$k" "$t") ;;
			esac
			case "$built" in
			*" $k"*) XF="$arch $k $t" stage "$name" "$repro" "${cmd[@]}" || true ;;
			*) notrun "$name" "$repro" "no $k kernel for $arch" ;;
			esac
		done
	done
	# x86_64 without LA57 folds P4D at run time: the suite on 4 levels.
	if [ "$arch" = x86_64 ] && [ "$nr" -gt 0 ]; then
		repro="WB_LOGTAG=-4-levels scripts/kunit.sh x86_64 patched patched --append no5lvl"
		case "$built" in
		*" patched"*) stage kunit-4level-x86_64-patched "$repro" \
			kunit_levels x86_64 patched 4 --append no5lvl || true ;;
		*) notrun kunit-4level-x86_64-patched "$repro" "no patched kernel" ;;
		esac
	fi
	# arm64 builds the same page tables at boot as before the series.
	if [ "$arch" = arm64 ] && [ "$nr" -gt 0 ]; then
		case "$built" in
		*" base"*" patched"*)
			stage "ptdump-compare-$arch" "make ptdump-compare ARCH=$arch" \
				"$TOP/scripts/ptdump-compare.sh" "$arch" || true ;;
		*) notrun "ptdump-compare-$arch" "make ptdump-compare ARCH=$arch" "kernels missing" ;;
		esac
	fi
done

echo "$(( $(now) - t0 ))" > "$BUILD/check-seconds"
"$TOP/scripts/summary.sh"
