# Guest-side helpers, sourced by the test scripts.

# result NAME pass|fail|xfail|skip [DETAIL...]
result() {
	n=$1; r=$2; shift 2
	echo "WB-RESULT $n $r $*"
	[ "$r" = fail ] && FAILED=1
	return 0
}
FAILED=0

memtotal_kb() { sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo; }

# Ask the host to send a QMP command.
qmp() { echo "WB-QMP $*"; }
vmem_resize() {
	qmp "{\"execute\":\"qom-set\",\"arguments\":{\"path\":\"vm0\",\"property\":\"requested-size\",\"value\":$1}}"
}

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
	t=$(( $1 * 10 )); shift
	while [ $t -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		t=$((t - 1))
	done
	return 1
}

done_tests() { return $FAILED; }
