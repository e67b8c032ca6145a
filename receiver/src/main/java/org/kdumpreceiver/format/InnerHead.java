package org.kdumpreceiver.format;

/**
 * The first bytes of the file a flattened stream rearranges into, assembled from whichever records
 * cover them (last write wins, as with {@code makedumpfile -R}). Enough to name the inner format and
 * read its incomplete flag, without rebuilding anything.
 */
final class InnerHead {
    private static final int SIZE = KdumpHeader.SIZE;
    private static final int ELF64_FLAGS = 48;
    private static final int ELF32_FLAGS = 36;
    private static final long ELF_INCOMPLETE = 0x1;

    private final byte[] head = new byte[SIZE];
    private int covered;

    /** Called with each record's payload piece that lands at {@code fileOffset}. */
    void write(long fileOffset, byte[] b, int off, int len) {
        if (fileOffset >= SIZE || len <= 0) {
            return;
        }
        int n = (int) Math.min(len, SIZE - fileOffset);
        System.arraycopy(b, off, head, (int) fileOffset, n);
        covered = Math.max(covered, (int) fileOffset + n);
    }

    /** @return "kdump-compressed", "elf" or null */
    String format() {
        if (Bytes.startsWith(head, covered, ContentKind.KDUMP_MAGIC)
            || Bytes.startsWith(head, covered, ContentKind.DISKDUMP_MAGIC)) {
            return "kdump-compressed";
        }
        if (Bytes.startsWith(head, covered, ContentKind.ELF_MAGIC)) {
            return "elf";
        }
        return null;
    }

    boolean incompleteFlag() {
        String f = format();
        if ("kdump-compressed".equals(f)) {
            Long status = KdumpHeader.statusOf(head, covered);
            return status != null && (status & KdumpHeader.STATUS_INCOMPLETE) != 0;
        }
        if ("elf".equals(f) && covered >= ElfParser.EHDR64) {
            boolean be = head[5] == 2;
            int at = head[4] == 2 ? ELF64_FLAGS : ELF32_FLAGS;
            return (Bytes.u32(head, at, be) & ELF_INCOMPLETE) != 0;
        }
        return false;
    }
}
