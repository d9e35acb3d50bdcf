#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-kunit.sh ARCH [KERNEL [KIND [qemu-run.py options...]]]: boot KERNEL
# (default patched) with its KUnit suites enabled and judge them with the
# tree's own parser (tools/testing/kunit/kunit.py parse). Fails on a
# failed or crashed test and on a suite from tests/kunit-suites that did
# not run. WB_LOGTAG tells the logs of a variant apart.
#
# LEVELS=N: the populator's suite must report N page-table levels, so a
# variant that did not take effect (no5lvl, lpa2=off) is a failure, not a
# second run of the default; logs tagged -N-levels. x86_64 with 4 levels
# boots with no5lvl (P4D folded at run time).
. "$(dirname "$0")/host-lib.sh"
arch=$(norm_arch "${1:-}"); kernel=${2:-patched}; kind=${3:-}
shift $(( $# < 3 ? $# : 3 ))
levels=${LEVELS:-}
if [ -n "$levels" ]; then
	export WB_LOGTAG=-$levels-levels
	[ "$arch-$levels" = x86_64-4 ] && set -- "$@" --append no5lvl
fi

rc=0
"$TOP/scripts/run-test.sh" "$arch" "$kernel" kunit "$@" || rc=$?
run=$(run_log "$arch" "$kernel" kunit)
log=$run.log
json=$run.ktap.json
python3 "$KSRC/tools/testing/kunit/kunit.py" parse --json="$json" "$log" \
	> "$run.parsed" 2>&1 || rc=1
[ -n "$kind" ] || case $kernel in base|fixes) kind=$kernel ;; *) kind=patched ;; esac
python3 "$TOP/scripts/kunit-report.py" "$json" "$kind" "$TOP/tests/kunit-suites" "$WB_BASE" || rc=1
if [ -n "$levels" ] && ! grep -q "populate_geometry: $levels page-table levels" "$log"; then
	warn "KUnit did not run on $levels levels: $log"
	rc=1
fi
[ $rc -eq 0 ] || say "kunit failed; console: $log, parser: $run.parsed"
exit $rc
