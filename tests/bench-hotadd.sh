# make bench: one 1 GiB memory hot-add through hotadd_test.ko's add file
# (add_memory() in this task), no injection. The host counts the guest
# instructions from arch_add_memory() to create_memory_block_devices(),
# which add_memory_resource() calls next. The RAM past mem=1G of 2G is
# the range; it stays offline (onlining is not arch_add_memory()'s work).
# No KFENCE sampling: a sampled allocation (with its stack trace) would
# land in the window at random.
#wb: --smp 1 --mem 2G --append "mem=1G memhp_default_state=offline nokaslr kfence.sample_interval=0"
. /tests/guest-lib.sh
T=bench-hotadd
SIZE=$((1 << 30))
BS=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
end=$(grep 'System RAM' /proc/iomem | tail -1 | sed 's/^ *[0-9a-f]*-\([0-9a-f]*\) .*/\1/')
START=$(( (0x$end + BS) / BS * BS ))
if ! insmod /lib/modules/hotadd_test.ko start=$START size=$SIZE; then
	result $T fail "insmod hotadd_test.ko failed"
elif echo 1 > /sys/kernel/debug/hotadd_test/add; then
	result $T pass "added $(printf '0x%x' $START) + 1 GiB"
else
	result $T fail "add_memory() of $(printf '0x%x' $START) + 1 GiB failed"
fi
done_tests
