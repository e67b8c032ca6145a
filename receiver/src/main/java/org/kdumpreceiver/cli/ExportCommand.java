package org.kdumpreceiver.cli;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kdumpreceiver.crypto.Identity;
import org.kdumpreceiver.crypto.IdentityFile;
import org.kdumpreceiver.crypto.NoMatchingIdentityException;
import org.kdumpreceiver.crypto.Opener;
import org.kdumpreceiver.crypto.SealedStreamException;
import org.kdumpreceiver.crypto.TruncatedSealException;
import org.kdumpreceiver.format.FlattenedRebuild;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.Sha256;
import org.kdumpreceiver.store.StoredFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Opens a dump with the operator's identity: decrypt, decompress, and optionally rebuild. */
@Command(name = "export", description = "Decrypt and decompress a dump's files into a directory.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    StoreOption storeOption;

    @Parameters(paramLabel = "ID", description = "Dump id, HOST/STAMP.")
    String id;

    @Option(names = {"-i", "--identity"}, required = true, paramLabel = "FILE",
            description = "age identity file (AGE-SECRET-KEY-1...), as written by keygen or age-keygen.")
    List<Path> identityFiles;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (default: ./HOST-STAMP).")
    Path output;

    @Option(names = "--file", paramLabel = "NAME", description = "Export only this file (repeatable).")
    List<String> only;

    @Option(names = "--rebuild", description = "Turn a flattened dump into the regular dump file, as"
            + " 'makedumpfile -R' does (refused for a truncated dump).")
    boolean rebuild;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DumpStore store = storeOption.store();
        Path dir = StoreOption.dir(store, id);
        Manifest manifest = StoreOption.manifests(store, List.of(id)).get(0);
        List<Identity> identities = new ArrayList<>();
        for (Path file : identityFiles) {
            identities.addAll(IdentityFile.read(file));
        }
        Path target = output != null ? output : Path.of(id.replace('/', '-'));
        Files.createDirectories(target);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        for (StoredFile f : manifest.files()) {
            if (only != null && !only.contains(f.clientName())) {
                continue;
            }
            if (!f.sealed() || f.storedName() == null) {
                err.printf("skipped %s: %s%n", f.clientName(), f.sealed() ? "nothing was stored" : "still receiving");
                continue;
            }
            try {
                out.println(export(dir.resolve(f.storedName()), f, identities, target.resolve(f.clientName())));
            } catch (NoMatchingIdentityException e) {
                err.printf("cannot open dump %s: %s (it is sealed to %s)%n", id, e.getMessage(),
                        String.join(", ", f.recipients()));
                return 1;
            } catch (IOException e) {
                err.printf("export of %s failed: %s%n", f.clientName(), e.getMessage());
                failures++;
            }
        }
        out.flush();
        err.flush();
        return failures == 0 ? 0 : 1;
    }

    private String export(Path stored, StoredFile f, List<Identity> identities, Path destination) throws IOException {
        boolean flattened = f.format() != null && f.format().startsWith("flattened");
        if (rebuild && flattened && !"complete".equals(f.verdict())) {
            throw new IOException("refusing to rebuild " + f.clientName() + ": it is " + f.verdict() + " ("
                    + f.reason() + "); export it without --rebuild to get the flattened stream as received");
        }
        MessageDigest digest = Sha256.newDigest();
        try (InputStream sealed = new BufferedInputStream(Files.newInputStream(stored), 1 << 16);
                InputStream opened = Opener.open(sealed, identities);
                InputStream plain = new DigestInputStream(new ZstdInputStreamNoFinalizer(opened), digest)) {
            long bytes;
            try {
                if (rebuild && flattened) {
                    bytes = FlattenedRebuild.rebuild(plain, destination);
                    plain.transferTo(OutputStream.nullOutputStream());
                } else {
                    bytes = copy(plain, destination);
                }
            } catch (TruncatedSealException e) {
                if (cutByStore(f)) {
                    return "exported " + destination + " (partial: the store kept this file as " + f.reason()
                            + "; " + Files.size(destination) + " bytes recovered)";
                }
                Files.deleteIfExists(destination);
                throw corrupted(f, e);
            } catch (SealedStreamException e) {
                Files.deleteIfExists(destination);
                throw corrupted(f, e);
            }
            String sha = Sha256.hex(digest.digest());
            if (f.sha256() != null && !sha.equals(f.sha256())) {
                Files.deleteIfExists(destination);
                throw new IOException(f.clientName() + " decrypted to content with sha256 " + sha
                        + " but the manifest recorded " + f.sha256());
            }
            return "exported " + destination + " (" + bytes + " bytes" + (rebuild && flattened ? ", rebuilt" : "") + ")";
        }
    }

    /**
     * Whether the store itself cut this file short (crash, full disk, I/O error, size limit): it may lack the
     * sealed stream's last chunk, so a partial export is expected rather than a sign of tampering.
     */
    private static boolean cutByStore(StoredFile f) {
        return VerdictReason.of(f.reason()).filter(r -> r.origin() == VerdictReason.Origin.STORE).isPresent();
    }

    private IOException corrupted(StoredFile f, IOException e) {
        return new IOException("stored file " + f.storedName() + " of dump " + id + " is corrupted: " + e.getMessage()
                + "; run 'kdump-receiver verify " + id + "'", e);
    }

    private static long copy(InputStream in, Path destination) throws IOException {
        try (OutputStream out = Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            return in.transferTo(out);
        }
    }
}
