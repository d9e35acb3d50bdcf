# Print the kernel page tables (ptdump) for the host to compare between
# kernels (scripts/ptdump-compare.sh).
. /tests/lib.sh
f=/sys/kernel/debug/kernel_page_tables
if [ -r $f ]; then
	sed 's/^/WB-PTDUMP /' $f
	result ptdump pass "$(wc -l < $f) lines"
else
	result ptdump fail "no $f"
fi
done_tests
