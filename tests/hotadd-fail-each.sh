# Every injection point: hot-add one memory block while the k-th
# page-table allocation of the hot-add fails, for k = 1, 2, ... until an
# add no longer reaches the k-th allocation, so the number of points is
# measured, not assumed. After each failed add everything must be as it
# was before it: the write fails with ENOMEM, the kernel does not crash or
# warn, MemTotal is unchanged, the linear map has no entry in the range
# and its dump of the GiB around the block is as before, the DirectMap
# counters of /proc/meminfo (x86_64) are unchanged, there
# is no memory block device, and page_owner counts as many page-table
# pages as before (no table left behind, allocated or not). The add that
# no longer reaches the injection must work and hold exactly one table
# per point; removing the block must free them again and leave the dump
# of that GiB as before, but for the tables
# removal keeps (wb.kept=N: the top-level table of a block placed where
# it needs one, which x86_64's removal keeps with 4 levels). With
# wb.failkept=1 a failed add may keep that table too, once per path (the
# stable fix undoes a failed add by removal; the populator adds nothing
# on failure): the state before the next add then includes it, and the
# count starts again at k=1, the next level's allocation now.
#
# Trigger: /proc/self/fail-nth, which fails the n-th allocation made by
# the task that set it, so the add must run in the writing task:
# hotadd_test.ko's debugfs file on both architectures (arm64 has no
# 'probe' file; virtio-mem adds from a kworker), and on x86_64 also the
# 'probe' sysfs file. The block is RAM the kernel was told to ignore
# (mem=1G of 2G), or the one at wb.start= (not onlined then: there is no
# RAM). fail_page_alloc's stack filter restricts the count to allocations
# made by the linear-map table allocator: failing every allocation of the
# path would mostly hit memmap, sysfs and resource allocations, which
# unwind on their own and never reach the page-table code under test.
#
# On the base kernel the first failure crashes (#wb-base).
#wb: --mem 2G --append "mem=1G memhp_default_state=online_movable page_owner=on" --timeout 1500
#wb-base: --expect-crash --crash-match '(pgtable_alloc|phys_pmd_init|phys_pud_init|alloc_low_pages)\+'
. /tests/guest-lib.sh
T=hotadd-fail-each
t0=$(date +%s)
BS=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
# With memhp_default_state=offline an added block is not onlined: MemTotal
# stays, the block's memory device shows it.
ADDED_KB=$((BS / 1024))
grep -q 'memhp_default_state=offline' /proc/cmdline && ADDED_KB=0
KEPT=$(wb_arg kept)
KEPT=${KEPT:-0}
FAILKEPT=$(wb_arg failkept)
# The first memory block above the RAM the kernel uses, or wb.start.
START=$(wb_arg start)
if [ -n "$START" ]; then
	START=$((START))
else
	end=$(grep 'System RAM' /proc/iomem | tail -1 | sed 's/^ *[0-9a-f]*-\([0-9a-f]*\) .*/\1/')
	START=$(( (0x$end + BS) / BS * BS ))
fi
start_hex=$(printf '0x%x' $START)
insmod /lib/modules/hotadd_test.ko start=$START size=$BS ||
	{ result $T fail "insmod hotadd_test.ko failed"; done_tests; exit; }
D=/sys/kernel/debug/hotadd_test
# shellcheck disable=SC2046 # the fields, split
set -- $(cat $D/range)
VA_START=$3 VA_END=$4
echo "block $1-$2 (linear map $VA_START-$VA_END), $((BS >> 20)) MiB"

sym=$(fail_pgtable_alloc $HOTPLUG_PGTABLE_ALLOC) ||
	{ result $T fail "no page-table allocator symbol"; done_tests; exit; }
echo "counting allocations made by $sym"

