#!/usr/bin/env python3
"""Writes an x86_64 ELF vmcore that the real makedumpfile (1.7.2) accepts with -d 31, -F, -c, -l, for
bench/nfs: the benchmark's dumps are made from it by makedumpfile itself, so the flattened stream and
the kdump-compressed write pattern are the ones the real tool produces.

    mkvmcore.py OUT MIB [SEED]

MIB is the RAM size. The layout follows the receiver's test fixture
(receiver/src/test/java/org/kdumpreceiver/format/SyntheticVmcore.java): a VMCOREINFO note with what
makedumpfile needs (FLATMEM mem_map, page-flag numbers, utsname), page tables mapping 1 GiB of the
direct map and the kernel text map onto physical 0, a mem_map whose pages all have _refcount 1 (so
-d 31 drops zero pages only). Data pages come in runs: 15% zero (excluded by -d 31), 65% random
(makedumpfile stores them raw: incompressible, like real compressed dump pages), 20% kernel-log-like
text (zlib and lzo shrink these about 4x). So makedumpfile's output is about 0.7 x MIB and close
to incompressible for zstd, as real `makedumpfile -c`/`-l` output is.
"""
import random
import struct
import sys

PAGE = 4096
RELEASE = "6.1.0-benchnfs"
PAGE_OFFSET = 0xffff888000000000
KTEXT = 0xffffffff80000000
PGD = 0x100000
PUD = 0x101000
VARS = 0x102000
UTSNAME = VARS + 0x100
MEM_MAP = 0x103000
STRUCT_PAGE = 64
MIB = 1 << 20

KINDS = (("zero", 0.15, 24), ("random", 0.65, 12), ("text", 0.20, 6))  # kind, share, mean run (pages)


def vmcoreinfo():
    return "\n".join([
        "OSRELEASE=" + RELEASE, f"PAGESIZE={PAGE}",
        f"SYMBOL(init_uts_ns)={KTEXT + UTSNAME:x}", "OFFSET(uts_namespace.name)=0",
        f"SYMBOL(mem_map)={KTEXT + VARS:x}", f"SYMBOL(init_top_pgt)={KTEXT + PGD:x}",
        f"SIZE(page)={STRUCT_PAGE}", "OFFSET(page.flags)=0", "OFFSET(page._refcount)=52",
        "OFFSET(page.mapping)=24", "OFFSET(page.lru)=8", "OFFSET(page._mapcount)=48",
        "OFFSET(page.private)=40", "OFFSET(page.compound_dtor)=16", "OFFSET(page.compound_order)=17",
        "OFFSET(page.compound_head)=8", "NUMBER(PG_lru)=4", "NUMBER(PG_private)=13",
        "NUMBER(PG_swapcache)=10", "NUMBER(PG_swapbacked)=19", "NUMBER(PG_slab)=9",
        "NUMBER(PG_hwpoison)=23", "NUMBER(PG_head_mask)=65536", "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129",
        "NUMBER(HUGETLB_PAGE_DTOR)=2", "NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257", "NUMBER(phys_base)=0",
        "NUMBER(MAX_PHYSMEM_BITS)=46", ""]).encode()


def note(name, desc):
    n = name.encode() + b"\0"
    pad = lambda b: b + b"\0" * (-len(b) % 4)
    return struct.pack("<III", len(n), len(desc), 0) + pad(n) + pad(desc)


def kernel_text(rng):
    """A long run of dmesg-like lines; text pages are 4 KiB windows into it."""
    subsystems = ["usb 1-1", "ext4", "e1000e 0000:00:19.0 eth0", "systemd[1]", "audit", "nvme nvme0",
                  "kvm", "EXT4-fs (vda1)", "TCP", "pci 0000:00:02.0", "x86/mm", "ACPI"]
    events = ["new high-speed USB device number {} using xhci_hcd", "mounted filesystem with ordered data mode",
              "link is up {} Mbps full duplex", "started session {} of user root", "type=1400 audit({}): apparmor",
              "queue {} completed", "request_irq {} failed", "re-mounted. quota mode: none",
              "request_sock_TCP: possible SYN flooding on port {}", "BAR {}: assigned [mem 0xfe000000-0xfe7fffff]",
              "Memory: {}K/2096696K available", "bus scan complete, {} devices"]
    lines = []
    t = 0.0
    total = 0
    while total < 4 * MIB:
        t += rng.random() * 0.05
        lines.append(f"[{t:12.6f}] {rng.choice(subsystems)}: {rng.choice(events).format(rng.randrange(100000))}\n")
        total += len(lines[-1])
    return "".join(lines).encode()


