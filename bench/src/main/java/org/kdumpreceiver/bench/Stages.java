package org.kdumpreceiver.bench;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.kdumpreceiver.crypto.Recipient;
import org.kdumpreceiver.crypto.Sealer;
import org.kdumpreceiver.format.FormatProbe;
import org.kdumpreceiver.format.FormatVerdict;
import org.kdumpreceiver.ingest.FileSink;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.ingest.IngestSession;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.SealingPolicy;
import org.kdumpreceiver.store.Sha256;
import org.kdumpreceiver.store.StoredFile;

/**
 * Each stage of SealedFileWriter's byte path alone, on one thread, over the same input held in memory
 * (so generation is not timed): SHA-256 of the plaintext, FormatProbe, zstd (with its checksum, as the
 * store writes it), age sealing of zstd's output, SHA-256 of the sealed bytes, and writing them to a file
 * with fsync; then the whole path through Ingest on the same data, to compare with the sum.
 * Each stage runs once on the first quarter to warm up the JIT, then once measured.
 */
final class Stages {
    interface Say {
        void say(String format, Object... args);
    }

    private interface Stage {
        /** Processes the first {@code n} input chunks; returns the bytes this stage itself consumed. */
        long run(int n) throws Exception;
    }

    private record Timing(String name, long bytes, double cpuS, double wallS) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<byte[]> input = new ArrayList<>();
    private final Recipient recipient;
    private final Path tmp;
    private final int level;
    private List<byte[]> zstdOut = List.of();
    private List<byte[]> sealedOut = List.of();
    private String probeVerdict = "?";

    private Stages(Recipient recipient, Path tmp, int level) {
        this.recipient = recipient;
        this.tmp = tmp;
        this.level = level;
    }

    static String run(Source source, Recipient recipient, Path tmp, int level, Say out) throws Exception {
        return new Stages(recipient, tmp, level).measure(source, out);
    }

