# hotadd-fail-each for a block at 256 TiB with 5-level paging, where the
# add needs a P4D table for a new PGD entry, synchronised into every PGD,
# besides a PUD and a PMD table. That needs a CPU with 52 physical
# address bits and no KASLR (which sizes the linear map to the RAM). There
# is no RAM there: the block is added but not onlined. Memory removal
# keeps top-level tables: wb.kept=1. The stable fix's unmapping after a
# failure keeps it as well, so this runs on the base and patched kernels.
# The test itself is hotadd-fail-each.sh.
#wb: --mem 2G --cpu max,phys-bits=52 --append "mem=1G memhp_default_state=offline page_owner=on nokaslr wb.start=0x1000000000000 wb.kept=1" --timeout 1500
#wb-base: --expect-crash --crash-match '(pgtable_alloc|phys_pmd_init|phys_pud_init|phys_p4d_init|alloc_low_pages)\+'
. /tests/hotadd-fail-each.sh
