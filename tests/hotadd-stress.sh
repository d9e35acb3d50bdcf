# Stress: 200 cycles of virtio-mem grow and shrink (QMP requested-size)
# while page-table allocations of memory hot-add fail (every 10th
# on x86_64, every 100th on arm64). Each
# cycle asks for 1-3 blocks and waits until they are there or an add
# failed (retrying a few times), then asks for fewer blocks than are there
# and waits until the memory is gone. The kernel must not crash or hang;
# every injected failure must come back as exactly one failed add; once
# injection stops, MemTotal must reach the requested size; when everything
# is unplugged, page_owner must count as many page-table pages as before;
# kmemleak must find nothing.
#
# fail_page_alloc's stack filter points at the linear-map table allocator
# (see hotadd-fail-each.sh for why); 'times' counts the failures injected.
# On the base kernel the first failure crashes (#wb-base).
#wb: --virtio-mem 1G --append "memhp_default_state=online_movable page_owner=on kmemleak=on log_buf_len=4M" --timeout 2400
#wb-base: --expect-crash --crash-match '(pgtable_alloc|phys_pmd_init|phys_pud_init|alloc_low_pages)\+'
. /tests/guest-lib.sh
T=hotadd-stress
CYCLES=200
# wb.cycles=N and wb.debug=1 on the command line, for development.
DEBUG=$(wb_arg debug)
c=$(wb_arg cycles)
[ -n "$c" ] && CYCLES=$c
# Every INTERVAL-th page-table allocation of a hot-add fails (interval,
# probability 100): deterministic, so that every run injects. A random 5%
# injected nothing in 200 cycles once on x86_64, where an add needs one
# table at most (2M pages): the base kernel then passed for crashing.
# Every 10th there; every 100th on arm64, where rodata=full maps a 128M
# block with 65 tables (every 10th would fail nearly every add).
INTERVAL=10
[ "$(uname -m)" = aarch64 ] && INTERVAL=100
t0=$(date +%s)
BS=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
KL=/sys/kernel/debug/kmemleak

sym=$(fail_pgtable_alloc $HOTPLUG_PGTABLE_ALLOC) ||
	{ result $T fail "no page-table allocator symbol"; done_tests; exit; }
[ -w $KL ] || { result $T fail "kmemleak not available (kmemleak=on?)"; done_tests; exit; }
have_page_owner ||
	{ result $T fail "page_owner not available (page_owner=on?)"; done_tests; exit; }
# Forget what boot left for kmemleak; only this run's leaks count.
{ echo scan > $KL && echo clear > $KL; } 2>/dev/null ||
	{ result $T fail "kmemleak cannot scan (disabled?)"; done_tests; exit; }

base=$(memtotal_kb)
PT0=$(pt_pages $sym)
pt_stacks $sym > /tmp/pt_stacks0
adds_failed() { dmesg | grep -c 'adding memory failed: -12' || :; }
TIMES=1000000
injected() { echo $((TIMES - $(cat $FPA/times))); }
echo $TIMES > $FPA/times
echo $INTERVAL > $FPA/interval
echo 100 > $FPA/probability

# Deterministic sizes (an LCG; R is the result).
seed=20261122
rnd() { seed=$(( (seed * 1103515245 + 12345) % 2147483648 )); R=$(( (seed >> 16) % $1 )); }
blocks() { echo $(( ($(memtotal_kb) - base) * 1024 / BS )); }
mem_is() { [ "$(memtotal_kb)" -eq $((base + $1 * BS / 1024)) ]; }
# Grown, or an add failed since $2 injections.
grow_done() { mem_is $1 || [ "$(injected)" -gt $2 ]; }

