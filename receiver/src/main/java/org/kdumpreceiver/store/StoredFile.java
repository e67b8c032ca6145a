package org.kdumpreceiver.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * One file of a dump as the manifest records it. {@code state} is {@code receiving} while bytes still
 * arrive and {@code sealed} once the stored file is durable under {@code stored_name}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StoredFile(
        String clientName,
        String clientPath,
        String storedName,
        String state,
        Long bytesIn,
        Long bytesStored,
        String sha256,
        String sha256Stored,
        String format,
        String verdict,
        String reason,
        String compression,
        List<String> recipients,
        String startedAt,
        String finishedAt,
        Long bytesPerSecond,
        List<Rename> renames) {

    public static final String RECEIVING = "receiving";
    public static final String SEALED = "sealed";

    public StoredFile {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        renames = renames == null ? List.of() : List.copyOf(renames);
    }

    public record Rename(String from, String to, String at) {}

    public boolean sealed() {
        return SEALED.equals(state);
    }

    StoredFile renamedTo(String newClientName, String newClientPath, String newStoredName, String at) {
        List<Rename> history = new ArrayList<>(renames);
        history.add(new Rename(clientName, newClientName, at));
        return new StoredFile(newClientName, newClientPath, newStoredName, state, bytesIn, bytesStored, sha256,
                sha256Stored, format, verdict, reason, compression, recipients, startedAt, finishedAt,
                bytesPerSecond, history);
    }
}
