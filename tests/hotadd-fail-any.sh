# Every allocation of the add path: hot-add wb.blocks= memory blocks at
# once (hotadd_test.ko, default 2; to node wb.nid=, default 0) while page
# and slab allocations made under add_memory_resource() fail, for k = 1,
# 2, ... until an add no longer reaches the k-th: mode "nth" fails only
# the k-th (a fall-back, such as the memmap's base pages after its 2M
# block, may absorb it), mode "from" fails the k-th and every one after
# it (memory running out part-way, which defeats the fall-backs). The
# points are measured.
#
# Each k: the add returns an error or succeeds, no crash or warning.
# After a failed add MemTotal is as before, no memory block device of the
# range is left, and an add without injection then works (an add that
# left a section behind fails it with EEXIST); after each add, removal
# brings MemTotal back. At the end the pages allocated under
# add_memory_resource() and still held (page_owner; but slab pages, whose
# objects kmemleak checks) are as many as after the first add and remove
# (which may keep the sections' roots for good), and kmemleak finds
# nothing.
#
# Trigger: fail-nth (the k-th, in the writing task), then for "from"
# fail_page_alloc and failslab with make-it-fail on that task; the stack
# filter limits them to add_memory_resource() (7.3:
# __add_memory_resource(), which it calls last, so its own frame is
# gone). fail-nth counts page and slab allocations together.
#wb: --mem 2G --append "mem=1G memhp_default_state=offline page_owner=on kmemleak=on log_buf_len=4M" --timeout 2400
#wb-base: --expect-crash --crash-match '(pgtable_alloc|phys_pmd_init|phys_pud_init|alloc_low_pages)\+'
. /tests/guest-lib.sh
T=hotadd-fail-any
t0=$(date +%s)
N=$(wb_arg blocks)
N=${N:-2}
NID=$(wb_arg nid)
NID=${NID:-0}
MODES=$(wb_arg modes)
MODES=${MODES:-nth,from}
# wb.k0=K: start at the K-th allocation (development).
K0=$(wb_arg k0)
K0=${K0:-1}
hotadd_module "$N" "$NID" ||
	{ result $T fail "insmod hotadd_test.ko failed"; done_tests; exit; }
KL=/sys/kernel/debug/kmemleak
# Forget what boot left for kmemleak; only this run's leaks count.
{ echo scan > $KL && echo clear > $KL; } 2>/dev/null ||
	{ result $T fail "kmemleak cannot scan (kmemleak=on?)"; done_tests; exit; }
echo "$N block(s) at $(printf '0x%x' $START), $((BS >> 20)) MiB each, node $NID"

AMR=$(fail_pgtable_alloc __add_memory_resource add_memory_resource) ||
	{ result $T fail "no add_memory_resource symbol"; done_tests; exit; }
echo Y > $FPA/task-filter
# failslab (fail_pgtable_alloc gave it the same stack filter): slab
# allocations that may sleep too. wb.slab=0 leaves slab allocations
# alone (its filter then matches nothing), as arm64 does by default.
# arm64 on 7.3, base and patched, crashes now and then: a VM_BUG_ON() in
# free_pages() (an invalid address) from tlb_remove_table_rcu() in a
# softirq, during a later add; seen in nth mode with slab failures and in
# from mode with page failures only (k=37 base, k=87 patched), mostly
# with the machine busy. Not understood yet: make check runs this test
# on x86_64 only, make check-matrix on arm64.
SLAB=$(wb_arg slab)
[ -n "$SLAB" ] || { SLAB=1; [ "$(uname -m)" = aarch64 ] && SLAB=0; }
[ -d $FS ] || { result $T fail "no $FS (CONFIG_FAILSLAB)"; done_tests; exit; }
for f in space interval verbose times task-filter; do
	cat $FPA/$f > $FS/$f
done
echo N > $FS/ignore-gfp-wait
echo N > $FS/cache-filter
if [ "$SLAB" = 0 ]; then
	echo 1 > $FS/require-start
	echo 2 > $FS/require-end
fi
echo "slab allocations failed too: $([ "$SLAB" = 1 ] && echo yes || echo no)"
metric slab "$SLAB"
# Both attributes at once: probability 0 (fail-nth alone) or 100.
inject_probability() { echo $1 > $FPA/probability; echo $1 > $FS/probability; }

