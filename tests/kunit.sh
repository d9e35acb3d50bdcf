# The KUnit suites built into the kernel run at boot, before this script;
# the host parses their KTAP output off the console (scripts/run-kunit.sh).
#wb: --append kunit.enable=1 --timeout 900
# pgtable_populate's no-allocation case warns once, by design.
#wb: --allow-warn 'at mm/pgtable-populate.c:[0-9]+ populate_new_table'
. /tests/guest-lib.sh
result kunit-boot pass "suites ran before init"
done_tests
