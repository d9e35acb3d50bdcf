# x86_64 with CONFIG_CPA_DEBUG (make check-matrix): the kernel's CPA
# self-test (arch/x86/mm/pat/cpa-test.c), which starts 30 seconds after
# boot, walks the linear map up to max_pfn_mapped, changes the
# attributes of random pages, checks the splits and reverts them. It must
# report "ok."; the host also compares its first census of the linear map
# (4K, 2M and 1G pages up to max_pfn_mapped, pages missing) between the
# base and the patched kernel.
#wb: --mem 4G --append "nokaslr kfence.sample_interval=0" --timeout 300
. /tests/guest-lib.sh
T=cpa-selftest
done_or_failed() { dmesg | grep -q 'CPA self-test:' && dmesg | grep -q '^\[ *[0-9.]*\] ok\.$\|NOT PASSED'; }
if ! wait_for 150 done_or_failed; then
	result $T fail "no CPA self-test result in 150 s"; done_tests; exit
fi
dmesg | sed -n '/CPA self-test:/,/ok\.$\|NOT PASSED/p' | sed 's/^\[ *[0-9.]*\] //' | sed 's/^/WB-CPA /'
if dmesg | grep -q 'NOT PASSED'; then
	result $T fail "CPA self-test: NOT PASSED"
else
	result $T pass "CPA self-test: ok ($(dmesg | grep -m1 ' 4k .* large ' | sed 's/^\[ *[0-9.]*\] *//'))"
fi
done_tests
