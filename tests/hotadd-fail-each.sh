# Every injection point: hot-add one memory block while the k-th
# page-table allocation of the hot-add fails, for k = 1, 2, ... until an
# add no longer reaches the k-th allocation, so the number of points is
# measured, not assumed. For each k: the write fails with ENOMEM, the
# kernel does not crash or warn, MemTotal is unchanged, the linear map
# has no entry in the range, and an add without injection then succeeds
# (the block is onlined, checked and removed again). page_owner counts
# the page-table pages still allocated: the count must end where it
# started, and a successful add must hold exactly one table per point.
#
# Trigger: /proc/self/fail-nth, which fails the n-th allocation made by
# the task that set it, so the add must run in the writing task:
# hotadd_test.ko's debugfs file on both architectures (arm64 has no
# 'probe' file; virtio-mem adds from a kworker), and on x86_64 also the
# 'probe' sysfs file. The block is RAM the kernel was told to ignore
# (mem=1G of 2G). fail_page_alloc's stack filter restricts the count to
# allocations made by the linear-map table allocator: failing every
# allocation of the path would mostly hit memmap, sysfs and resource
# allocations, which unwind on their own and never reach the page-table
# code under test.
#
# On the base kernel the first failure crashes (#wb-base).
#wb: --mem 2G --append "mem=1G memhp_default_state=online_movable page_owner=on" --timeout 1500
#wb-base: --expect-crash --crash-match '(pgtable_alloc|phys_pmd_init|phys_pud_init|alloc_low_pages)\+'
. /tests/lib.sh
T=hotadd-fail-each
t0=$(date +%s)
BS=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
# The first memory block above the RAM the kernel uses.
end=$(grep 'System RAM' /proc/iomem | tail -1 | sed 's/^ *[0-9a-f]*-\([0-9a-f]*\) .*/\1/')
START=$(( (0x$end + BS) / BS * BS ))
start_hex=$(printf '0x%x' $START)
insmod /lib/modules/hotadd_test.ko start=$START size=$BS ||
	{ result $T fail "insmod hotadd_test.ko failed"; done_tests; exit; }
D=/sys/kernel/debug/hotadd_test
set -- $(cat $D/range)
VA_START=$3 VA_END=$4
echo "block $1-$2 (linear map $VA_START-$VA_END), $((BS >> 20)) MiB"

sym=$(fail_pgtable_alloc $HOTPLUG_PGTABLE_ALLOC) ||
	{ result $T fail "no page-table allocator symbol"; done_tests; exit; }
echo "counting allocations made by $sym"

PTDUMP=/sys/kernel/debug/kernel_page_tables
[ -f $PTDUMP ] || PTDUMP=/sys/kernel/debug/page_tables/kernel
# mapped: does the linear map have a present entry in the block?
mapped() {
	awk -v s="x$VA_START" -v e="x$VA_END" '
		$1 ~ /^0x[0-9a-f]+-0x[0-9a-f]+$/ && / (RW|ro) / {
			split($1, r, "-")
			if (("x" r[1]) < e && ("x" r[2]) > s) { print "  mapped: " $0; n++ }
		}
		END { exit n ? 0 : 1 }' $PTDUMP
}
# inject K FILE TEXT: write TEXT to FILE in a task whose K-th page-table
# allocation fails (K=0: none). Prints "RC LEFT": RC 0 when the write
# worked, else the error; LEFT 0 when the injection was reached.
inject() {
	sh -c 'echo $1 > /proc/self/fail-nth
		if echo "$3" > "$2" 2>/tmp/err; then rc=0; else rc=$(cat /tmp/err); fi
		read left < /proc/self/fail-nth
		echo "$left $rc"' sh "$1" "$2" "$3"
}

# run_path NAME ADD-FILE ADD-TEXT: the k loop for one hot-add path.
run_path() {
	name=$1 file=$2 text=$3
	base=$(memtotal_kb)
	if mapped; then
		result $T-$name fail "block mapped before any add"; return
	fi
	k=1 points=0 survived=0
	while [ $k -le 4096 ]; do
		set -- $(inject $k $file "$text")
		left=$1; shift; err="$*"
		if [ "$left" != 0 ]; then
			# The add did not reach allocation k: it must have worked.
			if [ "$err" != 0 ]; then
				result $T-$name fail "k=$k: add without injection failed: $err"
				return
			fi
			break
		fi
		points=$k
		case "$err" in
		*"Cannot allocate memory"*) ;;
		*) result $T-$name fail "k=$k: write returned '$err', wanted ENOMEM"; return ;;
		esac
		now=$(memtotal_kb)
		if [ "$now" -ne "$base" ]; then
			result $T-$name fail "k=$k: MemTotal $base -> $now kB after a failed add"; return
		fi
		if mapped; then
			result $T-$name fail "k=$k: linear map not clean after a failed add"; return
		fi
		if [ -e /sys/devices/system/memory/memory$((START / BS)) ]; then
			result $T-$name fail "k=$k: memory block device left behind"; return
		fi
		set -- $(inject 0 $file "$text")
		if [ "$2" != 0 ]; then
			result $T-$name fail "k=$k: retry without injection failed: $*"; return
		fi
		if [ "$k" = 1 ]; then
			tables=$(( $(pt_pages $sym) - PT0 ))
			mapped >/dev/null ||
				{ result $T-$name fail "k=$k: block not in the linear map after add"; return; }
		fi
		now=$(memtotal_kb)
		if [ "$now" -ne $((base + BS / 1024)) ]; then
			result $T-$name fail "k=$k: retry: MemTotal $base -> $now kB"; return
		fi
		echo 1 > $D/remove || { result $T-$name fail "k=$k: remove failed"; return; }
		survived=$k
		k=$((k + 1))
	done
	if [ $k -gt 4096 ]; then
		result $T-$name fail "no add without reaching the injection in 4096 tries"; return
	fi
	# k: the add that did not reach the injection; it added the block.
	now=$(memtotal_kb)
	if [ "$now" -ne $((base + BS / 1024)) ]; then
		result $T-$name fail "final add: MemTotal $base -> $now kB"; return
	fi
	echo 1 > $D/remove || { result $T-$name fail "final remove failed"; return; }
	if [ $points -eq 0 ]; then
		result $T-$name fail "the add allocated no page table: test does not reach the path"
		return
	fi
	if [ "$tables" -ne $points ]; then
		result $T-$name fail "a successful add holds $tables tables, $points injection points"
		return
	fi
	leaked=$(( $(pt_pages $sym) - PT0 ))
	metric "$name-points" $points
	metric "$name-survived" $survived
	metric "$name-leaked-pages" $leaked
	if [ $leaked -ne 0 ]; then
		result $T-$name fail "$points points survived, but $leaked page-table pages leaked"
		return
	fi
	result $T-$name pass "$points injection points ($sym), all survived; 0 pages leaked"
}

if ! have_page_owner; then
	result $T fail "page_owner not available (page_owner=on?)"; done_tests; exit
fi
PT0=$(pt_pages $sym)
# x86_64: the 'probe' file first (same block, removed through the module).
if [ -f /sys/devices/system/memory/probe ]; then
	run_path probe /sys/devices/system/memory/probe $start_hex
fi
run_path module $D/add 1
metric "$T-seconds" $(( $(date +%s) - t0 ))
done_tests
