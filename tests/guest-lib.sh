# Guest-side helpers, sourced by the test scripts.
# shellcheck disable=SC2034 # variables for the tests that source this

# result NAME pass|fail|xfail|skip [DETAIL...]
result() {
	n=$1; r=$2; shift 2
	echo "WB-RESULT $n $r $*"
	[ "$r" = fail ] && FAILED=1
	return 0
}
FAILED=0

# metric NAME VALUE: a number for the host's per-architecture table.
metric() { echo "WB-METRIC $1 $2"; }

# wb_arg NAME: the value of wb.NAME= on the kernel command line.
wb_arg() { sed -n "s/.*wb\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }

# The linear-map page-table allocator of memory hot-add: arm64, x86_64
# with the populator, x86_64 before it. The first one a kernel has counts.
HOTPLUG_PGTABLE_ALLOC="__pgd_pgtable_alloc populate_alloc_low_page alloc_low_pages"

# pt_pages SYMBOL: pages allocated with SYMBOL on the stack and not freed
# yet, counted by page_owner (boot with page_owner=on; have_page_owner).
# page_owner_stacks lists each allocation stack once with the number of
# its pages still allocated: far quicker to read than page_owner's one
# record per page, which is left for kernels without it.
PO=/sys/kernel/debug/page_owner
POS=/sys/kernel/debug/page_owner_stacks/show_stacks
have_page_owner() { head -c 1 $PO >/dev/null 2>&1; }
pt_pages() {
	if [ -r $POS ]; then
		# A second SYMBOL: stacks with it are left out.
		awk -v s="$1+" -v x="${2:--}+" 'index($0, s) { hit = 1 }
			index($0, x) { out = 1 }
			/^nr_base_pages:/ { if (hit && !out) n += $2; hit = out = 0 }
			END { print n + 0 }' $POS
	else
		grep -c "$1+" $PO || :
	fi
}

# pt_stacks SYMBOL: the allocation stacks pt_pages counts, each with its
# number of pages, for a report when the count is off.
pt_stacks() {
	[ -r $POS ] || return 0
	awk -v s="$1+" '{ rec = rec $0 "\n" } index($0, s) { hit = 1 }
		/^nr_base_pages:/ { if (hit) printf "%s", rec; hit = 0; rec = "" }' $POS
}

# The kernel page-table dump (arm64, x86_64).
PTDUMP=/sys/kernel/debug/kernel_page_tables
[ -r $PTDUMP ] || PTDUMP=/sys/kernel/debug/page_tables/kernel

# directmap: the linear map's page counts by size, one line (x86_64;
# nothing on arm64).
directmap() { grep '^DirectMap' /proc/meminfo | tr -s ' ' | tr '\n' ' '; }

memtotal_kb() { sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo; }

# Ask the host to send a QMP command.
qmp() { echo "WB-QMP $*"; }
vmem_resize() {
	qmp "{\"execute\":\"qom-set\",\"arguments\":{\"path\":\"vm0\",\"property\":\"requested-size\",\"value\":$1}}"
}

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
	t=$(( $1 * 10 )); shift
	while [ $t -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		t=$((t - 1))
	done
	return 1
}

# resize_wait SIZE SECONDS COMMAND...: ask the host for a virtio-mem size
# and poll until COMMAND succeeds. The request is a console line, and a
# kernel message can cut into it; the host cannot read it then, so it is
# asked again every 10 seconds without success. Asking for the size
# already requested only makes virtio-mem look at it again.
resize_wait() {
	_rw_size=$1 _rw_left=$2
	shift 2
	while [ "$_rw_left" -gt 0 ]; do
		vmem_resize "$_rw_size"
		_rw_n=10
		[ "$_rw_left" -lt $_rw_n ] && _rw_n=$_rw_left
		wait_for $_rw_n "$@" && return 0
		_rw_left=$((_rw_left - _rw_n))
	done
	return 1
}

done_tests() { return $FAILED; }

# hotadd_module N [NID]: load hotadd_test.ko for N memory blocks from the
# first block past the end of RAM (which mem= hid), to node NID (0); sets
# BS (the block size), START and D (its debugfs directory).
hotadd_module() {
	BS=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
	_end=$(grep 'System RAM' /proc/iomem | tail -1 | sed 's/^ *[0-9a-f]*-\([0-9a-f]*\) .*/\1/')
	START=$(( (0x$_end + BS) / BS * BS ))
	D=/sys/kernel/debug/hotadd_test
	insmod /lib/modules/hotadd_test.ko start=$START size=$(($1 * BS)) nid=${2:-0}
}

# Address of a kernel symbol, and of the symbol after it (its end).
ksym() { awk -v s="$1" '$3 == s { print $1; exit }' /proc/kallsyms; }
ksym_end() {
	awk '{ print $1 }' /proc/kallsyms | sort -u |
		awk -v a="$1" '$1 > a { print $1; exit }'
}

# fail_pgtable_alloc SYMBOL...: make fail_page_alloc fail only allocations
# made with SYMBOL on the stack: the first of the SYMBOLs this kernel has
# (the page-table allocator of memory hot-add). Targeting the allocator,
# not every allocation of the hot-add path, is what reaches the page-table
# code. Allocations the stack depot makes under it are never failed.
# Injection starts off (probability 0); prints the symbol used.
FPA=/sys/kernel/debug/fail_page_alloc
FS=/sys/kernel/debug/failslab
fail_pgtable_alloc() {
	for s in "$@"; do
		a=$(ksym "$s")
		[ -n "$a" ] && break
	done
	[ -n "$a" ] || return 1
	e=$(ksym_end "$a")
	echo "0x$a" > $FPA/require-start
	echo "0x$e" > $FPA/require-end
	# page_owner saves the allocation's stack, and the stack depot may
	# allocate a pool page for it, inside the table allocation: a failure
	# there is swallowed (the stack is just not saved), so it must not
	# count as an injected page-table failure.
	a=$(ksym stack_depot_save_flags)
	if [ -n "$a" ]; then
		echo "0x$a" > $FPA/reject-start
		echo "0x$(ksym_end "$a")" > $FPA/reject-end
	fi
	echo 32 > $FPA/stacktrace-depth
	echo N > $FPA/ignore-gfp-wait
	echo N > $FPA/ignore-gfp-highmem
	echo 0 > $FPA/min-order
	echo 0 > $FPA/space
	echo 1 > $FPA/interval
	echo 0 > $FPA/verbose
	echo 0 > $FPA/probability
	echo -1 > $FPA/times
	# With CONFIG_FAILSLAB, failslab sees fail-nth too, and by default
	# it matches every stack: give it the same filter, so that fail-nth
	# counts only allocations under SYMBOL.
	if [ -d $FS ]; then
		for f in require-start require-end reject-start reject-end stacktrace-depth; do
			cat $FPA/$f > $FS/$f
		done
		echo 0 > $FS/probability
	fi
	echo "$s"
}
