# hotadd-fail-any for memory of a node that has none yet: QEMU has a
# second NUMA node whose memory the kernel is told to ignore (mem=1G) and
# no CPU, so node 1 is possible but offline; the add onlines and
# registers it (register_node()) before it adds the memory, and a failed
# add must leave it offline again, as removal does. The test itself is
# hotadd-fail-any.sh (one block).
#wb: --mem 2G --numa 1G,1G --append "mem=1G memhp_default_state=offline page_owner=on kmemleak=on log_buf_len=4M wb.nid=1 wb.blocks=1" --timeout 2400
#wb-base: --expect-crash --crash-match '(pgtable_alloc|phys_pmd_init|phys_pud_init|alloc_low_pages)\+'
. /tests/hotadd-fail-any.sh
