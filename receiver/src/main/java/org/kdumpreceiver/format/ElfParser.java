package org.kdumpreceiver.format;

/**
 * An ELF core ({@code /proc/vmcore} copied as is, or {@code makedumpfile -E}): the file must reach
 * the end of every PT_LOAD's file image. Program headers are parsed one at a time as they stream by.
 */
final class ElfParser implements ContentParser {
    static final int EHDR64 = 64;
    private static final int EHDR32 = 52;
    private static final int ET_CORE = 4;
    private static final int PT_LOAD = 1;
    private static final int PN_XNUM = 0xffff;
    private static final long EF_INCOMPLETE = 0x1;
    private static final int MAX_PHENT = 256;

    private enum Phase { EHDR, SKIP_TO_PHDRS, PHDRS, TAIL, NOT_CORE, UNSUPPORTED }

    private final byte[] ehdr = new byte[EHDR64];
    private byte[] phdr;
    private Phase phase = Phase.EHDR;
    private long pos;
    private long phaseEnd = EHDR32;
    private boolean elf64;
    private boolean bigEndian;
    private long flags;
    private long phoff;
    private long tableEnd;
    private int phentsize;
    private int phdrFill;
    private long maxLoadEnd;

    @Override
    public void update(byte[] b, int off, int len) {
        int end = off + len;
        while (off < end) {
            if (phase.compareTo(Phase.TAIL) >= 0) {
                pos += end - off;
                return;
            }
            int n = (int) Math.min(phaseEnd - pos, end - off);
            if (phase == Phase.EHDR) {
                System.arraycopy(b, off, ehdr, (int) pos, n);
            } else if (phase == Phase.PHDRS) {
                programHeaders(b, off, n);
            }
            pos += n;
            off += n;
            while (pos == phaseEnd && phase.compareTo(Phase.TAIL) < 0) {
                next();
            }
        }
    }

    private void next() {
        switch (phase) {
            case EHDR -> {
                if (pos == EHDR32 && ehdr[4] == 2) {
                    phaseEnd = EHDR64; // the 64-bit header is longer; keep collecting
                    return;
                }
                elfHeader();
            }
            case SKIP_TO_PHDRS -> {
                phase = Phase.PHDRS;
                phaseEnd = tableEnd;
            }
            case PHDRS -> phase = Phase.TAIL;
            default -> throw new IllegalStateException(phase.name());
        }
    }

    private void elfHeader() {
        elf64 = ehdr[4] == 2;
        bigEndian = ehdr[5] == 2;
        if ((ehdr[4] != 1 && ehdr[4] != 2) || (ehdr[5] != 1 && ehdr[5] != 2)) {
            phase = Phase.UNSUPPORTED;
            return;
        }
        if (Bytes.u16(ehdr, 16, bigEndian) != ET_CORE) {
            phase = Phase.NOT_CORE;
            return;
        }
        phoff = elf64 ? Bytes.i64(ehdr, 32, bigEndian) : Bytes.u32(ehdr, 28, bigEndian);
        flags = Bytes.u32(ehdr, elf64 ? 48 : 36, bigEndian);
        phentsize = Bytes.u16(ehdr, elf64 ? 54 : 42, bigEndian);
        int phnum = Bytes.u16(ehdr, elf64 ? 56 : 44, bigEndian);
        int minEnt = elf64 ? 56 : 32;
        // PN_XNUM keeps the real count in a section header; program headers overlapping the ELF
        // header cannot be read in one pass. Neither occurs in vmcores makedumpfile or the kernel write.
        if (phnum == 0) {
            phase = Phase.TAIL;
            return;
        }
        if (phnum == PN_XNUM || phoff < pos || phentsize < minEnt || phentsize > MAX_PHENT) {
            phase = Phase.UNSUPPORTED;
            return;
        }
        phdr = new byte[phentsize];
        tableEnd = phoff + (long) phnum * phentsize;
        phase = Phase.SKIP_TO_PHDRS;
        phaseEnd = phoff;
    }

    private void programHeaders(byte[] b, int off, int n) {
        int end = off + n;
        while (off < end) {
            int c = Math.min(phentsize - phdrFill, end - off);
            System.arraycopy(b, off, phdr, phdrFill, c);
            phdrFill += c;
            off += c;
            if (phdrFill == phentsize) {
                phdrFill = 0;
                programHeader();
            }
        }
    }

    private void programHeader() {
        if (Bytes.i32(phdr, 0, bigEndian) != PT_LOAD) {
            return;
        }
        long offset = elf64 ? Bytes.i64(phdr, 8, bigEndian) : Bytes.u32(phdr, 4, bigEndian);
        long filesz = elf64 ? Bytes.i64(phdr, 32, bigEndian) : Bytes.u32(phdr, 16, bigEndian);
        maxLoadEnd = Math.max(maxLoadEnd, offset + filesz);
    }

    @Override
    public FormatVerdict finish() {
        return switch (phase) {
            case NOT_CORE -> FormatVerdict.unknown("elf", VerdictReason.NOT_A_CORE);
            case UNSUPPORTED -> FormatVerdict.unknown("elf", VerdictReason.UNSUPPORTED_LAYOUT);
            case EHDR, SKIP_TO_PHDRS, PHDRS -> (flags & EF_INCOMPLETE) != 0
                ? FormatVerdict.truncated("elf", VerdictReason.INCOMPLETE_FLAG)
                : FormatVerdict.truncated("elf", VerdictReason.SHORT_OF_PT_LOAD_EXTENT);
            case TAIL -> {
                if ((flags & EF_INCOMPLETE) != 0) {
                    yield FormatVerdict.truncated("elf", VerdictReason.INCOMPLETE_FLAG);
                }
                yield pos >= maxLoadEnd
                    ? FormatVerdict.complete("elf")
                    : FormatVerdict.truncated("elf", VerdictReason.SHORT_OF_PT_LOAD_EXTENT);
            }
        };
    }
}
