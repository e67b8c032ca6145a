package org.kdumpreceiver.enrolment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The enrolled hosts' keys, {@code <state_dir>/hosts.json}: written by enrolment (ssh-copy-id) and by the
 * CLI ({@code hosts add}, {@code hosts revoke}), read by the SSH endpoint at each authentication when the
 * file changed, so revoking needs no restart.
 */
public final class HostRegistry {
    public static final String FILE = "hosts.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link #enrol} did. */
    public enum Result { ENROLLED, ALREADY_ENROLLED }

    private final StateFile file;
    private volatile Snapshot snapshot = new Snapshot(null, List.of(), Map.of());

    private record Snapshot(StateFile.Version version, List<EnrolledKey> keys, Map<String, EnrolledKey> byFingerprint) {}

    public HostRegistry(Path stateDir) {
        this.file = new StateFile(stateDir.resolve(FILE));
    }

    public Path path() {
        return file.path();
    }

    /** All keys, re-read if the file changed. */
    public List<EnrolledKey> keys() throws IOException {
        return current().keys();
    }

    /** The key with this fingerprint ({@code SHA256:...}), or null. */
    public EnrolledKey find(String fingerprint) throws IOException {
        return current().byFingerprint().get(fingerprint);
    }

    /** Adds {@code key} unless its fingerprint is already there. {@code check} may veto (returning why). */
    public Result enrol(EnrolledKey key, Function<List<EnrolledKey>, String> check) throws IOException, Refused {
        return file.update(content -> {
            List<EnrolledKey> keys = new ArrayList<>(parse(content));
            if (keys.stream().anyMatch(k -> k.fingerprint().equals(key.fingerprint()))) {
                return Result.ALREADY_ENROLLED;
            }
            String veto = check.apply(keys);
            if (veto != null) {
                throw new Refused(veto);
            }
            keys.add(key);
            write(keys);
            return Result.ENROLLED;
        });
    }

    /** Removes every key of host {@code nameOrFingerprint}, or the key with that fingerprint; returns them. */
    public List<EnrolledKey> revoke(String nameOrFingerprint) throws IOException {
        return file.update(content -> {
            List<EnrolledKey> keys = new ArrayList<>(parse(content));
            List<EnrolledKey> gone = keys.stream().filter(k -> k.host().equals(nameOrFingerprint)
                    || k.fingerprint().equals(nameOrFingerprint)).toList();
            if (!gone.isEmpty()) {
                keys.removeAll(gone);
                write(keys);
            }
            return gone;
        });
    }

    /** A veto from {@link #enrol}'s check, carried out of the lock. */
    public static final class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }

    private Snapshot current() throws IOException {
        StateFile.Version version = file.version();
        Snapshot s = snapshot;
        if (version == null ? s.version() == null && s.keys().isEmpty() : version.equals(s.version())) {
            return s;
        }
        synchronized (this) {
            version = file.version();
            List<EnrolledKey> keys = parse(file.read());
            s = new Snapshot(version, List.copyOf(keys),
                    keys.stream().collect(Collectors.toUnmodifiableMap(EnrolledKey::fingerprint, k -> k, (a, b) -> a)));
            snapshot = s;
            return s;
        }
    }

    private void write(List<EnrolledKey> keys) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode array = root.putArray("keys");
        for (EnrolledKey k : keys) {
            ObjectNode n = array.addObject();
            n.put("host", k.host());
            n.put("key", k.keyLine());
            n.put("type", k.type());
            n.put("fingerprint", k.fingerprint());
            n.put("from", k.from());
            n.put("enrolled_at", k.enrolledAt().toString());
            n.put("enrolled_from", k.enrolledFrom());
            n.put("token", k.tokenId());
            n.put("via", k.via());
        }
        file.replace(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private List<EnrolledKey> parse(byte[] content) throws IOException {
        if (content == null) {
            return List.of();
        }
        List<EnrolledKey> keys = new ArrayList<>();
        try {
            for (JsonNode n : JSON.readTree(content).path("keys")) {
                keys.add(new EnrolledKey(n.get("host").asText(), n.get("key").asText(), n.get("type").asText(),
                        n.get("fingerprint").asText(), EnrolmentTokens.text(n, "from"),
                        Instant.parse(n.get("enrolled_at").asText()), EnrolmentTokens.text(n, "enrolled_from"),
                        EnrolmentTokens.text(n, "token"), EnrolmentTokens.text(n, "via")));
            }
        } catch (RuntimeException e) {
            throw new IOException(file.path() + " is damaged (" + e.getMessage() + "); restore it from a backup"
                    + " or move it away (every host must then enrol again)", e);
        }
        return keys;
    }
}
