#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Called by scripts/ptdump-compare.sh.
import re, sys
arch, log, smap, levels_only = sys.argv[1:]
syms = {}
for l in open(smap):
    a, t, n = l.split()[:3]
    syms.setdefault(n, int(a, 16))
end = (syms["_end"] + 0xfff) & ~0xfff
bounds = ("_text", "_stext", "_etext", "__start_rodata", "__end_rodata",
          "_sdata", "_data", "_edata", "__init_begin", "__inittext_begin",
          "__inittext_end", "__initdata_begin", "__initdata_end",
          "__init_end", "__bss_start", "__bss_stop", "_end")
names = {syms[n]: n for n in reversed(bounds) if n in syms}
# x86 maps text read-only up to PFN_ALIGN(_etext): with no symbol there,
# the address would change with the size of the text.
if "_etext" in syms:
    names.setdefault((syms["_etext"] + 0xfff) & ~0xfff, "PFN_ALIGN(_etext)")
KMAP = 0xffffffff80000000        # __START_KERNEL_map
skip_x86 = ("vmalloc() Area", "Modules", "ESPfix Area")
section, lowbase, merged = "", None, None

def flush():
    global merged
    if merged:
        print(f"{merged[0]:#x}-{merged[1]:#x} {merged[2]}")
    merged = None

def name(a):
    """A boundary symbol at kernel address a, or a linear-map alias of it."""
    if section in ("High Kernel Mapping", "vmalloc() area") and a in names:
        return names[a]
    if section in ("Low Kernel Mapping", "Linear Mapping start") and lowbase is not None:
        k = a - lowbase + KMAP
        if k in names:
            return f"lm({names[k]})"
    return None

for line in open(log, errors="replace"):
    if line.startswith("WB-DIRECTMAP "):
        print(line.rstrip("\n"))
        continue
    if not line.startswith("WB-PTDUMP "):
        continue
    line = line[len("WB-PTDUMP "):].rstrip("\n")
    m = re.match(r"---\[ (.*) \]---", line)
    if m:
        flush()
        section = m.group(1)
        print(line)
        continue
    if arch == "x86_64" and section in skip_x86:
        continue
    m = re.match(r"0x([0-9a-f]+)-0x([0-9a-f]+)(\s+\S+)(.*)", line)
    if arch == "arm64" and m:
        a, b = int(m.group(1), 16), int(m.group(2), 16)
        if section == "vmalloc() area" and a >= end:
            continue
        if section == "Linear Mapping start" and lowbase is None and " ro " in line:
            lowbase, KMAP = a, syms["_text"]
    elif m:
        a, b = int(m.group(1), 16), int(m.group(2), 16)
        if section == "Low Kernel Mapping" and lowbase is None:
            lowbase = a & ~0xfffffff         # PAGE_OFFSET: 256M-aligned
    if m:
        # Levels only: the linear map's ranges by level; past the image in
        # the high mapping (where Xen PV maps its start info, boot page
        # tables and the initramfs, laid out by the initramfs' size) by
        # what ptdump prints, not by bits it does not print.
        key = None
        if levels_only and section == "Low Kernel Mapping":
            key = line.split()[-1]
        elif levels_only and section == "High Kernel Mapping" and a >= end:
            key = m.group(4).strip()
        if key is not None:
            if merged and merged[1] == a and merged[2] == key:
                merged[1] = b
            else:
                flush()
                merged = [a, b, key]
            continue
        na, nb = name(a), name(b)
        if na or nb:
            line = (f"{na or hex(a)}-{nb or hex(b)}" +
                    " " * len(m.group(3)) + m.group(4))
    print(line)
