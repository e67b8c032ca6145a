package org.kdumpreceiver.enrolment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The standing enrolment password ({@code kdump-receiver hosts set-password}), for fleets too large for
 * one token per host. Stored only as a salted hash in {@code <state_dir>/enrolment-password}; accepted
 * only when {@code enrolment.password_enabled} is true and from {@code enrolment.password_clients}.
 */
public final class EnrolmentPassword {
    public static final String FILE = "enrolment-password";
    /** Shorter passwords are refused: this one opens enrolment to whole networks. */
    public static final int MIN_LENGTH = 12;

    private final StateFile file;

    public EnrolmentPassword(Path stateDir) {
        this.file = new StateFile(stateDir.resolve(FILE));
    }

    public Path path() {
        return file.path();
    }

    public void set(String password) throws IOException {
        if (password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the enrolment password must have at least " + MIN_LENGTH
                    + " characters: it lets any host of the allowed networks enrol");
        }
        String hash = SecretHash.hash(password, SecretHash.PASSWORD_ITERATIONS) + "\n";
        file.update(current -> {
            file.replace(hash.getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }

    public boolean isSet() throws IOException {
        return file.read() != null;
    }

    /** Read at each attempt, so {@code set-password} takes effect without a restart. */
    public boolean matches(String password) throws IOException {
        byte[] stored = file.read();
        return stored != null && SecretHash.matches(password, new String(stored, StandardCharsets.UTF_8).strip());
    }
}