# The linear map around the block: the GiB-aligned range that holds it.
# A table left behind, or an entry changed, shows in the dump of that
# range at whatever level it is, while the rest of the linear map changes
# under the test's feet with debug_pagealloc.
W0=$(printf '0x%016x' $((VA_START & ~0x3fffffff)))
W1=$(printf '0x%016x' $(((VA_END + 0x3fffffff) & ~0x3fffffff)))
# lines_in START END: the dump lines (read by snap) of ranges in START-END.
snap() { cat $PTDUMP > /tmp/pt; }
lines_in() {
	awk -v s="x$1" -v e="x$2" '
		$1 ~ /^0x[0-9a-f]+-0x[0-9a-f]+$/ {
			split($1, r, "-")
			if (("x" r[1]) < e && ("x" r[2]) > s) print
		}' /tmp/pt
}
# mapped: does the linear map have a present entry in the block (snap)?
mapped() {
	lines_in $VA_START $VA_END | grep -E ' (RW|ro) ' | sed 's/^/  mapped: /' | grep .
}
block_dev() { [ -e /sys/devices/system/memory/memory$((START / BS)) ]; }
# inject K FILE TEXT: write TEXT to FILE in a task whose K-th page-table
# allocation fails (K=0: none). Prints "LEFT RC": RC 0 when the write
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
	base=$(memtotal_kb) dm0=$(directmap) pt0=$(pt_pages $sym)
	snap; lines_in $W0 $W1 > /tmp/pt0
	if mapped || block_dev; then
		result $T-$name fail "block there before any add"; return
	fi
	k=1 points=0 failkept=0 restart=
	while [ $k -le 4096 ]; do
		# shellcheck disable=SC2046
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
		case "$err" in
		*"Cannot allocate memory"*) ;;
		*) result $T-$name fail "k=$k: write returned '$err', wanted ENOMEM"; return ;;
		esac
		bad=
		[ "$(memtotal_kb)" -eq "$base" ] || bad="MemTotal $base -> $(memtotal_kb) kB"
		snap
		now=$(pt_pages $sym)
		if [ "${FAILKEPT:-0}" = 1 ] && [ $failkept -eq 0 ] && [ "$KEPT" -gt 0 ] &&
		   [ "$now" -eq $((pt0 + KEPT)) ]; then
			echo "k=$k: the failed add kept $KEPT top-level table(s), as removal does;" \
				"counting again from k=1 with it there"
			failkept=$KEPT pt0=$now restart=1
			lines_in $W0 $W1 > /tmp/pt0
		fi
		if ! lines_in $W0 $W1 | cmp -s - /tmp/pt0; then
			lines_in $W0 $W1 | diff /tmp/pt0 - | sed 's/^/  /'
			bad="page tables of $W0-$W1 changed"
		fi
		mapped && bad="linear map not clean"
		[ "$(directmap)" = "$dm0" ] || bad="DirectMap '$dm0' -> '$(directmap)'"
		block_dev && bad="memory block device left behind"
		[ "$now" -eq "$pt0" ] || bad="$((now - pt0)) page-table pages left behind"
		if [ -n "$bad" ]; then
			result $T-$name fail "k=$k: after a failed add: $bad"; return
		fi
		points=$k
		k=$((k + 1))
		# The kept table is no allocation any more: the k-th one is
		# the next level's now, so the points start again at 1.
		[ -n "$restart" ] && restart='' points=0 k=1
	done
	if [ $k -gt 4096 ]; then
		result $T-$name fail "no add without reaching the injection in 4096 tries"; return
	fi
	if [ $points -eq 0 ]; then
		result $T-$name fail "the add allocated no page table: test does not reach the path"
		return
	fi
	# The add that did not reach the injection added the block.
	tables=$(( $(pt_pages $sym) - pt0 ))
	snap
	if [ "$(memtotal_kb)" -ne $((base + ADDED_KB)) ] || ! block_dev || ! mapped >/dev/null; then
		result $T-$name fail "the add after $points failed ones: MemTotal $base -> $(memtotal_kb) kB, block device $(block_dev && echo there || echo missing), $(mapped >/dev/null && echo mapped || echo 'not mapped')"
		return
	fi
	if [ "$tables" -ne $points ]; then
		result $T-$name fail "a successful add holds $tables tables, $points injection points"
		return
	fi
	echo 1 > $D/remove || { result $T-$name fail "remove failed"; return; }
	if [ "$(directmap)" != "$dm0" ]; then
		result $T-$name fail "DirectMap '$dm0' -> '$(directmap)' after add and remove"; return
	fi
	# Removal keeps a top-level table it had to add (wb.kept): the dump
	# differs from before by that table's empty entries then.
	snap
	if [ "$KEPT" -eq 0 ] && ! lines_in $W0 $W1 | cmp -s - /tmp/pt0; then
		lines_in $W0 $W1 | diff /tmp/pt0 - | sed 's/^/  /'
		result $T-$name fail "page tables of $W0-$W1 changed by add and remove"; return
	fi
	leaked=$(( $(pt_pages $sym) - pt0 - KEPT + failkept ))
	points=$((points + failkept))
	metric "$name-points" $points
	metric "$name-survived" $points
	metric "$name-leaked-pages" $leaked
	if [ $leaked -ne 0 ]; then
		result $T-$name fail "$points points survived, but $leaked page-table pages leaked ($KEPT kept by removal)"
		return
	fi
	result $T-$name pass "$points injection points ($sym), each left everything as it was; 0 pages leaked$([ $KEPT -gt 0 ] && echo ", $KEPT top-level table kept by removal")$([ $failkept -gt 0 ] && echo " (and by a failed add)")"
	# The next path finds the kept tables there.
	KEPT=0
}

if ! have_page_owner; then
	result $T fail "page_owner not available (page_owner=on?)"; done_tests; exit
fi
# x86_64: the 'probe' file first (same block, removed through the module).
# wb.paths=module leaves it out (both paths reach the same
# arch_add_memory()).
PATHS=$(wb_arg paths)
PATHS=${PATHS:-probe,module}
if [ -f /sys/devices/system/memory/probe ] && [ "${PATHS#*probe}" != "$PATHS" ]; then
	run_path probe /sys/devices/system/memory/probe $start_hex
fi
run_path module $D/add 1
metric "$T-seconds" $(( $(date +%s) - t0 ))
done_tests