    private String measure(Source source, Say out) throws Exception {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long inBytes = 0;
        while (true) {
            byte[] buf = new byte[PipelineBench.WRITE];
            int n = source.fill(buf, 0, buf.length);
            if (n < 0) {
                break;
            }
            input.add(n == buf.length ? buf : Arrays.copyOf(buf, n));
            inBytes += n;
        }
        Timing gen = new Timing("(generating the input, not part of the pipeline)", inBytes,
                (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9, (System.nanoTime() - t0) / 1e9);
        out.say("stages, %s, %d MiB in memory, one thread:", source.name(), inBytes / PipelineBench.MIB);

        List<Timing> stages = new ArrayList<>();
        stages.add(time("SHA-256 of plaintext", this::sha256Plain, out));
        stages.add(time("FormatProbe", this::probe, out));
        stages.add(time("zstd -" + level + " (zstd-jni, checksum on)", this::zstd, out));
        stages.add(time("age seal of zstd output (ChaCha20-Poly1305)", this::seal, out));
        Timing chacha = time("  of which ChaCha20 alone (no Poly1305)", this::chachaOnly, out);
        stages.add(time("SHA-256 of sealed output", this::sha256Sealed, out));
        stages.add(time("write sealed output to file + fsync", this::writeFile, out));
        Timing full = time("whole pipeline: Ingest -> FileSink -> disk", this::fullPipeline, out);
        List<Timing> cli = new ArrayList<>();
        cli.add(cli("anchor: zstd -" + level + " -T1 (CLI) alone", "zstd -q -" + level + " -T1 -c > /dev/null", input,
                out));
        cli.add(cli("anchor: age -r (CLI) alone, on zstd's output", "age -r \"$1\" > /dev/null", zstdOut, out,
                recipient.encoded()));

        double sumCpu = stages.stream().mapToDouble(Timing::cpuS).sum();
        double perGiB = (double) PipelineBench.GIB / inBytes;
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Stages on %d MiB %s (%s %s), one thread; probe verdict: %s%n%n",
                inBytes / PipelineBench.MIB, source.name(), System.getProperty("java.vm.name"), Runtime.version(),
                probeVerdict));
        t.append("| stage | MiB through it | CPU s | MB/s of its own input | CPU s per GiB of dump | share |\n");
        t.append("|---|---:|---:|---:|---:|---:|\n");
        for (Timing s : stages) {
            t.append(row(s, perGiB, String.format(Locale.ROOT, "%.0f%%", 100 * s.cpuS() / sumCpu)));
            if (s.name().startsWith("age seal")) {
                t.append(row(new Timing("&nbsp;&nbsp;of which ChaCha20 alone (no Poly1305)", chacha.bytes(),
                        chacha.cpuS(), chacha.wallS()), perGiB, ""));
            }
        }
        t.append(row(new Timing("sum of the stages", inBytes, sumCpu, Double.NaN), perGiB, "100%"));
        t.append(row(full, perGiB, String.format(Locale.ROOT, "%.0f%% of sum", 100 * full.cpuS() / sumCpu)));
        for (Timing c : cli) {
            t.append(row(c, perGiB, ""));
        }
        t.append(row(gen, perGiB, ""));
        return t.toString().stripTrailing();
    }

    private static String row(Timing s, double perGiB, String share) {
        return String.format(Locale.ROOT, "| %s | %d | %.3f | %.0f | %.2f | %s |%n", s.name(),
                s.bytes() / PipelineBench.MIB, s.cpuS(), s.bytes() / 1e6 / s.cpuS(), s.cpuS() * perGiB, share);
    }

    private Timing time(String name, Stage stage, Say out) throws Exception {
        stage.run(Math.max(1, input.size() / 4)); // warm-up
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long bytes = stage.run(input.size());
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - t0) / 1e9;
        out.say("  %-46s %6d MiB  %.3f s CPU  %.3f s wall  %6.0f MB/s", name, bytes / PipelineBench.MIB, cpu, wall,
                bytes / 1e6 / cpu);
        return new Timing(name, bytes, cpu, wall);
    }

    /** A CLI stage on the same bytes; CPU from bash's times, so it covers only the tool's own work. */
    private Timing cli(String name, String script, List<byte[]> data, Say out, String... args) throws Exception {
        long bytes = data.stream().mapToLong(b -> b.length).sum();
        Cli.Run r = Cli.run(script, stdin -> {
            for (byte[] b : data) {
                stdin.write(b);
            }
        }, args);
        out.say("  %-46s %6d MiB  %.3f s CPU  %.3f s wall  %6.0f MB/s", name, bytes / PipelineBench.MIB, r.cpuS(),
                r.wallS(), bytes / 1e6 / r.cpuS());
        return new Timing(name, bytes, r.cpuS(), r.wallS());
    }

    private long sha256Plain(int n) {
        MessageDigest d = Sha256.newDigest();
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            byte[] b = input.get(i);
            d.update(b, 0, b.length);
            bytes += b.length;
        }
        d.digest();
        return bytes;
    }

    private long probe(int n) {
        FormatProbe p = new FormatProbe();
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            byte[] b = input.get(i);
            p.update(b, 0, b.length);
            bytes += b.length;
        }
        FormatVerdict v = p.finish();
        probeVerdict = v.format() + " " + v.verdict().label() + (v.reason() == null ? "" : " (" + v.reason() + ")");
        return bytes;
    }

    private long zstd(int n) throws IOException {
        Capture cap = new Capture();
        long bytes = 0;
        try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(cap, level)) {
            z.setChecksum(true);
            for (int i = 0; i < n; i++) {
                byte[] b = input.get(i);
                z.write(b, 0, b.length);
                bytes += b.length;
            }
        }
        if (n == input.size()) {
            zstdOut = cap.pieces;
        }
        return bytes;
    }

    private long seal(int n) throws IOException {
        List<byte[]> from = n == input.size() ? zstdOut : zstdOut.subList(0, Math.max(1, zstdOut.size() / 4));
        Capture cap = new Capture();
        long bytes = 0;
        try (OutputStream s = Sealer.seal(cap, List.of(recipient))) {
            for (byte[] b : from) {
                s.write(b, 0, b.length);
                bytes += b.length;
            }
        }
        if (n == input.size()) {
            sealedOut = cap.pieces;
        }
        return bytes;
    }

    /**
     * The cipher half of the age stage: ChaCha20 without Poly1305 over the same bytes in age's 64 KiB
     * chunks, re-initialised per chunk as ChunkCipher does; the rest of the age stage is Poly1305 and copies.
     */
    private long chachaOnly(int n) throws Exception {
        List<byte[]> from = n == input.size() ? zstdOut : zstdOut.subList(0, Math.max(1, zstdOut.size() / 4));
        Cipher c = Cipher.getInstance("ChaCha20");
        SecretKeySpec key = new SecretKeySpec(new byte[32], "ChaCha20");
        byte[] chunk = new byte[64 * 1024];
        byte[] outBuf = new byte[chunk.length];
        long bytes = 0;
        int fill = 0;
        long counter = 0;
        for (byte[] b : from) {
            for (int off = 0; off < b.length; ) {
                int k = Math.min(b.length - off, chunk.length - fill);
                System.arraycopy(b, off, chunk, fill, k);
                fill += k;
                off += k;
                if (fill == chunk.length) {
                    chachaChunk(c, key, counter++, chunk, fill, outBuf);
                    bytes += fill;
                    fill = 0;
                }
            }
        }
        chachaChunk(c, key, counter, chunk, fill, outBuf);
        return bytes + fill;
    }

    private static void chachaChunk(Cipher c, SecretKeySpec key, long counter, byte[] in, int len, byte[] out)
            throws Exception {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[3 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        c.init(Cipher.ENCRYPT_MODE, key, new ChaCha20ParameterSpec(nonce, 1));
        c.doFinal(in, 0, len, out, 0);
    }

    private long sha256Sealed(int n) {
        List<byte[]> from = n == input.size() ? sealedOut : sealedOut.subList(0, Math.max(1, sealedOut.size() / 4));
        MessageDigest d = Sha256.newDigest();
        long bytes = 0;
        for (byte[] b : from) {
            d.update(b, 0, b.length);
            bytes += b.length;
        }
        d.digest();
        return bytes;
    }

    /** As HashingChannelOutput writes (heap buffers into a FileChannel) and SealedFileWriter syncs. */
    private long writeFile(int n) throws IOException {
        List<byte[]> from = n == input.size() ? sealedOut : sealedOut.subList(0, Math.max(1, sealedOut.size() / 4));
        Path file = Files.createTempFile(tmp, "stage-write-", ".zst.age");
        long bytes = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (byte[] b : from) {
                ByteBuffer buf = ByteBuffer.wrap(b);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                bytes += b.length;
            }
            ch.force(true);
        } finally {
            Files.deleteIfExists(file);
        }
        return bytes;
    }

    private long fullPipeline(int n) throws IOException {
        Path root = Files.createTempDirectory(tmp, "kdr-stage-");
        try {
            Ingest ingest = new Ingest(new DumpStore(root, Clock.systemUTC()),
                    new SealingPolicy(List.of(recipient), level, 0, 0));
            try (IngestSession s = ingest.open(new HostIdentity("bench"), "bench", "127.0.0.1", "/var/crash/bench")) {
                FileSink sink = s.openFile("dump.1");
                for (int i = 0; i < n; i++) {
                    byte[] b = input.get(i);
                    sink.write(b, 0, b.length);
                }
                StoredFile f = sink.complete();
                return f.bytesIn();
            }
        } finally {
            PipelineBench.deleteTree(root);
        }
    }

    /** Keeps a copy of every write, in the sizes the writer used, to feed the next stage. */
    private static final class Capture extends OutputStream {
        final List<byte[]> pieces = new ArrayList<>();

        @Override
        public void write(int b) {
            pieces.add(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pieces.add(Arrays.copyOfRange(b, off, off + len));
        }
    }
}
