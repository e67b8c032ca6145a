package org.kdumpreceiver.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The credentials scrapers may present, read once at start-up from {@code metrics.bearer_token_file}
 * and {@code metrics.basic_auth_file}. Only SHA-256 digests are kept and compared in constant time;
 * no message ever contains a secret, only the file and line.
 */
final class Credentials {
    static final Credentials NONE = new Credentials(List.of(), false, false);

    private final List<byte[]> digests;
    private final boolean bearer;
    private final boolean basic;

    private Credentials(List<byte[]> digests, boolean bearer, boolean basic) {
        this.digests = List.copyOf(digests);
        this.bearer = bearer;
        this.basic = basic;
    }

    /** @param tokenFile null for no bearer token; @param usersFile null for no basic auth */
    static Credentials load(Path tokenFile, Path usersFile) throws IOException {
        if (tokenFile == null && usersFile == null) {
            return NONE;
        }
        List<byte[]> digests = new ArrayList<>();
        if (tokenFile != null) {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
                throw new IOException("metrics.bearer_token_file " + tokenFile
                        + ": expected one token without spaces on a single line");
            }
            digests.add(digest("bearer", token));
        }
        if (usersFile != null) {
            List<String> lines = Files.readAllLines(usersFile, StandardCharsets.UTF_8);
            int users = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || colon == line.length() - 1) {
                    throw new IOException("metrics.basic_auth_file " + usersFile + " line " + (i + 1)
                            + ": expected user:password with neither empty");
                }
                digests.add(digest("basic", line));
                users++;
            }
            if (users == 0) {
                throw new IOException("metrics.basic_auth_file " + usersFile + ": no user:password line");
            }
        }
        return new Credentials(digests, tokenFile != null, usersFile != null);
    }

    boolean required() {
        return !digests.isEmpty();
    }

    /** The {@code WWW-Authenticate} challenge for a 401. */
    String challenge() {
        return basic ? "Basic realm=\"kdump-receiver\", charset=\"UTF-8\"" : "Bearer realm=\"kdump-receiver\"";
    }

    /** Whether an {@code Authorization} header value (null when absent) carries accepted credentials. */
    boolean accepts(String authorization) {
        if (!required()) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = value.substring(space + 1).strip();
        byte[] presented;
        if (scheme.equals("bearer") && bearer) {
            presented = digest("bearer", credentials);
        } else if (scheme.equals("basic") && basic) {
            try {
                presented = digest("basic", new String(Base64.getDecoder().decode(credentials),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        } else {
            return false;
        }
        boolean match = false;
        for (byte[] d : digests) {
            match |= MessageDigest.isEqual(d, presented); // no early exit: every entry costs the same
        }
        return match;
    }

    private static byte[] digest(String scheme, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(scheme.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
