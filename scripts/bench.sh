#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh [RUNS]: how much work each architecture does to build its
# kernel page tables at boot and to hot-add memory, base against patched
# kernel, in one run.
#
# Boots both kernels (8 GiB of RAM, nokaslr) with a QEMU TCG plugin
# (tools/insn-window.c) that counts the guest instructions executed from
# the entry of one function to the entry of the next call in setup_arch():
#  - arm64: paging_init() to unflatten_device_tree(), that is map_mem(),
#    map_kernel() and the allocators they call; rodata=full (the linear
#    map at page granularity, 2M PTEs: the worst case) and rodata=on
#    (blocks and contiguous hints);
#  - x86_64: init_mem_mapping() to cpu_init_replace_early_idt(), the
#    whole boot-time linear map; by default (a CPU with 1G pages),
#    nogbpages (2M pages) and debug_pagealloc=on (4K pages: the worst
#    case).
#  - both: a 1 GiB memory hot-add (tests/bench-hotadd.sh, through the
#    tests' module, no injection): arch_add_memory() to
#    create_memory_block_devices(), which add_memory_resource() calls
#    next: the linear map, the memmap (vmemmap) and the sections.
# Host time under TCG is noise (bimodal, +-50%); the instruction counts
# nearly repeat (x86_64's boot by a few instructions; a hot-add runs with
# interrupts on, and a timer tick can land in its window), so one run per
# kernel and variant is enough; with RUNS > 1 the smallest count is taken
# and the spread shown. Prints one table with every count, the
# ratio patched/base and the functions the instructions went to.
. "$(dirname "$0")/host-lib.sh"
runs=${1:-1}
ARCHES=${ARCHES:-"x86_64 arm64"}
need_pkgs gcc
plugin=$BUILD/tools/insn-window.so
mkdir -p "$BUILD/tools"
if [ ! -f "$plugin" ] || [ "$TOP/tools/insn-window.c" -nt "$plugin" ]; then
	gcc -O2 -Wall -Werror -shared -fPIC -o "$plugin" "$TOP/tools/insn-window.c" ||
		die "cannot build the QEMU plugin"
fi

sym() {
	local a
	a=$(awk -v s="$2" '$3 == s { print $1; exit }' "$1/System.map")
	[ -n "$a" ] || die "no symbol $2 in $1/System.map"
	echo "0x$a"
}

# The measurements per arch: NAME TEST FROM TO WHAT OPTIONS (WHAT with
# '~' for ' ', the options of run-test.sh with ',' for ' ').
measurements() {
	local boot8="--mem,8G,--append,nokaslr"
	case $1 in
	arm64)
		echo "rodata=full boot paging_init unflatten_device_tree paging_init()~at~boot,~8~GiB $boot8,--append,rodata=full"
		echo "rodata=on boot paging_init unflatten_device_tree paging_init()~at~boot,~8~GiB $boot8,--append,rodata=on"
		echo "hotadd bench-hotadd arch_add_memory create_memory_block_devices arch_add_memory(),~1~GiB~hot-add -" ;;
	x86_64)
		echo "default boot init_mem_mapping cpu_init_replace_early_idt init_mem_mapping()~at~boot,~8~GiB $boot8"
		echo "nogbpages boot init_mem_mapping cpu_init_replace_early_idt init_mem_mapping()~at~boot,~8~GiB $boot8,--append,nogbpages"
		echo "debug_pagealloc boot init_mem_mapping cpu_init_replace_early_idt init_mem_mapping()~at~boot,~8~GiB $boot8,--append,debug_pagealloc=on"
		echo "hotadd bench-hotadd arch_add_memory create_memory_block_devices arch_add_memory(),~1~GiB~hot-add -" ;;
	esac
}

entries=()
for arch in $ARCHES; do
	declare -A img=()
	for k in base patched; do img[$k]=$("$TOP/scripts/kernel.sh" "$arch" $k); done
	while read -r v test from to what opts; do
		read -ra opts <<< "${opts//,/ }"
		[ "${opts[0]}" = - ] && opts=()
		for i in $(seq "$runs"); do
			for k in base patched; do
				d=${img[$k]}
				out=$LOGS/$arch-$k-bench-$v-$i.insn
				rm -f "$out"
				WB_LOGTAG=-bench-$v-$i "$TOP/scripts/run-test.sh" "$arch" "$d" "$test" \
					"${opts[@]}" \
					--plugin "$plugin,start=$(sym "$d" "$from"),stop=$(sym "$d" "$to")" \
					--plugin-log "$out" >/dev/null ||
					die "run failed: $arch $k $v run $i"
			done
		done
		entries+=("$arch|$v|${what//\~/ }|${img[base]}/System.map|${img[patched]}/System.map")
	done < <(measurements "$arch")
done
table=$LOGS/bench.txt
python3 "$TOP/scripts/bench-report.py" "$LOGS" "$runs" "${entries[@]}" | tee "$table"
[ "${PIPESTATUS[0]}" -eq 0 ] || die "no result"
say "table: $table"