# A grow whose add failed is asked again (QEMU signals a request even when
# the size is unchanged, and virtio-mem retries at once), up to RETRIES
# times, so that cycles also add and remove memory under injection.
RETRIES=3
grows_short=0 attempts=0 i=1
while [ $i -le $CYCLES ]; do
	rnd 3; up=$((1 + R))
	try=0
	while :; do
		n=$(injected)
		attempts=$((attempts + 1))
		if ! resize_wait $((up * BS)) 120 grow_done $up $n; then
			result $T fail "cycle $i: no progress growing to $up blocks (MemTotal $(memtotal_kb) kB)"
			done_tests; exit
		fi
		mem_is $up && break
		try=$((try + 1))
		if [ $try -ge $RETRIES ]; then
			grows_short=$((grows_short + 1)); break
		fi
	done
	# Shrink to fewer blocks than are there now.
	cur=$(blocks) down=0
	[ $cur -gt 0 ] && { rnd $cur; down=$R; }
	[ -n "$DEBUG" ] && echo "cycle $i up=$up cur=$cur down=$down try=$try pt=$(pt_pages $sym) inj=$(injected)"
	if ! resize_wait $((down * BS)) 120 mem_is $down; then
		result $T fail "cycle $i: shrinking to $down blocks: MemTotal $(memtotal_kb) kB, base $base kB"
		done_tests; exit
	fi
	[ $((i % 20)) -eq 0 ] &&
		echo "cycle $i: $attempts grow requests, $(injected) failures injected, $grows_short grows short"
	i=$((i + 1))
done
echo 0 > $FPA/probability
sleep 1
inj=$(injected) failed=$(adds_failed)
metric stress-cycles $CYCLES
metric stress-injected $inj
metric stress-grows-short $grows_short
echo "$CYCLES cycles, $attempts grow requests: $inj failures injected, $failed adds failed, $grows_short grows short"
if [ "$inj" -eq 0 ]; then
	result $T fail "no failure injected in $CYCLES cycles: test does not reach the path"
	done_tests; exit
fi
if [ "$failed" -ne "$inj" ]; then
	result $T fail "$inj failures injected, but $failed adds reported failing"
	done_tests; exit
fi

# Injection off: the device must reach a new request.
resize_wait $((3 * BS)) 120 mem_is 3 ||
	{ result $T fail "final grow: MemTotal $(memtotal_kb) kB, wanted $((base + 3 * BS / 1024))"; done_tests; exit; }
resize_wait 0 120 mem_is 0 ||
	{ result $T fail "final shrink: MemTotal $(memtotal_kb) kB, wanted $base"; done_tests; exit; }
# MemTotal drops when the memory goes offline; virtio-mem removes it (and
# x86_64 frees its page tables) a moment later: wait for that, up to 10 s.
pt_back() { [ "$(pt_pages $sym)" -eq "$PT0" ]; }
wait_for 10 pt_back || :
leaked=$(( $(pt_pages $sym) - PT0 ))
metric stress-leaked-pages $leaked
if [ $leaked -ne 0 ]; then
	echo "page-table allocation stacks before and after:"
	pt_stacks $sym | diff /tmp/pt_stacks0 - | sed 's/^/  /'
	result $T fail "$leaked page-table pages still allocated after unplugging all"
	done_tests; exit
fi

# A kmemleak that turned itself off (out of its object pool, say) refuses
# to scan and would report nothing: that is a failure, not a pass.
if ! { echo scan > $KL && echo scan > $KL; } 2>/dev/null; then
	result $T fail "kmemleak cannot scan (disabled?): $(dmesg | grep -m1 'kmemleak:.*disabled')"
	done_tests; exit
fi
leaks=$(grep -c '^unreferenced object' $KL || :)
metric stress-kmemleak $leaks
if [ "$leaks" -ne 0 ]; then
	head -40 $KL
	result $T fail "kmemleak: $leaks unreferenced objects"; done_tests; exit
fi
metric stress-seconds $(( $(date +%s) - t0 ))
result $T pass "$CYCLES cycles, $inj failures injected and reported, MemTotal back to $base kB, no page-table page or kmemleak leak"
done_tests
