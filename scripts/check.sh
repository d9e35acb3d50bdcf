#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: the test command (`make check`, run by .ci/run).
#
# Stages: prepare the tree, check patches/ against it, checkpatch, the
# stable fixes apply one by one, build base and every commit of the series
# on each architecture, then boot, KUnit and memory hot-add tests (plain
# and under injected page-table allocation failure) on base and patched
# kernels, the hot-add tests on the fixes kernel (base + the stable fixes
# at the front of the series), and the boot-time page-table
# comparison between base and patched on both; the tests of the two
# architectures run side by side, one lane each. Every stage is timed
# and recorded, with the command that reproduces it, in
# build/results.json; the summary ends with "N passed, N failed".
. "$(dirname "$0")/host-lib.sh"
ARCHES=${ARCHES:-"x86_64 arm64"}
TESTS=${TESTS:-"boot kunit virtio-mem-grow hotadd-fail-vmem hotadd-fail-each hotadd-stress"}
# The fixes kernel: every injection point; its virtio-mem stress run (4
# minutes on a slow 2-core machine) is in make check-matrix.
FIXES_TESTS=${FIXES_TESTS:-"hotadd-fail-vmem hotadd-fail-each"}
# x86_64 maps hot-added memory with 2M pages: also fail every table of a
# 4K mapping (debug_pagealloc=on), of a block that needs a new PUD table,
# and CPA on the linear map. New top-level tables: base and patched only
# (the stable fix's unmapping after a failure keeps them).
EXTRA_TESTS_x86_64=${EXTRA_TESTS_x86_64:-"hotadd-fail-each-4k hotadd-fail-each-far cpa"}
NOFIX_TESTS_x86_64=${NOFIX_TESTS_x86_64:-"hotadd-fail-each-far-4level hotadd-fail-each-far-p4d"}
rm -rf "$RESULTS_D"; mkdir -p "$RESULTS_D"
t0=$(now)

is_xfail() { grep -qx "$1 $2 $3" <(sed 's/[[:space:]]\+/ /g' "$TOP/tests/xfail"); }

# stage NAME "make command" SCRIPT ARGS...: run, time and record one stage;
# its output goes to the console and to build/logs/stage-NAME.log (in a
# test lane, LANE set, to the log only, and its end to the console when
# it fails).
# With XF="ARCH KERNEL TEST" set, a failure is expected (tests/xfail);
# CONSOLE names a QEMU stage's console log for results.json.
stage() {
	local name=$1 repro=$2 s rc res slog
	shift 2
	slog=$LOGS/stage-$name.log
	say "[$name] $repro"
	s=$(now)
	set +e
	if [ -n "${LANE:-}" ]; then
		( "$@" ) > "$slog" 2>&1
		rc=$?
	else
		"$@" 2>&1 | tee "$slog"
		rc=${PIPESTATUS[0]}
	fi
	set -e
	if [ -n "${XF:-}" ] && is_xfail $XF; then
		if [ "$rc" -eq 0 ]; then res=xpass; else res=xfail; fi
	elif [ "$rc" -eq 0 ]; then res=pass
	else res=fail
	fi
	record "$name" "$res" "$(( $(now) - s ))" "$repro" "" "$slog" "${CONSOLE:-}"
	# In a lane: why it failed, in one block (the other lane writes too).
	if [ -n "${LANE:-}" ] && { [ "$res" = fail ] || [ "$res" = xpass ]; }; then
		printf '%s\n' "$(tail -15 "$slog" | sed "s/^/  [$name] /")" >&2
	fi
	say "[$name] $res ($(( $(now) - s ))s)"
	[ "$rc" -eq 0 ]
}
notrun() { record "$1" fail 0 "$2" "not run: $3"; say "[$1] fail (not run: $3)"; }

stage lint "make lint" "$TOP/scripts/lint.sh" || true
stage prepare "make prepare" "$TOP/scripts/prepare.sh" ||
	{ "$TOP/scripts/summary.sh"; exit 1; }
stage export-check "make export-check" "$TOP/scripts/export.sh" --check || true
stage checkpatch "make checkpatch" "$TOP/scripts/checkpatch.sh" || true
nr=$(kgit rev-list --count base..HEAD)
if [ "$nr" -gt 0 ]; then
	stage stable-check "make stable-check" "$TOP/scripts/stable-check.sh" || true
	for b in kernel-doc get-maintainer htmldocs; do
		stage "$b" "make bots CHECK=$b" "$TOP/scripts/bots.sh" "$b" || true
	done
fi
fixes=; [ "$nr" -gt 0 ] && fixes_rev >/dev/null && fixes=fixes

