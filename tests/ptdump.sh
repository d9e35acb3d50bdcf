# Print the kernel page tables (ptdump) and the linear map's page counts
# for the host to compare between kernels (scripts/ptdump-compare.sh):
# the page-table dump, the DirectMap lines of /proc/meminfo and the
# direct_map_level*_splits of /proc/vmstat (x86_64).
. /tests/guest-lib.sh
f=$PTDUMP
if [ -r $f ]; then
	# No kernel messages in the middle of a dump line.
	dmesg -n 1
	sed 's/^/WB-PTDUMP /' $f
	grep '^DirectMap' /proc/meminfo | sed 's/^/WB-DIRECTMAP /'
	grep '^direct_map_' /proc/vmstat | sed 's/^/WB-DIRECTMAP /'
	echo "uptime $(cut -d' ' -f1 /proc/uptime)s"
	dmesg -n 7
	result ptdump pass "$(wc -l < $f) lines"
else
	result ptdump fail "no kernel page-table dump in debugfs"
fi
done_tests
