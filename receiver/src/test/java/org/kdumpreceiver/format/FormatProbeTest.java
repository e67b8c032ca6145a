package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verdicts that need no external binary: text, empty, unknown, hand-built flattened and ELF streams. */
class FormatProbeTest {
    @TempDir
    Path tmp;

    @Test
    void empty() {
        assertEquals(new FormatVerdict("empty", Verdict.TRUNCATED, VerdictReason.EMPTY), Feed.verdict(new byte[0]));
    }

    @Test
    void text() {
        byte[] log = "[    0.000000] Linux version 6.1.0\n[    1.5] sysrq: Trigger a crash\tÄ\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(FormatVerdict.complete("text"), Feed.verdict(log));
        assertEquals(FormatVerdict.truncated("text", VerdictReason.NO_FINAL_NEWLINE), Feed.verdict(Arrays.copyOf(log, log.length - 1)));
        byte[] longLog = "kernel: a line of a long log\n".repeat(500).getBytes(StandardCharsets.US_ASCII);
        assertEquals(FormatVerdict.complete("text"), Feed.verdict(longLog));
    }

    @Test
    void unknownRandomBytes() {
        byte[] r = new byte[3 << 20];
        new Random(42).nextBytes(r);
        r[0] = 0; // no accidental magic
        assertEquals(new FormatVerdict("unknown", Verdict.UNKNOWN, VerdictReason.UNRECOGNISED_CONTENT), Feed.verdict(r));
        assertEquals(FormatVerdict.unknown("unknown", VerdictReason.UNRECOGNISED_CONTENT), Feed.verdict(new byte[] {1, 2, 3}));
    }

