package org.kdumpreceiver.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.kdumpreceiver.crypto.Identity;
import org.kdumpreceiver.crypto.Recipient;
import org.kdumpreceiver.ingest.FileSink;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.ingest.IngestSession;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.SealingPolicy;
import org.kdumpreceiver.store.StoredFile;

/**
 * The pipeline benchmark: streams generated dumps through kdump-receiver's one-pass path
 * (SHA-256 + format probe + zstd -3 + age, to a file on disk) and through the CLI anchor
 * {@code zstd -3 -T1 -c | age -r R > file} on the same bytes in the same run, then splits the
 * receiver's cost into its stages and checks that memory stays bounded on a large input in a
 * small-heap child JVM. Sizes are in binary units (GiB of memory); MB/s means 10^6 bytes per second.
 */
public final class PipelineBench {
    static final int WRITE = 32 * 1024; // an SSH channel's typical packet
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long SEED = 0x6B64756D70L; // "kdump"
    static final int ZSTD_LEVEL = 3;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One measured run of a pipeline over one input. */
    record Result(String pipeline, String data, long in, long stored, double wallS, double cpuS, String format,
            String verdict) {
        double mbps() {
            return in / 1e6 / wallS;
        }

        double mbpsPerCore() {
            return in / 1e6 / cpuS;
        }

        double ratio() {
            return (double) in / stored;
        }
    }

    private final Options opt;
    private final Recipient recipient = Identity.generate().recipient();
    private final List<String> failures = new ArrayList<>();

    private PipelineBench(Options opt) {
        this.opt = opt;
    }

    public static void main(String[] args) throws Exception {
        Options opt = Options.parse(args);
        PipelineBench bench = new PipelineBench(opt);
        if (opt.memcheckBytes > 0) {
            System.exit(bench.memcheckChild());
        }
        System.exit(bench.run());
    }

    // ------------------------------------------------------------------------------------------ main run

