#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# demo.sh: the before/after story, one table per base (BASES: 7.3, where
# the fixes go upstream, and 6.12, where the production crash happened).
# Per base it prepares the tree, builds the base kernel and the fixes
# kernel (base + the stable fixes at the front of the base's series) for
# each architecture the series changes (the base alone for the others),
# hot-adds 1 GiB through virtio-mem, then hot-adds while every page-table
# allocation of memory hot-add fails: a base kernel crashes (7.3 arm64
# does not: mainline fixed it), the fixed ones report -ENOMEM and hot-add
# on the next request. Each table gives per kernel the outcome and the one
# kernel line that says what happened; the consoles are in the logs it
# names.
. "$(dirname "$0")/host-lib.sh"
BASES=${BASES:-"7.3 6.12"}
ARCHES=${ARCHES:-"x86_64 arm64"}
TESTS="virtio-mem-grow hotadd-fail-vmem"
"$TOP/scripts/toolchain.sh" > /dev/null
rc=0 tables=()
for base in $BASES; do
	set_base "$base"
	"$TOP/scripts/prepare.sh" || { rc=1; continue; }
	runs=()
	for arch in $ARCHES; do
		kernels=base
		f=$(fixes_rev 2>/dev/null) && changes_arch "$arch" "$f" && kernels="base fixes"
		for k in $kernels; do
			say "$base $arch $k: building (log in $LOGS)"
			"$TOP/scripts/kernel.sh" "$arch" "$k" >/dev/null || { rc=1; continue; }
			for t in $TESTS; do
				say "$base $arch $k: $t"
				"$TOP/scripts/run-test.sh" "$arch" "$k" "$t" > "$(run_log "$arch" "$k" "$t").out" 2>&1 || true
				runs+=("$(run_log "$arch" "$k" "$t")")
			done
		done
	done
	tables+=("$base" "${runs[*]}")
done
for ((i = 0; i < ${#tables[@]}; i += 2)); do
	base=${tables[i]}
	# shellcheck disable=SC2086 # a list of paths without spaces
	python3 "$TOP/scripts/demo-table.py" "Linux $base (BASE=$base): base kernels crash as in production (but where mainline fixed them), fixes kernels (base + the stable fixes) return -ENOMEM and hot-add on the next request" \
		${tables[i + 1]} || rc=1
done
exit $rc
