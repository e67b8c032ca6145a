package org.kdumpreceiver.format;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a small x86_64 ELF vmcore that makedumpfile 1.7.2 accepts with {@code -d 31}, {@code -F},
 * {@code -c}, {@code -E} and {@code -R}, verified experimentally. What makedumpfile needs from it:
 * <ul>
 *   <li>A VMCOREINFO ELF note with OSRELEASE, PAGESIZE, SYMBOL(init_uts_ns) and
 *       OFFSET(uts_namespace.name) (check_release reads the utsname from memory and compares the
 *       release), SYMBOL(mem_map) (selects FLATMEM, the simplest memory model),
 *       SIZE(page) and OFFSET(page.flags/_refcount/mapping/...) plus the PG_* and
 *       PAGE_BUDDY_MAPCOUNT_VALUE numbers (needed for -d 31's page-flag filtering),
 *       NUMBER(phys_base)=0, SYMBOL(init_top_pgt).</li>
 *   <li>Real page tables: on x86_64 every virtual read goes through a 4-level walk from init_top_pgt,
 *       so the core holds a PGD and one PUD with 1 GiB mappings for both the direct map
 *       (0xffff888000000000) and the kernel text map (0xffffffff80000000), both onto physical 0.</li>
 *   <li>PT_LOAD virtual addresses in the direct map, from which makedumpfile derives PAGE_OFFSET.</li>
 *   <li>A mem_map (64-byte struct page per pfn, _refcount = 1, flags 0), so no page counts as free,
 *       cache or user; -d 31 then only drops zero pages.</li>
 * </ul>
 * Physical layout: page tables at 1 MiB, then the mem_map pointer and utsname, then mem_map; data pages
 * start at 2 MiB. The first segment must start at 0 and cover that kernel area.
 */
public final class SyntheticVmcore {
    public static final int PAGE = 4096;
    public static final String RELEASE = "5.10.0-synthetic";
    private static final long PAGE_OFFSET = 0xffff888000000000L;
    private static final long KTEXT = 0xffffffff80000000L;
    private static final long PGD = 0x100000;
    private static final long PUD = 0x101000;
    private static final long VARS = 0x102000;
    private static final long UTSNAME = VARS + 0x100;
    private static final long MEM_MAP = 0x103000;
    private static final long DATA_START = 0x200000;
    private static final int STRUCT_PAGE = 64;

    /** A physical memory range present in the dump. */
    public record Segment(long physStart, long size) {
        public Segment {
            if (physStart % PAGE != 0 || size % PAGE != 0 || size <= 0) {
                throw new IllegalArgumentException("segments are whole pages: " + physStart + "+" + size);
            }
        }

        long end() {
            return physStart + size;
        }
    }

    private final List<Segment> segments;
    private final long seed;
    private final int randomEvery;

    private SyntheticVmcore(List<Segment> segments, long seed, int randomEvery) {
        this.segments = List.copyOf(segments);
        this.seed = seed;
        this.randomEvery = randomEvery;
        long kernelEnd = MEM_MAP + maxPfn() * STRUCT_PAGE;
        if (segments.isEmpty() || segments.get(0).physStart() != 0 || segments.get(0).end() < Math.max(kernelEnd, DATA_START)) {
            throw new IllegalArgumentException("the first segment must start at 0 and cover the kernel area up to "
                + Math.max(kernelEnd, DATA_START));
        }
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i).physStart() < segments.get(i - 1).end()) {
                throw new IllegalArgumentException("segments must ascend without overlap");
            }
        }
    }

    /** 8 MiB of RAM in two segments around a 1 MiB hole. */
    public static SyntheticVmcore small() {
        return of(List.of(new Segment(0, 4 << 20), new Segment(5 << 20, 3 << 20)), 1, 3);
    }

    /**
     * @param randomEvery every n-th data page is random (incompressible), the next one holds text,
     *                    the rest are zero pages that {@code -d 1} and above exclude
     */
    public static SyntheticVmcore of(List<Segment> segments, long seed, int randomEvery) {
        return new SyntheticVmcore(segments, seed, randomEvery);
    }

    public List<Segment> segments() {
        return segments;
    }

    long maxPfn() {
        return segments.get(segments.size() - 1).end() / PAGE;
    }

    /** Writes the core and returns its size. */
    public long write(Path file) throws IOException {
        byte[] note = note("VMCOREINFO", vmcoreinfo().getBytes(StandardCharsets.US_ASCII));
        int phnum = 1 + segments.size();
        long noteOff = 64 + 56L * phnum;
        long dataOff = (noteOff + note.length + PAGE - 1) / PAGE * PAGE;
        ByteBuffer h = ByteBuffer.allocate((int) dataOff).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        h.putShort((short) 4).putShort((short) 62).putInt(1).putLong(0).putLong(64).putLong(0).putInt(0)
            .putShort((short) 64).putShort((short) 56).putShort((short) phnum).putShort((short) 0)
            .putShort((short) 0).putShort((short) 0);
        h.putInt(4).putInt(0).putLong(noteOff).putLong(0).putLong(0).putLong(note.length).putLong(note.length).putLong(0);
        long off = dataOff;
        for (Segment s : segments) {
            h.putInt(1).putInt(7).putLong(off).putLong(PAGE_OFFSET + s.physStart()).putLong(s.physStart())
                .putLong(s.size()).putLong(s.size()).putLong(0);
            off += s.size();
        }
        h.put(note);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(h.array());
            for (Segment s : segments) {
                for (long pfn = s.physStart() / PAGE; pfn < s.end() / PAGE; pfn++) {
                    out.write(page(pfn));
                }
            }
        }
        return off;
    }

    private String vmcoreinfo() {
        return String.join("\n",
            "OSRELEASE=" + RELEASE,
            "PAGESIZE=" + PAGE,
            "SYMBOL(init_uts_ns)=" + Long.toHexString(KTEXT + UTSNAME),
            "OFFSET(uts_namespace.name)=0",
            "SYMBOL(mem_map)=" + Long.toHexString(KTEXT + VARS),
            "SYMBOL(init_top_pgt)=" + Long.toHexString(KTEXT + PGD),
            "SIZE(page)=" + STRUCT_PAGE,
            "OFFSET(page.flags)=0",
            "OFFSET(page._refcount)=52",
            "OFFSET(page.mapping)=24",
            "OFFSET(page.lru)=8",
            "OFFSET(page._mapcount)=48",
            "OFFSET(page.private)=40",
            "OFFSET(page.compound_dtor)=16",
            "OFFSET(page.compound_order)=17",
            "OFFSET(page.compound_head)=8",
            "NUMBER(PG_lru)=4",
            "NUMBER(PG_private)=13",
            "NUMBER(PG_swapcache)=10",
            "NUMBER(PG_swapbacked)=19",
            "NUMBER(PG_slab)=9",
            "NUMBER(PG_hwpoison)=23",
            "NUMBER(PG_head_mask)=65536",
            "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129",
            "NUMBER(HUGETLB_PAGE_DTOR)=2",
            "NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257",
            "NUMBER(phys_base)=0",
            "NUMBER(MAX_PHYSMEM_BITS)=46",
            "") ;
    }

    private static byte[] note(String name, byte[] desc) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        int nameLen = (n.length + 3) & ~3;
        int descLen = (desc.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(12 + nameLen + descLen).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(n.length).putInt(desc.length).putInt(0);
        b.put(n).position(12 + nameLen);
        b.put(desc);
        return b.array();
    }

    private byte[] page(long pfn) {
        byte[] p = new byte[PAGE];
        long addr = pfn * PAGE;
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
        if (addr == PGD) {
            b.putLong(8 * pgdIndex(PAGE_OFFSET), PUD | 0x63);
            b.putLong(8 * pgdIndex(KTEXT), PUD | 0x63);
        } else if (addr == PUD) {
            b.putLong(8 * pudIndex(PAGE_OFFSET), 0xe3); // present, rw, accessed, dirty, 1 GiB page at 0
            b.putLong(8 * pudIndex(KTEXT), 0xe3);
        } else if (addr == VARS) {
            b.putLong(0, PAGE_OFFSET + MEM_MAP);
            String[] uts = {"Linux", "synthetic", RELEASE, "#1 SMP", "x86_64", "(none)"};
            for (int i = 0; i < uts.length; i++) {
                byte[] s = uts[i].getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(s, 0, p, (int) (UTSNAME - VARS) + 65 * i, s.length);
            }
        } else if (addr >= MEM_MAP && addr < MEM_MAP + maxPfn() * STRUCT_PAGE) {
            for (int o = 0; o < PAGE; o += STRUCT_PAGE) {
                long structPfn = (addr - MEM_MAP + o) / STRUCT_PAGE;
                if (structPfn < maxPfn()) {
                    b.putInt(o + 52, 1);
                }
            }
        } else if (addr >= DATA_START) {
            long k = pfn % randomEvery;
            if (k == 0) {
                new Random(seed * 1_000_003L + pfn).nextBytes(p);
            } else if (k == 1 || randomEvery == 1) {
                byte[] line = ("synthetic page " + pfn + " of a kdump-receiver test core\n").getBytes(StandardCharsets.US_ASCII);
                for (int o = 0; o + line.length <= PAGE; o += line.length) {
                    System.arraycopy(line, 0, p, o, line.length);
                }
            }
        }
        return p;
    }

    private static int pgdIndex(long v) {
        return (int) ((v >>> 39) & 511);
    }

    private static int pudIndex(long v) {
        return (int) ((v >>> 30) & 511);
    }

    /** Segments of the given sizes (MiB), the first starting at 0, separated by 1 MiB holes. */
    public static List<Segment> segmentsMiB(int... mib) {
        List<Segment> list = new ArrayList<>();
        long at = 0;
        for (int m : mib) {
            list.add(new Segment(at, (long) m << 20));
            at += ((long) m + 1) << 20;
        }
        return list;
    }
}