    private int run() throws Exception {
        Files.createDirectories(opt.tmp);
        String jdk = System.getProperty("java.vm.name") + " " + Runtime.version();
        say("# kdump-receiver pipeline benchmark");
        say("JDK: %s (%s)", jdk, System.getProperty("java.home"));
        say("CPU: %s, %d cores available; temp dir %s", cpuModel(), Runtime.getRuntime().availableProcessors(),
                opt.tmp);
        say("anchor: %s; %s", firstLine("zstd", "-V"), "age " + firstLine("age", "--version"));
        say("sizes: %d MiB per pipeline run, %d MiB per stage run, %d MiB memory check; writes of %d KiB",
                opt.runBytes / MIB, opt.stageBytes / MIB, opt.memBytes / MIB, WRITE / 1024);

        say("");
        say("warm-up (not reported) ...");
        runKdump(VmcoreSource.ofMemory(Math.min(opt.runBytes, 128 * MIB), SEED + 99), null);
        runKdump(new RandomSource(Math.min(opt.runBytes, 64 * MIB), SEED + 98), null);

        List<Result> results = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        Source[] inputs = {VmcoreSource.ofMemory(opt.runBytes, SEED), new RandomSource(opt.runBytes, SEED)};
        for (Source input : inputs) {
            say("");
            Result k = runKdump(input.restart(), null);
            report(k);
            if (input instanceof VmcoreSource && !("complete".equals(k.verdict()) && "flattened/elf".equals(k.format()))) {
                failures.add("vmcore-like input stored as " + k.format() + " " + k.verdict()
                        + ", expected flattened/elf complete");
            }
            results.add(k);
            if (!opt.skipAnchor) {
                Result a = runAnchor(input.restart());
                report(a);
                results.add(a);
                String r = String.format(Locale.ROOT,
                        "%s: kdump-receiver/anchor = %.2f wall MB/s, %.2f MB/s per core, %.2f compression ratio",
                        k.data(), k.mbps() / a.mbps(), k.mbpsPerCore() / a.mbpsPerCore(), k.ratio() / a.ratio());
                say("  ratio %s", r);
                ratios.add(r);
            }
        }

        List<String> stageTables = new ArrayList<>();
        if (!opt.skipStages) {
            for (Source input : new Source[] {VmcoreSource.ofMemory(opt.stageBytes, SEED + 7),
                    new RandomSource(opt.stageBytes, SEED + 7)}) {
                say("");
                stageTables.add(Stages.run(input, recipient, opt.tmp, ZSTD_LEVEL, this::say));
            }
        }

        String mem = null;
        if (!opt.skipMem) {
            say("");
            mem = memcheckParent();
        }

        say("");
        say("## Summary (%s, %d cores)", jdk, Runtime.getRuntime().availableProcessors());
        say("");
        say("| pipeline | input | MiB in | ratio | wall s | CPU s | MB/s | MB/s per core | verdict |");
        say("|---|---|---:|---:|---:|---:|---:|---:|---|");
        for (Result r : results) {
            say("| %s | %s | %d | %.2f | %.2f | %.2f | %.0f | %.0f | %s |", r.pipeline(), r.data(), r.in() / MIB,
                    r.ratio(), r.wallS(), r.cpuS(), r.mbps(), r.mbpsPerCore(),
                    r.format() == null ? "-" : r.format() + " " + r.verdict());
        }
        say("");
        for (String r : ratios) {
            say("- %s", r);
        }
        if (mem != null) {
            say("- memory: %s", mem);
        }
        for (String t : stageTables) {
            say("");
            say("%s", t);
        }
        for (String f : failures) {
            say("FAILED: %s", f);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private void report(Result r) {
        say("  %-15s %-12s %6d MiB in, %6d MiB stored (ratio %.2f), %.2f s wall, %.2f s CPU: %.0f MB/s, %.0f MB/s per core%s",
                r.pipeline(), r.data(), r.in() / MIB, r.stored() / MIB, r.ratio(), r.wallS(), r.cpuS(), r.mbps(),
                r.mbpsPerCore(), r.format() == null ? "" : ", " + r.format() + " " + r.verdict());
    }

    // ------------------------------------------------------------------------------------------ kdump-receiver

    /**
     * Streams {@code source} through Ingest into a fresh store in the temp dir (deleted afterwards).
     * CPU is the whole process's (pipeline thread, GC, JIT) minus the generator thread's.
     */
    Result runKdump(Source source, LongConsumer progress) throws Exception {
        Path root = Files.createTempDirectory(opt.tmp, "kdr-bench-");
        try {
            Ingest ingest = new Ingest(new DumpStore(root, Clock.systemUTC()),
                    new SealingPolicy(List.of(recipient), ZSTD_LEVEL, 0, 0));
            long cpu0 = processCpuNanos();
            long thread0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            StoredFile f;
            long genCpu;
            try (Feeder feeder = new Feeder(source, WRITE, 8);
                    IngestSession s = ingest.open(new HostIdentity("bench"), "bench", "127.0.0.1", "/var/crash/bench")) {
                FileSink sink = s.openFile("dump.1");
                long written = 0;
                for (Feeder.Chunk c; (c = feeder.take()) != null; ) {
                    sink.write(c.buf, 0, c.len);
                    written += c.len;
                    feeder.release(c);
                    if (progress != null) {
                        progress.accept(written);
                    }
                }
                f = sink.complete();
                genCpu = feeder.generatorCpuNanos();
            }
            long wall = System.nanoTime() - t0;
            long thread = THREADS.getCurrentThreadCpuTime() - thread0;
            long cpu = processCpuNanos() - cpu0 - genCpu;
            if (progress == null && opt.verbose) {
                say("    (pipeline thread %.2f s CPU, rest of JVM %.2f s, generator %.2f s)", thread / 1e9,
                        (cpu - thread) / 1e9, genCpu / 1e9);
            }
            return new Result("kdump-receiver", source.name(), f.bytesIn(), f.bytesStored(), wall / 1e9, cpu / 1e9,
                    f.format(), f.verdict());
        } finally {
            deleteTree(root);
        }
    }

    // ------------------------------------------------------------------------------------------ anchor

    /**
     * The CLI pipeline on the same bytes: {@code zstd -3 -T1 -c | age -r R > file}, fed from this JVM
     * through a pipe. CPU is what bash's {@code times} reports for its children (zstd and age), and
     * the output is fsynced before the clock stops, as the receiver's is.
     */
    Result runAnchor(Source source) throws Exception {
        Path dir = Files.createTempDirectory(opt.tmp, "anchor-bench-");
        try {
            Path out = dir.resolve("dump.zst.age");
            long[] in = new long[1];
            long t0 = System.nanoTime();
            Cli.Run run = Cli.run("zstd -q -" + ZSTD_LEVEL + " -T1 -c | age -r \"$1\" > \"$2\"", stdin -> {
                try (Feeder feeder = new Feeder(source, WRITE, 8)) {
                    for (Feeder.Chunk c; (c = feeder.take()) != null; ) {
                        stdin.write(c.buf, 0, c.len);
                        feeder.release(c);
                    }
                    in[0] = feeder.generated();
                }
            }, recipient.encoded(), out.toString());
            try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            long wall = System.nanoTime() - t0;
            return new Result("zstd|age (CLI)", source.name(), in[0], Files.size(out), wall / 1e9, run.cpuS(), null,
                    null);
        } finally {
            deleteTree(dir);
        }
    }

    // ------------------------------------------------------------------------------------------ memory check

    /** Runs the memory check in a child JVM with a small heap; returns its one-line summary. */
    private String memcheckParent() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + opt.memHeap);
        // The whole heap is resident from the start, so VmHWM growing while streaming would be a native leak.
        cmd.add("-Xms" + opt.memHeap);
        cmd.add("-XX:+AlwaysPreTouch");
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PipelineBench.class.getName(),
                "--memcheck", Long.toString(opt.memBytes), "--tmp", opt.tmp.toString()));
        say("memory check: %d MiB vmcore-like in a child JVM with -Xms%s -Xmx%s -XX:+AlwaysPreTouch ...",
                opt.memBytes / MIB, opt.memHeap, opt.memHeap);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String summary = null;
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            say("  %s", line);
            if (line.startsWith("MEMCHECK ")) {
                summary = line.substring("MEMCHECK ".length());
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || summary == null) {
            failures.add("memory check child exited " + rc);
            return "FAILED (exit " + rc + ")";
        }
        return summary;
    }

    /** The child side: stream the big input, print VmHWM as it goes and a MEMCHECK summary line. */
    private int memcheckChild() throws Exception {
        long step = Math.max(opt.memBytes / 4, 64 * MIB);
        long[] next = {step};
        List<String> hwm = new ArrayList<>();
        hwm.add("at start: " + procStatus("VmHWM"));
        Result r = runKdump(VmcoreSource.ofMemory(opt.memBytes, SEED + 4), written -> {
            if (written >= next[0]) {
                next[0] += step;
                hwm.add(written / MIB + " MiB: " + procStatus("VmHWM"));
            }
        });
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        long heapMax = Runtime.getRuntime().maxMemory();
        System.out.println("VmHWM while streaming: " + String.join(", ", hwm));
        System.out.printf(Locale.ROOT,
                "MEMCHECK %d MiB vmcore-like stored (%s %s, ratio %.2f, %.0f MB/s) with max heap %d MiB: "
                        + "peak RSS (VmHWM) %s, heap peak %d MiB (sum of pool peaks)%n",
                r.in() / MIB, r.format(), r.verdict(), r.ratio(), r.mbps(), heapMax / MIB, procStatus("VmHWM"),
                heapPeak / MIB);
        return "complete".equals(r.verdict()) ? 0 : 2;
    }

    // ------------------------------------------------------------------------------------------ helpers

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    long kib = Long.parseLong(line.substring(key.length() + 1).replace("kB", "").strip());
                    return (kib / 1024) + " MiB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "?";
        }
        return "?";
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLine(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return out.lines().findFirst().orElse("?");
        } catch (IOException | InterruptedException e) {
            return cmd[0] + " not found";
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    /** Command line: sizes, skips, temp dir; {@code --memcheck BYTES} is the child mode. */
    static final class Options {
        long runBytes = GIB;
        long stageBytes = 256 * MIB;
        long memBytes = 4 * GIB;
        String memHeap = "64m";
        long memcheckBytes;
        boolean skipAnchor;
        boolean skipStages;
        boolean skipMem;
        boolean verbose = true;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> {
                        o.runBytes = 128 * MIB;
                        o.stageBytes = 32 * MIB;
                        o.memBytes = 512 * MIB;
                    }
                    case "--run-mib" -> o.runBytes = Long.parseLong(args[++i]) * MIB;
                    case "--stage-mib" -> o.stageBytes = Long.parseLong(args[++i]) * MIB;
                    case "--mem-mib" -> o.memBytes = Long.parseLong(args[++i]) * MIB;
                    case "--mem-heap" -> o.memHeap = args[++i];
                    case "--memcheck" -> {
                        o.memcheckBytes = Long.parseLong(args[++i]);
                        o.memBytes = o.memcheckBytes;
                    }
                    case "--no-anchor" -> o.skipAnchor = true;
                    case "--no-stages" -> o.skipStages = true;
                    case "--no-mem" -> o.skipMem = true;
                    case "--tmp" -> o.tmp = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (use --quick, --run-mib N, --stage-mib N, --mem-mib N, --mem-heap SIZE,"
                            + " --no-anchor, --no-stages, --no-mem, --tmp DIR)");
                }
            }
            return o;
        }
    }
}
