# Memory hot-add through virtio-mem while every page-table allocation of
# the hot-add path fails: the kernel must report the failure, survive and
# leave MemTotal unchanged; once allocations work again, a resize must
# hot-add the memory. On the base kernel the first failure crashes it
# (arm64: BUG in __pgd_pgtable_alloc(); x86_64: NULL dereference in
# phys_pmd_init()), which the host expects (#wb-base).
#wb: --virtio-mem 2G --append memhp_default_state=online_movable --timeout 600
#wb: --allow-warn 'hotplug|virtio_mem|__alloc_pages|should_fail'
#wb-base: --expect-crash --crash-match '(pgtable_alloc|phys_pmd_init|phys_pud_init|alloc_low_pages)\+'
. /tests/guest-lib.sh
GIB=1073741824
sym=$(fail_pgtable_alloc $HOTPLUG_PGTABLE_ALLOC) ||
	{ result hotadd-fail-vmem fail "no page-table allocator symbol"; done_tests; exit; }
echo "injecting into $sym"
before=$(memtotal_kb)
echo 100 > $FPA/probability
failed() { dmesg | grep -q "adding memory failed: -12"; }
if ! resize_wait $GIB 120 failed; then
	result hotadd-fail-vmem fail "no failure reported in 120s (injected into $sym)"
	done_tests; exit
fi
sleep 2
during=$(memtotal_kb)
echo 0 > $FPA/probability
dmesg | grep "adding memory failed" | head -3
if [ "$during" -ne "$before" ]; then
	result hotadd-fail-vmem fail "MemTotal $before -> $during kB while allocations failed"
	done_tests; exit
fi
# A new request makes virtio-mem retry now.
want=$((before + 1048576 + 131072))
grown() { [ "$(memtotal_kb)" -eq "$want" ]; }
if resize_wait $((GIB + 134217728)) 120 grown; then
	result hotadd-fail-vmem pass "failed with allocations failing ($sym), MemTotal unchanged at $before kB; retry -> $(memtotal_kb) kB"
else
	result hotadd-fail-vmem fail "retry: MemTotal $(memtotal_kb) kB, wanted $want"
fi
done_tests
