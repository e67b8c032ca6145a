package org.kdumpreceiver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.ClientDirectoryName;
import org.kdumpreceiver.ingest.EventLog;
import org.kdumpreceiver.ingest.FileSink;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.ingest.IngestSession;
import org.kdumpreceiver.ingest.Protocol;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.StoredFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Takes the tree an sshd + nfsd dump server leaves ({@code /var/crash/<ip>-<stamp>/dump.<stamp>}) into
 * the sealed store. The originals are read, never changed or removed.
 */
@Command(name = "import", description = "Seal an existing dump server's tree (e.g. /var/crash) into the store.")
final class ImportCommand implements Callable<Integer> {
    static final String PROTOCOL = Protocol.IMPORT.token();

    @Mixin
    ConfigOption configOption;

    @Parameters(paramLabel = "DIR", description = "A dump directory (10.0.2.15-202611221400) or a directory of them.")
    Path source;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the clients' stamps (default: this"
            + " machine's, ${DEFAULT-VALUE}).")
    ZoneId zone = ZoneId.systemDefault();

    @Option(names = "--host", paramLabel = "NAME", description = "Host name to file the dumps under instead of the"
            + " one in the directory name (needed for local dumps named only by time).")
    String host;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReceiverConfig config = configOption.load();
        DumpStore store = new DumpStore(config.storage().root(), Clock.systemUTC());
        Ingest ingest = new Ingest(store, SealingKeys.policy(config));
        ingest.subscribe(new EventLog());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> dumps = dumpDirectories(source.toAbsolutePath().normalize());
        if (dumps.isEmpty()) {
            err.println("no dump directories in " + source + " (expected names like 10.0.2.15-202611221400,"
                    + " 10.0.2.15-2026-11-22-14:00:00 or web-17-2026-11-22-14-00)");
            return 1;
        }
        Map<String, String> imported = alreadyImported(store);
        int failures = 0;
        for (Path dir : dumps) {
            String done = imported.get(dir.toString());
            if (done != null) {
                out.println("skipped " + dir + ": already imported as " + done);
                continue;
            }
            try {
                out.println(importOne(ingest, dir));
            } catch (IOException | IllegalArgumentException e) {
                err.println("import of " + dir + " failed: " + Problems.describe(e));
                failures++;
            }
        }
        out.flush();
        err.flush();
        return failures == 0 ? 0 : 1;
    }

    private String importOne(Ingest ingest, Path dir) throws IOException {
        ClientDirectoryName name = ClientDirectoryName.parse(dir.getFileName().toString()).orElseThrow();
        String hostName = host != null ? host : name.hostPart();
        if (hostName == null) {
            throw new IOException("the directory name has no host part; give --host NAME");
        }
        List<String> results = new ArrayList<>();
        try (IngestSession session = ingest.open(new HostIdentity(hostName), PROTOCOL, null, dir.toString(),
                name.taken().atZone(zone).toInstant())) {
            for (Path file : regularFiles(dir)) {
                StoredFile stored = importFile(session, file);
                results.add(stored.clientName() + " " + stored.verdict()
                        + (stored.reason() == null ? "" : "(" + stored.reason() + ")"));
            }
            return "imported " + dir + " as " + session.dumpId() + ": " + String.join(", ", results);
        }
    }

    private static StoredFile importFile(IngestSession session, Path file) throws IOException {
        FileSink sink = session.openFile(file.getFileName().toString());
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sink.write(buf, 0, n);
            }
        } catch (IOException e) {
            sink.abort(VerdictReason.IMPORT_READ_ERROR);
            throw new IOException("cannot read " + file + ": " + Problems.describe(e), e);
        }
        return sink.complete();
    }

    private static List<Path> dumpDirectories(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new IOException("not a directory: " + source);
        }
        if (ClientDirectoryName.parse(source.getFileName().toString()).isPresent()) {
            return List.of(source);
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(source)) {
            for (Path p : entries) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && ClientDirectoryName.parse(p.getFileName().toString()).isPresent()) {
                    dirs.add(p);
                }
            }
        }
        dirs.sort(null);
        return dirs;
    }

    private static List<Path> regularFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }

    private static Map<String, String> alreadyImported(DumpStore store) throws IOException {
        Map<String, String> byDirectory = new HashMap<>();
        for (Manifest m : StoreOption.manifests(store, List.of())) {
            if (PROTOCOL.equals(m.protocol())) {
                Optional.ofNullable(m.clientPaths().directory()).ifPresent(d -> byDirectory.put(d, m.id()));
            }
        }
        return byDirectory;
    }
}
