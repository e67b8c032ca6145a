package org.kdumpreceiver.ssh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address half of OpenSSH's {@code from="pattern-list"}: comma-separated patterns with {@code *}
 * and {@code ?} wildcards or CIDR blocks, {@code !} negating (a negated match refuses outright).
 * Host-name patterns are not resolved (no DNS on this path); they match only the literal address.
 */
final class AddressPattern {
    private final List<String> patterns;

    AddressPattern(String list) {
        this.patterns = List.of(list.split(","));
    }

    boolean matches(String address) {
        boolean matched = false;
        for (String raw : patterns) {
            String p = raw.trim();
            boolean negated = p.startsWith("!");
            if (negated) {
                p = p.substring(1);
            }
            if (p.isEmpty() || !one(p, address)) {
                continue;
            }
            if (negated) {
                return false;
            }
            matched = true;
        }
        return matched;
    }

    private static boolean one(String pattern, String address) {
        int slash = pattern.indexOf('/');
        if (slash > 0) {
            return inCidr(pattern.substring(0, slash), pattern.substring(slash + 1), address);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return address.matches(regex.toString());
    }

    private static boolean inCidr(String network, String bits, String address) {
        try {
            byte[] net = InetAddress.getByName(literal(network)).getAddress();
            byte[] addr = InetAddress.getByName(literal(address)).getAddress();
            int prefix = Integer.parseInt(bits);
            if (net.length != addr.length || prefix < 0 || prefix > net.length * 8) {
                return false;
            }
            for (int i = 0; i < prefix; i++) {
                int mask = 0x80 >> (i % 8);
                if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** Only IP literals are looked at, so InetAddress never does a DNS lookup here. */
    private static String literal(String s) throws UnknownHostException {
        if (!s.matches("[0-9a-fA-F:.%]+")) {
            throw new UnknownHostException("not an address literal: " + s);
        }
        return s;
    }
}
