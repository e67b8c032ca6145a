package org.kdumpreceiver.store;

import java.util.List;
import org.kdumpreceiver.crypto.Recipient;

/** How every stored file is written: zstd at {@code zstdLevel}, sealed to {@code recipients}. */
public record SealingPolicy(List<Recipient> recipients, int zstdLevel, long maxFileBytes, long minFreeBytes) {
    public SealingPolicy {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one age recipient is needed to seal dumps");
        }
    }

    String compressionLabel() {
        return "zstd:" + zstdLevel;
    }

    List<String> recipientStrings() {
        return recipients.stream().map(Recipient::encoded).toList();
    }
}
