package org.kdumpreceiver.crypto;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * One rule of the age v1 specification: a hand-built file that follows or breaks it, and what opening
 * that file must do. {@code released} is how many bytes of the file's chunk plaintext must come out
 * before a payload failure (all authenticated plaintext, as age's own suite expects); {@code says} is
 * a fragment of the error message, which is what a sysadmin gets to act on.
 */
record SpecCase(String rule, Outcome outcome, Class<? extends IOException> failure, String says, int released,
                Supplier<AgeVector> file) {
    enum Outcome { OPENS, REFUSED_AT_OPEN, FAILS_IN_PAYLOAD }

    static SpecCase opens(String rule, Supplier<AgeVector> file) {
        return new SpecCase(rule, Outcome.OPENS, null, null, -1, file);
    }

    /** Opener.open itself throws: a header fault, no matching identity, or no payload nonce. */
    static SpecCase refused(String rule, Class<? extends IOException> failure, String says, Supplier<AgeVector> file) {
        return new SpecCase(rule, Outcome.REFUSED_AT_OPEN, failure, says, 0, file);
    }

    static SpecCase failsInPayload(String rule, Class<? extends IOException> failure, String says, int released,
                                   Supplier<AgeVector> file) {
        return new SpecCase(rule, Outcome.FAILS_IN_PAYLOAD, failure, says, released, file);
    }

    @Override
    public String toString() {
        return rule;
    }
}