def main():
    out, mib = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261122
    rng = random.Random(seed)
    pages = mib * MIB // PAGE
    mem_map_end = MEM_MAP + pages * STRUCT_PAGE
    data_start = (mem_map_end + 2 * MIB - 1) // (2 * MIB) * (2 * MIB)
    if data_start >= 1 << 30:
        raise SystemExit("mkvmcore: mem_map must fit the first GiB (at most ~60 GiB of RAM)")

    info = note("VMCOREINFO", vmcoreinfo())
    phnum = 2
    note_off = 64 + 56 * phnum
    data_off = (note_off + len(info) + PAGE - 1) // PAGE * PAGE
    size = pages * PAGE
    hdr = bytearray(data_off)
    struct.pack_into("<16sHHIQQQIHHHHHH", hdr, 0, b"\x7fELF\x02\x01\x01" + b"\0" * 9, 4, 62, 1, 0, 64, 0, 0,
                     64, 56, phnum, 0, 0, 0)
    struct.pack_into("<IIQQQQQQ", hdr, 64, 4, 0, note_off, 0, 0, len(info), len(info), 0)
    struct.pack_into("<IIQQQQQQ", hdr, 64 + 56, 1, 7, data_off, PAGE_OFFSET, 0, size, size, 0)
    hdr[note_off:note_off + len(info)] = info

    text = kernel_text(rng)
    zero = bytes(PAGE)
    with open(out, "wb", buffering=8 * MIB) as f:
        f.write(hdr)
        # kernel area: page tables, variables, mem_map, then zeros up to data_start
        for pfn in range(data_start // PAGE):
            addr = pfn * PAGE
            p = bytearray(PAGE)
            if addr == PGD:
                struct.pack_into("<Q", p, 8 * ((PAGE_OFFSET >> 39) & 511), PUD | 0x63)
                struct.pack_into("<Q", p, 8 * ((KTEXT >> 39) & 511), PUD | 0x63)
            elif addr == PUD:
                struct.pack_into("<Q", p, 8 * ((PAGE_OFFSET >> 30) & 511), 0xe3)  # 1 GiB page at 0
                struct.pack_into("<Q", p, 8 * ((KTEXT >> 30) & 511), 0xe3)
            elif addr == VARS:
                struct.pack_into("<Q", p, 0, PAGE_OFFSET + MEM_MAP)
                for i, s in enumerate(["Linux", "benchnfs", RELEASE, "#1 SMP", "x86_64", "(none)"]):
                    o = UTSNAME - VARS + 65 * i
                    p[o:o + len(s)] = s.encode()
            elif MEM_MAP <= addr < mem_map_end:
                for o in range(0, PAGE, STRUCT_PAGE):
                    if (addr - MEM_MAP + o) // STRUCT_PAGE < pages:
                        struct.pack_into("<I", p, o + 52, 1)  # _refcount = 1: not a free page
            f.write(p)
        left = pages - data_start // PAGE
        weights = [share / run for _, share, run in KINDS]  # run starts so that page shares match
        while left > 0:
            kind, _, mean = rng.choices(KINDS, weights)[0]
            n = min(left, max(1, int(rng.expovariate(1 / mean))))
            if kind == "zero":
                f.write(zero * n)
            elif kind == "random":
                f.write(rng.randbytes(n * PAGE))
            else:
                for _ in range(n):
                    o = rng.randrange(len(text) - PAGE)
                    f.write(text[o:o + PAGE])
            left -= n
    print(data_off + size, file=sys.stderr)


if __name__ == "__main__":
    main()
