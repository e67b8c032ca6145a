package org.kdumpreceiver.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The description of one dump directory, written as {@code manifest.json} beside the sealed files. It
 * is the only plaintext in the directory, so it holds facts about the transfer, never dump content.
 */
public record Manifest(
        int manifestVersion,
        String id,
        String host,
        String clientAddress,
        String protocol,
        ClientPaths clientPaths,
        String createdAt,
        List<StoredFile> files) {

    public static final int VERSION = 1;

    public Manifest {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** What the client called its directory and its files (the current names, after any rename). */
    public record ClientPaths(String directory, List<String> files) {
        public ClientPaths {
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    public StoredFile file(String clientName) {
        for (StoredFile f : files) {
            if (f.clientName().equals(clientName)) {
                return f;
            }
        }
        return null;
    }

    Manifest withFile(StoredFile added) {
        List<StoredFile> next = new ArrayList<>(files);
        next.add(added);
        return withFiles(next);
    }

    Manifest replacing(String clientName, UnaryOperator<StoredFile> change) {
        List<StoredFile> next = new ArrayList<>(files.size());
        for (StoredFile f : files) {
            next.add(f.clientName().equals(clientName) ? change.apply(f) : f);
        }
        return withFiles(next);
    }

    Manifest replacingStored(String storedName, UnaryOperator<StoredFile> change) {
        List<StoredFile> next = new ArrayList<>(files.size());
        for (StoredFile f : files) {
            next.add(storedName.equals(f.storedName()) ? change.apply(f) : f);
        }
        return withFiles(next);
    }

    private Manifest withFiles(List<StoredFile> next) {
        List<String> paths = next.stream().map(StoredFile::clientPath).toList();
        return new Manifest(manifestVersion, id, host, clientAddress, protocol,
                new ClientPaths(clientPaths.directory(), paths), createdAt, next);
    }
}
