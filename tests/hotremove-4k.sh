# Memory removal frees the linear map's page tables of what it removes,
# with debug_pagealloc=on as without. debug_pagealloc maps the linear map
# with 4K pages and leaves the PTE of each free page not present but not
# none. Memory offlined through sysfs or
# offline_and_remove_memory() is mostly such free pages, and x86_64's
# remove_pte_table() skipped PTEs that are not present, so
# free_pte_table() saw the table not empty and kept it, with the PMD
# table above: 65 pages per 128M block, for good, and DirectMap4k drifts.
# (virtio-mem mostly unplugs by allocating the pages first, which maps
# them again: there the leak shows only now and then.)
#
# Add wb.blocks= blocks (hotadd_test.ko, default 2), online, then
# offline_and_remove_memory(), 3 times: afterwards the page-table pages
# the hot-add allocator holds (page_owner) and the linear map's page
# counts (DirectMap) must be as before.
#wb: --mem 2G --append "mem=1G memhp_default_state=online_movable page_owner=on debug_pagealloc=on" --timeout 900
. /tests/guest-lib.sh
T=hotremove-4k
CYCLES=3
N=$(wb_arg blocks)
N=${N:-2}

for s in $HOTPLUG_PGTABLE_ALLOC; do
	[ -n "$(ksym "$s")" ] && { sym=$s; break; }
done
[ -n "${sym:-}" ] || { result $T fail "no page-table allocator symbol"; done_tests; exit; }
have_page_owner ||
	{ result $T fail "page_owner not available (page_owner=on?)"; done_tests; exit; }
grep -q 'debug_pagealloc=on' /proc/cmdline ||
	{ result $T fail "debug_pagealloc=on missing"; done_tests; exit; }
hotadd_module "$N" ||
	{ result $T fail "insmod hotadd_test.ko failed"; done_tests; exit; }

base=$(memtotal_kb)
PT0=$(pt_pages $sym)
DM0=$(directmap)
pt_stacks $sym > /tmp/pt_stacks0
grown=
for i in $(seq $CYCLES); do
	echo 1 > $D/add 2>/tmp/err ||
		{ result $T fail "cycle $i: add: $(cat /tmp/err)"; done_tests; exit; }
	want=$((base + N * BS / 1024))
	[ "$(memtotal_kb)" -eq $want ] ||
		{ result $T fail "cycle $i: MemTotal $(memtotal_kb) kB after add, wanted $want"; done_tests; exit; }
	[ -n "$grown" ] || grown=$(( $(pt_pages $sym) - PT0 ))
	echo 1 > $D/remove 2>/tmp/err ||
		{ result $T fail "cycle $i: remove: $(cat /tmp/err)"; done_tests; exit; }
	held=$(( $(pt_pages $sym) - PT0 ))
	echo "cycle $i: $grown page-table pages after add, $held still held after removal; $(directmap)"
	if [ $held -ne 0 ]; then
		echo "page-table allocation stacks before and after:"
		pt_stacks $sym | diff /tmp/pt_stacks0 - | sed 's/^/  /'
		result $T fail "cycle $i: $held page-table pages of removed memory still allocated"
		done_tests; exit
	fi
done
metric remove-4k-tables $grown
# An add must have allocated tables, or the count proves nothing.
[ "$grown" -gt 0 ] ||
	{ result $T fail "adding allocated no page-table page: test does not reach the path"; done_tests; exit; }
if [ "$(directmap)" != "$DM0" ]; then
	result $T fail "DirectMap: before: $DM0; after: $(directmap)"; done_tests; exit
fi
result $T pass "$CYCLES cycles: $N blocks added and onlined ($grown page-table pages), removed: every table freed, DirectMap as before"
done_tests