# held: pages allocated under add_memory_resource() still held, but slab
# pages (a cache keeps them for objects freed long ago).
held() { pt_pages "$AMR" new_slab; }
# blocks: how many memory block devices of the range there are.
blocks() {
	n=0 i=0
	while [ $i -lt "$N" ]; do
		[ -e /sys/devices/system/memory/memory$((START / BS + i)) ] && n=$((n + 1))
		i=$((i + 1))
	done
	echo $n
}
# inject MODE K FILE TEXT: write TEXT to FILE in a task whose K-th page
# allocation under add_memory_resource() fails (MODE from: and every one
# after it). Prints "LEFT RC": RC 0 when the write worked, else the
# error; LEFT 0 when the K-th allocation was reached.
inject() {
	sh -c 'if [ "$1" = from ]; then echo 1 > /proc/self/make-it-fail; fi
		echo $2 > /proc/self/fail-nth
		if echo "$4" > "$3" 2>/tmp/err; then rc=0; else rc=$(cat /tmp/err); fi
		read left < /proc/self/fail-nth
		echo 0 > /proc/self/make-it-fail
		echo "$left $rc"' sh "$@"
}
# nodes: the online nodes (none without CONFIG_NUMA); a new node must go
# when the add fails or the memory is removed.
nodes() { cat /sys/devices/system/node/online 2>/dev/null || :; }
nodes0=$(nodes)
# remove_check WHAT: remove the range; no block device may be left and
# MemTotal and the online nodes must be as at the start.
remove_check() {
	if ! echo 1 > $D/remove 2>/tmp/err; then
		echo "$1: remove failed: $(cat /tmp/err)"; return 1
	fi
	[ "$(blocks)" -eq 0 ] || { echo "$1: $(blocks) blocks left after remove"; return 1; }
	[ "$(memtotal_kb)" -eq "$base" ] || { echo "$1: MemTotal $base -> $(memtotal_kb) kB after remove"; return 1; }
	[ "$(nodes)" = "$nodes0" ] || { echo "$1: online nodes $nodes0 -> $(nodes) after remove"; return 1; }
}
# add_remove WHAT: add the range without injection and remove it again.
add_remove() {
	if ! echo 1 > $D/add 2>/tmp/err; then
		echo "$1: add without injection failed: $(cat /tmp/err)"; return 1
	fi
	[ "$(blocks)" -eq "$N" ] || { echo "$1: $(blocks) of $N blocks after the add"; return 1; }
	# The add must have reached its node (a new one for -node).
	[ -z "$nodes0" ] || [ -e /sys/devices/system/node/node$NID ] ||
		{ echo "$1: node $NID not online after the add"; return 1; }
	remove_check "$1"
}

base=$(memtotal_kb)
if [ "$(blocks)" -ne 0 ]; then
	result $T fail "blocks there before any add"; done_tests; exit
fi
# The first add and remove may keep what is kept for good (section roots).
if ! msg=$(add_remove "first add"); then
	result $T fail "$msg"; done_tests; exit
fi
held0=$(held)

for mode in $(echo "$MODES" | tr , ' '); do
	inject_probability 0
	[ "$mode" = from ] && inject_probability 100
	k=$K0 points=0 failed=0 absorbed=0 bad=
	while [ $k -le 8192 ]; do
		# shellcheck disable=SC2046
		set -- $(inject "$mode" $k $D/add 1)
		left=$1; shift; err="$*"
		# One line per point: where a crash happened.
		echo "$mode k=$k: left $left, ${err:-?}"
		if [ "$left" != 0 ]; then
			# Not reached: the add must have worked.
			if [ "$err" != 0 ]; then
				bad="k=$k: add without reaching the injection failed: $err"
			elif ! msg=$(remove_check "k=$k, not reached"); then
				bad=$msg
			fi
			break
		fi
		points=$k
		if [ "$err" = 0 ]; then
			absorbed=$((absorbed + 1))
			[ "$(blocks)" -eq "$N" ] || { bad="k=$k: absorbed, but $(blocks) of $N blocks"; break; }
			if ! msg=$(remove_check "k=$k, absorbed"); then bad=$msg; break; fi
		else
			failed=$((failed + 1))
			case "$err" in
			*"Cannot allocate memory"*) ;;
			*) bad="k=$k: the add failed with '$err', wanted ENOMEM"; break ;;
			esac
			[ "$(memtotal_kb)" -eq "$base" ] || { bad="k=$k: MemTotal $base -> $(memtotal_kb) kB after a failed add"; break; }
			[ "$(blocks)" -eq 0 ] || { bad="k=$k: $(blocks) memory block device(s) left by a failed add"; break; }
			[ "$(nodes)" = "$nodes0" ] || { bad="k=$k: online nodes $nodes0 -> $(nodes) after a failed add"; break; }
			if ! msg=$(add_remove "k=$k"); then bad="$msg"; break; fi
		fi
		k=$((k + 1))
	done
	[ $k -gt 8192 ] && bad="no add without reaching the injection in 8192 tries"
	inject_probability 0
	metric "$mode-points" $points
	metric "$mode-failed" $failed
	metric "$mode-absorbed" $absorbed
	if [ -n "$bad" ]; then
		result "$T-$mode" fail "$bad ($points points: $failed failed, $absorbed absorbed)"
		continue
	fi
	if [ $points -eq 0 ]; then
		result "$T-$mode" fail "the add made no allocation under add_memory_resource()"
		continue
	fi
	held=$(held)
	metric "$mode-held-pages" $((held - held0))
	if [ "$held" -ne "$held0" ]; then
		pt_stacks $AMR | tail -40
		result "$T-$mode" fail "$points points ($failed failed, $absorbed absorbed), then $((held - held0)) pages allocated under add_memory_resource() still held"
		continue
	fi
	if ! { echo scan > $KL && echo scan > $KL; } 2>/dev/null; then
		result "$T-$mode" fail "kmemleak cannot scan (disabled?)"; continue
	fi
	leaks=$(grep -c '^unreferenced object' $KL || :)
	metric "$mode-kmemleak" "$leaks"
	if [ "$leaks" -ne 0 ]; then
		head -40 $KL
		result "$T-$mode" fail "kmemleak: $leaks unreferenced objects"; continue
	fi
	result "$T-$mode" pass "$points points: $failed failed with ENOMEM and left nothing, $absorbed absorbed; the add after each worked; kmemleak clean"
done
metric "$T-seconds" $(( $(date +%s) - t0 ))
done_tests
