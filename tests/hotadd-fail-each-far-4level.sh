# hotadd-fail-each-far with 4-level paging (no5lvl): the block at 512 GiB
# needs a PUD table for a new PGD entry, synchronised into every PGD,
# besides the PMD table. Memory removal keeps top-level tables:
# wb.kept=1. The stable fix's unmapping after a failure keeps it as well,
# so this runs on the base and patched kernels.
# The test itself is hotadd-fail-each.sh.
#wb: --mem 2G --append "mem=1G memhp_default_state=offline page_owner=on no5lvl wb.start=0x8000000000 wb.kept=1" --timeout 1500
#wb-base: --expect-crash --crash-match '(pgtable_alloc|phys_pmd_init|phys_pud_init|phys_p4d_init|alloc_low_pages)\+'
. /tests/hotadd-fail-each.sh
