# hotadd-fail-each with debug_pagealloc=on, which makes x86_64 map the
# linear map with 4K pages only: a 128M block then needs 64 PTE tables
# and, for the first block of a GiB, a PMD table, so every table level
# below the PUD is failed in turn (with 2M pages a block needs 0 or 1
# table). The test itself is hotadd-fail-each.sh.
#
# The blocks are added but not onlined (memhp_default_state=offline):
# removing a block that was online leaves its PTE tables behind with
# debug_pagealloc, a bug of memory removal (base kernels have it; patch
# 6 fixes it, hotremove-4k tests it), not of the add path under test.
# Only the module path: the probe path reaches the same arch_add_memory()
# (hotadd-fail-each runs both), and each path takes minutes here.
#wb: --mem 2G --append "mem=1G memhp_default_state=offline page_owner=on debug_pagealloc=on wb.paths=module" --timeout 2400
#wb-base: --expect-crash --crash-match '(pgtable_alloc|phys_pmd_init|phys_pud_init|phys_pte_init|alloc_low_pages)\+'
. /tests/hotadd-fail-each.sh
