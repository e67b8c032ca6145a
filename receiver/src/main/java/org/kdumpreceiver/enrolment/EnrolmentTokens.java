package org.kdumpreceiver.enrolment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kdumpreceiver.config.Cidr;
import org.kdumpreceiver.ingest.AuthFailure;

/**
 * One-time enrolment tokens ({@code kdump-receiver hosts token}) in {@code <state_dir>/enrolment-tokens.json}.
 * The daemon reads the file at every password attempt, so a token issued by the CLI works at once.
 * A use is counted only when a key is actually enrolled with it.
 */
public final class EnrolmentTokens {
    public static final String FILE = "enrolment-tokens.json";
    /** Expired tokens are kept this long so that a late attempt is logged as "expired", not "wrong". */
    private static final Duration KEEP_EXPIRED = Duration.ofDays(7);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A new token: the secret is shown once and never stored. */
    public record Issued(Token token, String secret) {}

    private final StateFile file;
    private final Clock clock;

    public EnrolmentTokens(Path stateDir, Clock clock) {
        this.file = new StateFile(stateDir.resolve(FILE));
        this.clock = clock;
    }

    public Issued issue(Duration ttl, int uses, String cidr, String host) throws IOException {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("--ttl must be positive");
        }
        if (uses < 1) {
            throw new IllegalArgumentException("--uses must be at least 1");
        }
        if (cidr != null) {
            try {
                Cidr.parse(cidr);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cidr: " + e.getMessage(), e);
            }
        }
        String secret = SecretHash.randomText(26);
        Instant now = clock.instant();
        Token token = new Token(SecretHash.randomText(8), SecretHash.hash(secret, SecretHash.TOKEN_ITERATIONS), now,
                now.plus(ttl), uses, 0, cidr, host);
        file.update(current -> {
            List<Token> tokens = new ArrayList<>(parse(current));
            tokens.removeIf(t -> t.expires().plus(KEEP_EXPIRED).isBefore(now));
            tokens.add(token);
            write(tokens);
            return null;
        });
        return new Issued(token, secret);
    }

    /** The token whose secret this is (valid or not), or null. */
    public Token match(String secret) throws IOException {
        for (Token t : list()) {
            if (SecretHash.matches(secret, t.hash())) {
                return t;
            }
        }
        return null;
    }

    /**
     * Counts one use of token {@code id}, checking again under the lock (another session may have used it up
     * meanwhile). Returns null on success, else why not.
     */
    public Token.Refusal consume(String id, String address) throws IOException {
        Instant now = clock.instant();
        return file.update(current -> {
            List<Token> tokens = new ArrayList<>(parse(current));
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.id().equals(id)) {
                    Token.Refusal refusal = t.refusal(now, address);
                    if (refusal == null) {
                        tokens.set(i, t.usedOnce());
                        write(tokens);
                    }
                    return refusal;
                }
            }
            // Revoked since the login it opened: a login with it now would match no token.
            return new Token.Refusal(AuthFailure.BAD_PASSWORD, "token " + id + " no longer exists");
        });
    }

    public List<Token> list() throws IOException {
        return parse(file.read());
    }

    private void write(List<Token> tokens) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode array = root.putArray("tokens");
        for (Token t : tokens) {
            ObjectNode n = array.addObject();
            n.put("id", t.id());
            n.put("hash", t.hash());
            n.put("created", t.created().toString());
            n.put("expires", t.expires().toString());
            n.put("max_uses", t.maxUses());
            n.put("used", t.used());
            n.put("cidr", t.cidr());
            n.put("host", t.host());
        }
        file.replace(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private List<Token> parse(byte[] content) throws IOException {
        if (content == null) {
            return List.of();
        }
        List<Token> tokens = new ArrayList<>();
        try {
            for (JsonNode n : JSON.readTree(content).path("tokens")) {
                tokens.add(new Token(n.get("id").asText(), n.get("hash").asText(),
                        Instant.parse(n.get("created").asText()), Instant.parse(n.get("expires").asText()),
                        n.get("max_uses").asInt(), n.get("used").asInt(), text(n, "cidr"), text(n, "host")));
            }
        } catch (RuntimeException e) {
            throw new IOException(file.path() + " is damaged (" + e.getMessage() + "); move it away to start"
                    + " with no tokens", e);
        }
        return tokens;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
