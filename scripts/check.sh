#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: the test command (`make check`, run by .ci/run).
#
# Two bases (BASES): 7.3, where the upstream series (patches/) is made,
# and 6.12, where its 6.12.y backports (stable/6.12/) go. A base in
# FULL_BASES (7.3) gets every stage: prepare the tree, check the series
# against it, checkpatch, the stable fixes apply one by one, the robots'
# checks, and on each architecture the series changes: build base and
# every commit of the series, then boot, KUnit and memory hot-add tests
# (plain and under injected page-table allocation failure) on the base
# and patched kernels, and the boot-time page tables of both compared.
# Another base (6.12) gets the checks that need no kernel build: its
# tree, export-check, checkpatch and stable-check. Its kernels (base,
# the stable backports, its populator series) and the 7.3 base kernels
# of architectures the series does not change are built and tested in
# `make check-matrix`: each cold kernel build takes 15 to 20 minutes on
# 2 cores, and CI has 90. The toolchain is the Debian 13 root of
# scripts/toolchain.sh. The tests of the two architectures run side by
# side, one lane each. Every stage is timed and recorded, with the
# command that reproduces it, in build/results.json; the summary ends
# with "N passed, N failed".
. "$(dirname "$0")/host-lib.sh"
BASES=${BASES:-"7.3 6.12"}
FULL_BASES=${FULL_BASES:-"7.3"}
ARCHES=${ARCHES:-"x86_64 arm64"}
TESTS=${TESTS:-"boot kunit virtio-mem-grow hotadd-fail-vmem hotadd-fail-each hotadd-stress"}
# A fixes kernel of a base that is not FULL: every injection point; its
# virtio-mem stress run is in make check-matrix.
FIXES_TESTS=${FIXES_TESTS:-"hotadd-fail-vmem hotadd-fail-each"}
# x86_64 maps hot-added memory with 2M pages: also fail every table of a
# 4K mapping (debug_pagealloc=on), of a block that needs a new PUD table,
# removal of 4K-mapped memory that was online, every allocation of an
# add (also to a node that is offline), and CPA on the linear map. New
# top-level tables (NOFIX): a kernel with the stable fixes only runs them
# with wb.failkept=1 (its unmapping after a failure keeps such a table,
# as memory removal does; the populator's must not).
EXTRA_TESTS_x86_64=${EXTRA_TESTS_x86_64:-"hotadd-fail-each-4k hotremove-4k hotadd-fail-any hotadd-fail-any-node hotadd-fail-each-far cpa"}
NOFIX_TESTS_x86_64=${NOFIX_TESTS_x86_64:-"hotadd-fail-each-far-4level hotadd-fail-each-far-p4d"}
# arm64: none here. make check-matrix runs hotremove-4k and hotadd-fail-any
# there: 7.3 itself (base and patched) crashes now and then in the latter
# (VM_BUG_ON in free_pages() from tlb_remove_table_rcu(); see the test).
EXTRA_TESTS_arm64=${EXTRA_TESTS_arm64:-}
export RESULTS_D
rm -rf "$RESULTS_D"; mkdir -p "$RESULTS_D"
t0=$(now)

# has LIST WORD: is WORD one of the words of LIST?
has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }
is_full() { has "$FULL_BASES" "$1"; }
is_xfail() { grep -qxF "$1 $2 $3 $4" <(sed 's/[[:space:]]\+/ /g' "$TOP/tests/xfail"); }