declare -A built_of=()
for arch in $ARCHES; do
	built=
	stage "build-$arch-base" "make build ARCH=$arch KERNEL=base" \
		"$TOP/scripts/build.sh" "$arch" base && built=" base"
	if [ "$nr" -gt 0 ]; then
		stage "build-series-$arch" "make build-series ARCH=$arch" \
			"$TOP/scripts/build-series.sh" "$arch" && built="$built $fixes patched"
		# What 0-day's robots would say about the objects the series
		# touches: W=1 and sparse with Clang, W=1 with GCC.
		case "$built" in
		*" patched"*)
			for b in w1-sparse gcc; do
				stage "$b-$arch" "make bots CHECK=$b ARCH=$arch" \
					"$TOP/scripts/bots.sh" "$b" "$arch" || true
			done ;;
		*)	notrun "w1-sparse-$arch" "make bots CHECK=w1-sparse ARCH=$arch" "the series does not build"
			notrun "gcc-$arch" "make bots CHECK=gcc ARCH=$arch" "the series does not build" ;;
		esac
	fi
	built_of[$arch]=$built
done

# test_lane ARCH: the boot, KUnit, hot-add and page-table comparison
# stages of one architecture, in order.
test_lane() {
	local arch=$1 built=${built_of[$1]} kernels extra nofix k t tests name repro cmd
	kernels="base"; [ "$nr" -gt 0 ] && kernels="base $fixes patched"
	extra=EXTRA_TESTS_${arch} nofix=NOFIX_TESTS_${arch}
	for k in $kernels; do
		tests="$TESTS ${!extra:-} ${!nofix:-}"
		[ "$k" = fixes ] && tests="$FIXES_TESTS ${!extra:-}"
		for t in $tests; do
			name=$t-$arch-$k
			case $t in
			kunit) repro="make kunit ARCH=$arch KERNEL=$k"
			       cmd=("$TOP/scripts/run-kunit.sh" "$arch" "$k") ;;
			*)     repro="make test TEST=$t ARCH=$arch KERNEL=$k"
			       cmd=("$TOP/scripts/run-test.sh" "$arch" "$k" "$t") ;;
			esac
			case "$built" in
			*" $k"*) XF="$arch $k $t" CONSOLE=$(run_log "$arch" "$k" "$t").log \
				stage "$name" "$repro" "${cmd[@]}" || true ;;
			*) notrun "$name" "$repro" "no $k kernel for $arch" ;;
			esac
		done
	done
	# x86_64 without LA57 folds P4D at run time: the suite on 4 levels.
	if [ "$arch" = x86_64 ] && [ "$nr" -gt 0 ]; then
		repro="make kunit ARCH=x86_64 LEVELS=4"
		case "$built" in
		*" patched"*) CONSOLE=$(WB_LOGTAG=-4-levels run_log x86_64 patched kunit).log \
			stage kunit-4level-x86_64-patched "$repro" \
			kunit_levels x86_64 patched 4 || true ;;
		*) notrun kunit-4level-x86_64-patched "$repro" "no patched kernel" ;;
		esac
	fi
	# The series builds the same page tables at boot as before.
	if [ "$nr" -gt 0 ]; then
		case "$built" in
		*" base"*" patched"*)
			stage "ptdump-compare-$arch" "make ptdump-compare ARCH=$arch" \
				"$TOP/scripts/ptdump-compare.sh" "$arch" || true ;;
		*) notrun "ptdump-compare-$arch" "make ptdump-compare ARCH=$arch" "kernels missing" ;;
		esac
	fi
	# The lane ran to its end (see below).
	rm -f "$RESULTS_D/lane-$arch.json"
}

# One lane per architecture, side by side (LANES=1: one after the
# other): a TCG guest keeps about one host core busy most of the time, so
# two lanes take about as long as the longer one. What the lanes share
# (QEMU, busybox) is fetched first; an architecture without it runs no
# tests, which then count as failed.
if ! need_pkgs "${QEMU_PKGS[@]}"; then
	warn "cannot install QEMU: no tests"
	for arch in $ARCHES; do built_of[$arch]=; done
fi
for arch in $ARCHES; do
	[ -n "${built_of[$arch]}" ] || continue
	"$TOP/scripts/initramfs.sh" "$arch" > /dev/null ||
		{ warn "no initramfs for $arch: no tests"; built_of[$arch]=; }
done
say "tests: one lane per architecture ($ARCHES); each stage's output is in build/logs/stage-NAME.log"
# A lane that ends before its last stage leaves this record: a failure.
pids=()
set -m	# each lane its own process group, to stop it on an interrupt
for arch in $ARCHES; do
	record "lane-$arch" fail 0 "make check" "the $arch test lane ended early"
	if [ "${LANES:-2}" = 1 ]; then
		LANE=$arch test_lane "$arch"
	else
		LANE=$arch test_lane "$arch" &
		pids+=("$!")
	fi
done
set +m
trap '[ ${#pids[@]} -eq 0 ] || kill -TERM -- "${pids[@]/#/-}" 2>/dev/null; exit 130' INT TERM
for p in "${pids[@]}"; do wait "$p" || true; done
trap - INT TERM

echo "$(( $(now) - t0 ))" > "$BUILD/check-seconds"
"$TOP/scripts/summary.sh"
