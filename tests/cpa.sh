# x86_64: CPA on the linear map the kernel built. Changing the caching
# attribute of one page (set_memory_uc()) must split the large page that
# maps it down to 4K pages, with the DirectMap counters of /proc/meminfo
# and the direct_map_level*_splits of /proc/vmstat moving by exactly what
# that split takes; changing it back (set_memory_wb()) must restore the
# page's attributes and leave the counters (6.12 does not merge pages
# back). Run on base and patched kernels alike.
#wb: --mem 4G --append "nokaslr kfence.sample_interval=0"
. /tests/guest-lib.sh
T=cpa
f=$PTDUMP
insmod /lib/modules/cpa_test.ko || { result $T fail "insmod cpa_test.ko failed"; done_tests; exit; }
D=/sys/kernel/debug/cpa_test
va=$(cat $D/page)
# counters: DirectMap4k, 2M, 1G in kB, level2 and level3 splits.
counters() {
	k4=$(sed -n 's/^DirectMap4k: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	m2=$(sed -n 's/^DirectMap2M: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	g1=$(sed -n 's/^DirectMap1G: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	s2=$(sed -n 's/^direct_map_level2_splits \([0-9]*\)/\1/p' /proc/vmstat)
	s3=$(sed -n 's/^direct_map_level3_splits \([0-9]*\)/\1/p' /proc/vmstat)
	echo "${k4:-0} ${m2:-0} ${g1:-0} ${s2:-0} ${s3:-0}"
}
# entry VA: the ptdump line of the leaf that maps VA (attributes, level);
# addresses are fixed-width hex, so they compare as strings.
entry() {
	awk -v a="x$1" '
		$1 ~ /^0x[0-9a-f]+-0x[0-9a-f]+$/ {
			split($1, r, "-")
			if (("x" r[1]) <= a && a < ("x" r[2])) { $1 = ""; $2 = ""; print; exit }
		}' $f
}
# Freeing the module's init memory, deferred to a worker, resets the
# linear map of its pages and may split a large page itself: wait until
# the counters hold still for a second before counting.
c=$(counters) i=0
while [ $i -lt 10 ]; do
	sleep 1
	[ "$(counters)" = "$c" ] && break
	c=$(counters) i=$((i + 1))
done
# shellcheck disable=SC2046 # the fields, split
set -- $(counters); k4=$1 m2=$2 g1=$3 s2=$4 s3=$5
before=$(entry $va)
echo "page $va: $before; counters $k4 $m2 $g1 $s2 $s3"
echo uc > $D/cpa || { result $T fail "set_memory_uc failed"; done_tests; exit; }
uc=$(entry $va)
# shellcheck disable=SC2046
set -- $(counters)
echo "after set_memory_uc: $uc; counters $*"
case "$before" in
*pud)	# 1G: 511 2M pages and 512 4K pages
	want="$((k4 + 2048)) $((m2 + 1046528)) $((g1 - 1048576)) $((s2 + 1)) $((s3 + 1))" ;;
*pmd)	want="$((k4 + 2048)) $((m2 - 2048)) $g1 $((s2 + 1)) $s3" ;;
*)	# A page already mapped with 4K pages tests no split.
	result $T fail "page $va is not in a large leaf: $before"; done_tests; exit ;;
esac
if [ "$*" != "$want" ]; then
	result $T fail "counters after the split: '$*', want '$want' (page was: $before)"
elif ! echo "$uc" | grep -q ' pte$' || ! echo "$uc" | grep -q 'PCD'; then
	result $T fail "page not mapped UC with a 4K page after set_memory_uc: $uc"
else
	echo wb > $D/cpa || { result $T fail "set_memory_wb failed"; done_tests; exit; }
	wb=$(entry $va)
	now=$(counters)
	echo "after set_memory_wb: $wb; counters $now"
	if [ "$now" != "$want" ]; then
		result $T fail "counters changed by set_memory_wb: '$now', want '$want'"
	elif echo "$wb" | grep -q 'PCD\|PWT'; then
		result $T fail "page still uncached after set_memory_wb: $wb"
	else
		result $T pass "page in a $(echo "$before" | awk '{print $NF}') leaf: split to 4K and back to WB; counters as expected"
	fi
fi
done_tests