# stage NAME "make command" SCRIPT ARGS...: run, time and record one stage
# of the current base, named BASE:NAME (with GLOBAL=1 a stage of no base,
# named NAME); its output goes to the console and to
# build/BASE/logs/stage-NAME.log (build/stage-NAME.log), in a test lane
# (LANE set) to the log only, and its end to the console when it fails.
# With XF="ARCH KERNEL TEST" set, a failure is expected (tests/xfail);
# CONSOLE names a QEMU stage's console log for results.json.
stage() {
	local name=$WB_BASE:$1 repro="$2 BASE=$WB_BASE" slog=$LOGS/stage-$1.log s rc res
	# A stage of no base (GLOBAL=1): lint, the toolchain.
	[ -z "${GLOBAL:-}" ] || { name=$1; repro=$2; slog=$BUILD/stage-$1.log; }
	shift 2
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
	if [ -n "${XF:-}" ] && is_xfail "$WB_BASE" $XF; then
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
notrun() { record "$WB_BASE:$1" fail 0 "$2 BASE=$WB_BASE" "not run: $3"; say "[$WB_BASE:$1] fail (not run: $3)"; }

GLOBAL=1 stage lint "make lint" "$TOP/scripts/lint.sh" || true
if ! GLOBAL=1 stage toolchain "make toolchain" "$TOP/scripts/toolchain.sh"; then
	"$TOP/scripts/summary.sh"; exit 1
fi

# want_of[BASE ARCH]: the kernels the lanes test; kernels_of: those of
# them that were built (the tests of the others count as failed).
declare -A want_of=() kernels_of=() fixes_is_head=()
for base in $BASES; do
	set_base "$base"
	stage prepare "make prepare" "$TOP/scripts/prepare.sh" || continue
	stage export-check "make export-check" "$TOP/scripts/export.sh" --check || true
	stage checkpatch "make checkpatch" "$TOP/scripts/checkpatch.sh" || true
	nr=$(kgit rev-list --count base..HEAD)
	fixes=
	if [ "$nr" -gt 0 ]; then
		stage stable-check "make stable-check" "$TOP/scripts/stable-check.sh" || true
		f=$(fixes_rev 2>/dev/null) && fixes=fixes
		[ "$f" = "$(kgit rev-parse HEAD)" ] && fixes_is_head[$base]=1
	fi
	if is_full "$base" && [ "$nr" -gt 0 ]; then
		for b in kernel-doc get-maintainer htmldocs; do
			stage "$b" "make bots CHECK=$b" "$TOP/scripts/bots.sh" "$b" || true
		done
	fi
	is_full "$base" || continue
	for arch in $ARCHES; do
		built=
		# An architecture the series does not change has nothing to
		# test here (make check-matrix tests its base kernel).
		[ "$nr" -eq 0 ] || changes_arch "$arch" || continue
		want_of[$base $arch]=" base"
		stage "build-$arch-base" "make build ARCH=$arch KERNEL=base" \
			"$TOP/scripts/build.sh" "$arch" base && built=" base"
		if [ "$nr" -gt 0 ]; then
			k="$fixes patched"
			[ -n "${fixes_is_head[$base]:-}" ] && k=patched
			want_of[$base $arch]+=" ${k# }"
			stage "build-series-$arch" "make build-series ARCH=$arch" \
				"$TOP/scripts/build-series.sh" "$arch" && built="$built ${k# }"
			# What 0-day's robots would say about the objects the
			# series touches: W=1 and sparse with Clang, W=1 with GCC.
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
		kernels_of[$base $arch]=$built
	done
done

# tests_of ARCH KERNEL: the tests a kernel runs. The patched kernel of a
# series that is all stable fixes runs what a fixes kernel runs, with the
# boot, KUnit and stress tests.
tests_of() {
	local arch=$1 k=$2 extra=EXTRA_TESTS_$1 nofix=NOFIX_TESTS_$1
	case $k in
	base)	echo "$TESTS ${!extra:-} ${!nofix:-}" ;;
	fixes)	echo "$FIXES_TESTS ${!extra:-} ${!nofix:-}" ;;
	patched) echo "$TESTS ${!extra:-} ${!nofix:-}" ;;
	esac
}
# fixes_only KERNEL: is KERNEL the stable fixes without the populator?
fixes_only() { [ "$1" = fixes ] || { [ "$1" = patched ] && [ -n "${fixes_is_head[$WB_BASE]:-}" ]; }; }

# test_lane ARCH: the boot, KUnit, hot-add and page-table comparison
# stages of one architecture, base after base, in order.
test_lane() {
	local arch=$1 base built k t name repro cmd nofix=NOFIX_TESTS_$1
	for base in $BASES; do
		set_base "$base"
		built=${kernels_of[$base $arch]:-}
		for k in ${want_of[$base $arch]:-}; do
			for t in $(tests_of "$arch" "$k"); do
				name=$t-$arch-$k
				case $t in
				kunit) repro="make kunit ARCH=$arch KERNEL=$k"
				       cmd=("$TOP/scripts/run-kunit.sh" "$arch" "$k") ;;
				*)     repro="make test TEST=$t ARCH=$arch KERNEL=$k"
				       cmd=("$TOP/scripts/run-test.sh" "$arch" "$k" "$t") ;;
				esac
				if fixes_only "$k" && has "${!nofix:-}" "$t"; then
					cmd+=(--append wb.failkept=1)
					repro="scripts/run-test.sh $arch $k $t --append wb.failkept=1"
				fi
				if has "$built" "$k"; then
					XF="$arch $k $t" CONSOLE=$(run_log "$arch" "$k" "$t").log \
						stage "$name" "$repro" "${cmd[@]}" || true
				else
					notrun "$name" "$repro" "no $k kernel for $arch"
				fi
			done
		done
		case "${want_of[$base $arch]:-}" in
		*" patched"*) ;;
		*) continue ;;
		esac
		# x86_64 without LA57 folds P4D at run time: the populator's
		# suite on 4 levels (where the series has it).
		if [ "$arch" = x86_64 ] && grep -q "^pgtable_populate.*[[:space:]]$base:patched" "$TOP/tests/kunit-suites"; then
			repro="make kunit ARCH=x86_64 LEVELS=4"
			if has "$built" patched; then
				CONSOLE=$(WB_LOGTAG=-4-levels run_log x86_64 patched kunit).log \
					stage kunit-4level-x86_64-patched "$repro" \
					kunit_levels x86_64 patched 4 || true
			else
				notrun kunit-4level-x86_64-patched "$repro" "no patched kernel"
			fi
		fi
		# The series builds the same page tables at boot as before.
		repro="make ptdump-compare ARCH=$arch"
		if has "$built" base && has "$built" patched; then
			stage "ptdump-compare-$arch" "$repro" \
				"$TOP/scripts/ptdump-compare.sh" "$arch" || true
		else
			notrun "ptdump-compare-$arch" "$repro" "kernels missing"
		fi
	done
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
	for k in "${!kernels_of[@]}"; do kernels_of[$k]=; done
fi
for arch in $ARCHES; do
	k=
	for base in $BASES; do k+=${want_of[$base $arch]:-}; done
	[ -n "$k" ] || continue
	"$TOP/scripts/initramfs.sh" "$arch" > /dev/null && continue
	warn "no initramfs for $arch: no tests"
	for base in $BASES; do kernels_of[$base $arch]=; done
done
say "tests: one lane per architecture ($ARCHES); each stage's output is in build/BASE/logs/stage-NAME.log"
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
