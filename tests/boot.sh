# The kernel boots and runs userspace.
. /tests/guest-lib.sh
result boot pass "$(uname -r) $(memtotal_kb) kB"
done_tests
