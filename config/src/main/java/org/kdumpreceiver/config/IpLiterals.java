package org.kdumpreceiver.config;

import java.util.regex.Pattern;

/**
 * Recognises IP address literals by their text alone. InetAddress is avoided on purpose: given
 * something that is not a literal it falls back to a DNS lookup, and checking a config file must
 * neither block on nor depend on the resolver.
 */
final class IpLiterals {

    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern HOSTNAME_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private IpLiterals() {
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return false;
            }
            // A leading zero is read as octal by some tools (inet_aton), so refuse the ambiguity.
            if (part.length() > 1 && part.charAt(0) == '0') {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String text) {
        String s = text;
        if (s.indexOf('.') >= 0) {
            // Only the last 32 bits may be written as IPv4 (::ffff:192.0.2.1); count them as two groups.
            int lastColon = s.lastIndexOf(':');
            if (lastColon < 0 || !isIpv4(s.substring(lastColon + 1))) {
                return false;
            }
            s = s.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon < 0) {
            return hexGroups(s) == 8;
        }
        if (s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int head = hexGroups(s.substring(0, doubleColon));
        int tail = hexGroups(s.substring(doubleColon + 2));
        return head >= 0 && tail >= 0 && head + tail <= 7;
    }

    /**
     * The address bytes exactly as written: 4 for IPv4, 16 for IPv6 (an IPv4-mapped address stays 16 bytes;
     * {@link IpAddress} decides what it means). Null if {@code s} is not a literal.
     */
    static byte[] bytes(String s) {
        if (isIpv4(s)) {
            return ipv4(s);
        }
        if (!isIpv6(s)) {
            return null;
        }
        byte[] out = new byte[16];
        String groups = s;
        byte[] lastFour = null;
        if (s.indexOf('.') >= 0) {
            int lastColon = s.lastIndexOf(':');
            lastFour = ipv4(s.substring(lastColon + 1));
            groups = s.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = groups.indexOf("::");
        String[] head = split(doubleColon < 0 ? groups : groups.substring(0, doubleColon));
        String[] tail = doubleColon < 0 ? new String[0] : split(groups.substring(doubleColon + 2));
        for (int i = 0; i < head.length; i++) {
            putGroup(out, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(out, 8 - tail.length + i, tail[i]);
        }
        if (lastFour != null) {
            System.arraycopy(lastFour, 0, out, 12, 4);
        }
        return out;
    }

    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.");
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) Integer.parseInt(parts[i]);
        }
        return out;
    }

    private static String[] split(String groups) {
        return groups.isEmpty() ? new String[0] : groups.split(":");
    }

    private static void putGroup(byte[] out, int index, String group) {
        int value = Integer.parseInt(group, 16);
        out[2 * index] = (byte) (value >> 8);
        out[2 * index + 1] = (byte) value;
    }

    /** Number of colon-separated hex groups, or -1 if any group is malformed. */
    private static int hexGroups(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] groups = s.split(":", -1);
        for (String group : groups) {
            if (!HEX_GROUP.matcher(group).matches()) {
                return -1;
            }
        }
        return groups.length;
    }

    static boolean isHostname(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        String name = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        for (String label : name.split("\\.", -1)) {
            if (!HOSTNAME_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // All-numeric dotted names are mistyped IPv4 addresses, not hostnames.
        return !name.matches("[0-9.]+");
    }
}
