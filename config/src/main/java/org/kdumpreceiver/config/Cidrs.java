package org.kdumpreceiver.config;

/** Checks CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) for NFS client lists. */
final class Cidrs {

    private Cidrs() {
    }

    /** @return null if {@code text} is a CIDR, otherwise what is wrong with it */
    static String problem(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return "'" + text + "' is not a CIDR: add the prefix length, e.g. " + text + "/32 for one IPv4 host"
                    + " or /128 for one IPv6 host";
        }
        String address = text.substring(0, slash);
        String prefix = text.substring(slash + 1);
        int maxPrefix;
        if (IpLiterals.isIpv4(address)) {
            maxPrefix = 32;
        } else if (IpLiterals.isIpv6(address)) {
            maxPrefix = 128;
        } else {
            return "'" + text + "' is not a CIDR: '" + address + "' is not an IPv4 or IPv6 address";
        }
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)
                || Integer.parseInt(prefix) > maxPrefix) {
            return "'" + text + "' is not a CIDR: prefix length must be 0.." + maxPrefix;
        }
        return null;
    }
}
