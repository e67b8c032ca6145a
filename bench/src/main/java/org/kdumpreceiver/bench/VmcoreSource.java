package org.kdumpreceiver.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A vmcore-like dump as {@code makedumpfile -F} streams it over SSH: the 4096-byte flattened header
 * ({@code makedumpfile\0\0\0\0}, big-endian type 1, version 1), then big-endian {offset, size} records
 * of an ELF64 core (ET_CORE header and one PT_LOAD, then the memory pages), then the 16-byte 0xFF end
 * marker. The memory is {@code pages} 4 KiB pages: 60% zero, 25% random, 15% kernel-log text, laid
 * out in runs (zero runs averaging 32 pages, random 8, text 4) the way memory looks, not one block each.
 * Records carry at most 16 pages, so a record never straddles two runs.
 */
final class VmcoreSource implements Source {
    static final int PAGE = 4096;
    private static final int MAX_RECORD_PAGES = 16;
    private static final int FLAT_HEADER = 4096;
    private static final long ELF_DATA_OFFSET = PAGE;

    enum Kind { ZERO, RANDOM, TEXT }

    // Page shares and mean run lengths; a run starts with probability share/mean so page shares come out right.
    private static final double[] SHARE = {0.60, 0.25, 0.15};
    private static final int[] MEAN_RUN = {32, 8, 4};
    private static final double[] CUMULATIVE = cumulative();

    private final long pages;
    private final long seed;
    private final SplitMix runs;
    private final SplitMix random;
    private final KernelLog text;
    private final byte[] stage = new byte[16 + MAX_RECORD_PAGES * PAGE];
    private final long[] pagesOfKind = new long[3];
    private int stagePos;
    private int stageLen;
    private int step; // 0 flat header, 1 ELF header record, 2 page records, 3 end marker, 4 done
    private long nextPage;
    private Kind runKind;
    private long runLeft;
    private long records;

    VmcoreSource(long pages, long seed) {
        this.pages = pages;
        this.seed = seed;
        this.runs = new SplitMix(seed);
        this.random = new SplitMix(seed ^ 0x5DEECE66DL);
        this.text = new KernelLog(seed + 1);
    }

    /** The stream length for {@code pages} pages is not fixed in advance (it depends on the runs). */
    static VmcoreSource ofMemory(long memoryBytes, long seed) {
        return new VmcoreSource(memoryBytes / PAGE, seed);
    }

    @Override
    public int fill(byte[] buf, int off, int len) {
        int done = 0;
        while (done < len) {
            if (stagePos == stageLen && !nextSegment()) {
                return done == 0 ? -1 : done;
            }
            int n = Math.min(len - done, stageLen - stagePos);
            System.arraycopy(stage, stagePos, buf, off + done, n);
            stagePos += n;
            done += n;
        }
        return done;
    }

    @Override
    public String name() {
        return "vmcore-like";
    }

    @Override
    public Source restart() {
        return new VmcoreSource(pages, seed);
    }

    long pagesOf(Kind kind) {
        return pagesOfKind[kind.ordinal()];
    }

    long records() {
        return records;
    }

    private boolean nextSegment() {
        stagePos = 0;
        ByteBuffer out = ByteBuffer.wrap(stage).order(ByteOrder.BIG_ENDIAN);
        switch (step) {
            case 0 -> {
                Arrays.fill(stage, 0, FLAT_HEADER, (byte) 0);
                out.put("makedumpfile".getBytes(StandardCharsets.US_ASCII)); // char[16], NUL padded
                out.putLong(16, 1); // type: flattened
                out.putLong(24, 1); // version
                stageLen = FLAT_HEADER;
                step = 1;
            }
            case 1 -> {
                out.putLong(0, 0).putLong(8, PAGE);
                Arrays.fill(stage, 16, 16 + PAGE, (byte) 0);
                elfHeader(ByteBuffer.wrap(stage, 16, PAGE).slice().order(ByteOrder.LITTLE_ENDIAN));
                stageLen = 16 + PAGE;
                records++;
                step = 2;
            }
            case 2 -> {
                if (nextPage == pages) {
                    step = 3;
                    return nextSegment();
                }
                if (runLeft == 0) {
                    startRun();
                }
                int n = (int) Math.min(Math.min(runLeft, MAX_RECORD_PAGES), pages - nextPage);
                out.putLong(0, ELF_DATA_OFFSET + nextPage * PAGE).putLong(8, (long) n * PAGE);
                int bytes = n * PAGE;
                switch (runKind) {
                    case ZERO -> Arrays.fill(stage, 16, 16 + bytes, (byte) 0);
                    case RANDOM -> random.fill(stage, 16, bytes);
                    case TEXT -> text.fill(stage, 16, bytes);
                }
                pagesOfKind[runKind.ordinal()] += n;
                nextPage += n;
                runLeft -= n;
                stageLen = 16 + bytes;
                records++;
            }
            case 3 -> {
                Arrays.fill(stage, 0, 16, (byte) 0xFF);
                stageLen = 16;
                step = 4;
            }
            default -> {
                stageLen = 0;
                return false;
            }
        }
        return true;
    }

    private void startRun() {
        double r = runs.nextDouble();
        int k = 0;
        while (k < 2 && r >= CUMULATIVE[k]) {
            k++;
        }
        runKind = Kind.values()[k];
        runLeft = 1 + runs.nextInt(2 * MEAN_RUN[k] - 1); // uniform 1 .. 2*mean-1, mean = MEAN_RUN
    }

    /** ELF64 little-endian ET_CORE header with one PT_LOAD covering all pages, as the first record. */
    private void elfHeader(ByteBuffer e) {
        e.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
        e.put(4, (byte) 2); // ELFCLASS64
        e.put(5, (byte) 1); // little endian
        e.put(6, (byte) 1); // EV_CURRENT
        e.putShort(16, (short) 4); // ET_CORE
        e.putShort(18, (short) 62); // EM_X86_64
        e.putInt(20, 1);
        e.putLong(32, 64); // e_phoff
        e.putInt(48, 0); // e_flags: not DUMP_ELF_INCOMPLETE
        e.putShort(52, (short) 64);
        e.putShort(54, (short) 56);
        e.putShort(56, (short) 1);
        int ph = 64;
        e.putInt(ph, 1); // PT_LOAD
        e.putInt(ph + 4, 7);
        e.putLong(ph + 8, ELF_DATA_OFFSET);
        e.putLong(ph + 16, 0xffff888000000000L);
        e.putLong(ph + 24, 0);
        e.putLong(ph + 32, pages * PAGE);
        e.putLong(ph + 40, pages * PAGE);
        e.putLong(ph + 48, 0);
    }

    private static double[] cumulative() {
        double[] w = new double[3];
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            w[k] = SHARE[k] / MEAN_RUN[k];
            sum += w[k];
        }
        double[] c = new double[3];
        double acc = 0;
        for (int k = 0; k < 3; k++) {
            acc += w[k] / sum;
            c[k] = acc;
        }
        return c;
    }
}
