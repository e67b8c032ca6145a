package org.kdumpreceiver.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.Sha256;
import org.kdumpreceiver.store.StoredFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks the stored bytes against the manifest's {@code sha256_stored}, so tampering or loss shows
 * without any private key. It cannot tell a manifest that was rewritten along with its files.
 */
@Command(name = "verify", description = "Re-check stored files against the manifest (no key needed).")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    StoreOption storeOption;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Dump ids to check (default: every dump).")
    List<String> ids;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DumpStore store = storeOption.store();
        PrintWriter out = spec.commandLine().getOut();
        int ok = 0;
        int problems = 0;
        for (Manifest m : StoreOption.manifests(store, ids)) {
            Path dir = StoreOption.dir(store, m.id());
            Set<String> known = new HashSet<>(Set.of(DumpStore.MANIFEST));
            for (StoredFile f : m.files()) {
                String problem = check(dir, f);
                if (f.storedName() != null) {
                    known.add(f.storedName());
                }
                if (problem == null) {
                    ok++;
                    out.printf("OK        %s %s%n", m.id(), f.storedName());
                } else {
                    problems++;
                    out.printf("%s %s%n", problem, m.id());
                }
            }
            for (String extra : unknownFiles(dir, known)) {
                problems++;
                out.printf("UNEXPECTED %s %s: not in the manifest%n", m.id(), extra);
            }
        }
        out.printf("%d file(s) ok, %d problem(s)%n", ok, problems);
        out.flush();
        return problems == 0 ? 0 : 1;
    }

    private static String check(Path dir, StoredFile f) throws IOException {
        if (!f.sealed()) {
            return "RECEIVING " + f.clientName() + ": still being written (or the receiver died: run serve to recover)";
        }
        if (f.storedName() == null) {
            return "EMPTY     " + f.clientName() + ": nothing reached the disk before " + f.reason();
        }
        Path file = dir.resolve(f.storedName());
        if (!Files.isRegularFile(file)) {
            return "MISSING   " + f.storedName() + ": the stored file is gone";
        }
        long size = Files.size(file);
        if (f.bytesStored() != null && size != f.bytesStored()) {
            return "MODIFIED  " + f.storedName() + ": " + size + " bytes on disk, manifest says " + f.bytesStored();
        }
        String actual = Sha256.of(file);
        if (!actual.equals(f.sha256Stored())) {
            return "MODIFIED  " + f.storedName() + ": sha256 " + actual + " but manifest says " + f.sha256Stored();
        }
        return null;
    }

    private static List<String> unknownFiles(Path dir, Set<String> known) throws IOException {
        List<String> extra = new java.util.ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!known.contains(name) && !name.startsWith(".")) {
                    extra.add(name);
                }
            }
        }
        extra.sort(null);
        return extra;
    }
}
