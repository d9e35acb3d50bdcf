# hotadd-fail-each for a block at 512 GiB, where nothing is mapped yet:
# the add needs a PUD table for a new P4D entry besides the PMD table.
# There is no RAM there: the block is added but not onlined. With 5
# levels memory removal frees the PUD table again (4 levels:
# hotadd-fail-each-far-4level). The test itself is hotadd-fail-each.sh.
#wb: --mem 2G --append "mem=1G memhp_default_state=offline page_owner=on wb.start=0x8000000000" --timeout 1500
#wb-base: --expect-crash --crash-match '(pgtable_alloc|phys_pmd_init|phys_pud_init|phys_p4d_init|alloc_low_pages)\+'
. /tests/hotadd-fail-each.sh
