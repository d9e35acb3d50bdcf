# Grow a virtio-mem device by 1 GiB: MemTotal must grow by exactly 1 GiB.
#wb: --virtio-mem 2G --append memhp_default_state=online_movable --timeout 400
. /tests/guest-lib.sh
GIB=1073741824
before=$(memtotal_kb)
want=$((before + 1048576))
grown() { [ "$(memtotal_kb)" -eq "$want" ]; }
if resize_wait $GIB 120 grown; then
	result virtio-mem-grow pass "MemTotal $before -> $(memtotal_kb) kB"
else
	result virtio-mem-grow fail "MemTotal $before -> $(memtotal_kb) kB, wanted $want"
fi
done_tests