    @Test
    void labels() {
        assertEquals("complete", Verdict.COMPLETE.label());
        assertEquals("truncated", Verdict.TRUNCATED.label());
        assertEquals("unknown", Verdict.UNKNOWN.label());
        assertThrows(IllegalArgumentException.class, () -> new FormatVerdict("elf", Verdict.COMPLETE, VerdictReason.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new FormatVerdict("elf", Verdict.TRUNCATED, null));
    }

    @Test
    void syntheticElfCore() throws IOException {
        Path elf = tmp.resolve("core");
        SyntheticVmcore.of(SyntheticVmcore.segmentsMiB(2, 1, 1), 5, 4).write(elf);
        byte[] e = Files.readAllBytes(elf);
        assertEquals(FormatVerdict.complete("elf"), Feed.verdict(e));
        assertEquals(FormatVerdict.truncated("elf", VerdictReason.SHORT_OF_PT_LOAD_EXTENT), Feed.verdict(Arrays.copyOf(e, e.length - 4096)));
        e[48] = 1;
        assertEquals(FormatVerdict.truncated("elf", VerdictReason.INCOMPLETE_FLAG), Feed.verdict(e));
    }

    @Test
    void bigEndian32BitElfCore() {
        ByteBuffer b = ByteBuffer.allocate(52 + 2 * 32 + 100).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 1, 0}).put(new byte[8]);
        b.putShort((short) 4).putShort((short) 22).putInt(1).putInt(0).putInt(52).putInt(0).putInt(0)
            .putShort((short) 52).putShort((short) 32).putShort((short) 2).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        b.putInt(4).putInt(116).putInt(0).putInt(0).putInt(10).putInt(10).putInt(0).putInt(0);
        b.putInt(1).putInt(126).putInt(0).putInt(0).putInt(90).putInt(90).putInt(7).putInt(0);
        byte[] e = b.array();
        assertEquals(FormatVerdict.complete("elf"), Feed.verdict(e));
        assertEquals(FormatVerdict.truncated("elf", VerdictReason.SHORT_OF_PT_LOAD_EXTENT), Feed.verdict(Arrays.copyOf(e, e.length - 1)));
    }

    @Test
    void notACore() {
        byte[] e = new byte[200];
        System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, 0, e, 0, 8);
        e[16] = 2; // ET_EXEC
        assertEquals(FormatVerdict.unknown("elf", VerdictReason.NOT_A_CORE), Feed.verdict(e));
    }

    /** A flattened stream built by hand: header, then records. */
    private static final class Flat {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Flat() {
            byte[] h = new byte[4096];
            System.arraycopy("makedumpfile".getBytes(StandardCharsets.US_ASCII), 0, h, 0, 12);
            h[23] = 1;
            h[31] = 1;
            out.writeBytes(h);
        }

        Flat record(long offset, byte[] data) {
            return header(offset, data.length).raw(data);
        }

        Flat header(long offset, long size) {
            return raw(ByteBuffer.allocate(16).putLong(offset).putLong(size).array());
        }

        Flat raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Flat end() {
            return header(-1, -1);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static byte[] kdumpHeader(int status) {
        ByteBuffer b = ByteBuffer.allocate(464).order(ByteOrder.LITTLE_ENDIAN);
        b.put("KDUMP   ".getBytes(StandardCharsets.US_ASCII)).putInt(6);
        b.putInt(424, status).putInt(428, 4096);
        return b.array();
    }

    @Test
    void flattenedLastWriteWinsForInnerHeader() {
        byte[] zeros = new byte[4096];
        assertEquals(FormatVerdict.complete("flattened/kdump-compressed"),
            Feed.verdict(new Flat().record(0, zeros).record(8192, new byte[10]).record(0, kdumpHeader(0)).end().bytes()));
        assertEquals(FormatVerdict.truncated("flattened/kdump-compressed", VerdictReason.INCOMPLETE_FLAG),
            Feed.verdict(new Flat().record(0, kdumpHeader(0)).record(0, kdumpHeader(8)).end().bytes()));
        assertEquals(FormatVerdict.complete("flattened/kdump-compressed"),
            Feed.verdict(new Flat().record(0, kdumpHeader(8)).record(424, new byte[4]).end().bytes()));
        assertEquals(FormatVerdict.complete("flattened"), Feed.verdict(new Flat().record(4096, zeros).end().bytes()));
    }

    @Test
    void flattenedBadRecords() {
        assertEquals(FormatVerdict.truncated("flattened/kdump-compressed", VerdictReason.BAD_RECORD),
            Feed.verdict(new Flat().record(0, kdumpHeader(0)).header(4096, -5).end().bytes()));
        assertEquals(FormatVerdict.truncated("flattened/kdump-compressed", VerdictReason.BAD_RECORD),
            Feed.verdict(new Flat().record(0, kdumpHeader(0)).header(4096, 0).end().bytes()));
        assertEquals(FormatVerdict.truncated("flattened", VerdictReason.BAD_RECORD), Feed.verdict(new Flat().end().bytes()));
        assertEquals(FormatVerdict.truncated("flattened", VerdictReason.BAD_RECORD),
            Feed.verdict(new Flat().header(-7, 3).raw(new byte[3]).end().bytes()));
        byte[] badType = new Flat().record(0, kdumpHeader(0)).end().bytes();
        badType[23] = 0;
        badType[16] = 1; // little-endian type: makedumpfile -R says "Can't get type"
        assertEquals(VerdictReason.BAD_RECORD, Feed.verdict(badType).reason());
    }

    @Test
    void flattenedCutInsideSignatureStillCountsAsFlattened() {
        byte[] f = new Flat().bytes();
        assertEquals(FormatVerdict.truncated("flattened", VerdictReason.NO_END_MARKER), Feed.verdict(Arrays.copyOf(f, 10)));
    }

    @Test
    void updateAfterFinishIsRejected() {
        FormatProbe p = new FormatProbe();
        p.update(new byte[] {'a', '\n'}, 0, 2);
        p.finish();
        assertEquals(FormatVerdict.complete("text"), p.finish());
        assertThrows(IllegalStateException.class, () -> p.update(new byte[1], 0, 1));
    }

    @Test
    void rebuildLastWriteWinsAndSparseSize() throws IOException {
        byte[] f = new Flat().record(0, new byte[] {1, 2, 3, 4}).record(10000, new byte[] {9}).record(1, new byte[] {7}).end().bytes();
        Path out = tmp.resolve("rebuilt");
        assertEquals(10001, FlattenedRebuild.rebuild(new java.io.ByteArrayInputStream(f), out));
        byte[] r = Files.readAllBytes(out);
        assertEquals(10001, r.length);
        assertEquals(7, r[1]);
        assertEquals(9, r[10000]);
    }
}
