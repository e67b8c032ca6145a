package org.kdumpreceiver.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kdumpreceiver.config.Cidr;
import org.kdumpreceiver.config.IpAddress;

/**
 * OpenSSH's {@code from="pattern-list"} over the client's address: the one grammar for where a key may be used
 * from, whether the key is in authorized_keys or in the host registry ({@code hosts add --from} checks with
 * {@link #parse}, enrolment stores a {@link Cidr}, which is one entry of it).
 *
 * <p>Entries are separated by commas (blanks around them are ignored); a leading {@code !} negates one:
 * <ul>
 * <li>an entry with {@code /} is a {@link Cidr}; a malformed one makes the list unusable, as in OpenSSH,
 *     rather than an entry that silently never matches;
 * <li>an IPv4 or IPv6 address is that one host, compared as an address ({@code 2001:db8::1} is
 *     {@code 2001:db8:0:0:0:0:0:1}); text that can only be meant as one ({@code 10.0.0.300}, anything with
 *     {@code :}) must be one;
 * <li>anything else is a pattern with {@code *} and {@code ?} over the address as OpenSSH writes it (dotted
 *     quad, or RFC 5952 IPv6; an IPv4-mapped client is IPv4). Host-name patterns are valid, as in OpenSSH,
 *     but never resolved (no DNS on the login path), so they match no client.
 * </ul>
 * A list matches when some entry does and no negated entry does; negations alone match no client.
 */
public final class AddressPattern {
    private final String text;
    private final List<Entry> entries;

    private record Entry(boolean negated, Cidr network, String wildcard) {
        boolean matches(IpAddress client, String clientText) {
            return network != null ? network.contains(client) : glob(wildcard, clientText);
        }
    }

    private AddressPattern(String text, List<Entry> entries) {
        this.text = text;
        this.entries = entries;
    }

    /** @throws IllegalArgumentException saying which entry of {@code list} is unusable and why */
    public static AddressPattern parse(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("the address pattern list is empty; list networks (10.0.0.0/8),"
                    + " addresses or patterns (10.1.*), or leave the restriction out");
        }
        List<Entry> entries = new ArrayList<>();
        for (String raw : list.split(",", -1)) {
            String entry = raw.strip();
            boolean negated = entry.startsWith("!");
            String body = negated ? entry.substring(1) : entry;
            try {
                entries.add(entry(negated, body));
            } catch (IllegalArgumentException e) {
                throw list.indexOf(',') < 0 ? e
                        : new IllegalArgumentException("in '" + list + "': " + e.getMessage(), e);
            }
        }
        return new AddressPattern(list, List.copyOf(entries));
    }

    private static Entry entry(boolean negated, String body) {
        if (body.isEmpty()) {
            throw new IllegalArgumentException("an entry is empty; separate entries with a single comma and"
                    + " write '!' right before the entry it negates");
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '"') {
                throw new IllegalArgumentException("'" + body + "' contains a blank, quote or control"
                        + " character; separate entries with commas");
            }
        }
        if (body.indexOf('/') >= 0) {
            return new Entry(negated, Cidr.parse(body), null);
        }
        boolean wildcard = body.indexOf('*') >= 0 || body.indexOf('?') >= 0;
        if (!wildcard && (body.indexOf(':') >= 0 || body.matches("[0-9.]+"))) {
            IpAddress host = IpAddress.parse(body);
            return new Entry(negated, Cidr.parse(host + (host.isIpv4() ? "/32" : "/128")), null);
        }
        return new Entry(negated, null, body.toLowerCase(Locale.ROOT));
    }

    /** @param address the client's address as the SSH endpoint writes it; anything else matches nothing */
    public boolean matches(String address) {
        IpAddress client = IpAddress.ofPeer(address);
        if (client == null) {
            return false;
        }
        String clientText = client.toString();
        boolean matched = false;
        for (Entry e : entries) {
            if (e.matches(client, clientText)) {
                if (e.negated()) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    /** {@code *} any run of characters, {@code ?} exactly one; on a mismatch the last {@code *} takes one more. */
    private static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < text.length()) {
            char c = p < pattern.length() ? pattern.charAt(p) : 0;
            if (p < pattern.length() && c != '*' && (c == '?' || c == text.charAt(t))) {
                p++;
                t++;
            } else if (c == '*') {
                star = p++;
                starText = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** The list as written. */
    @Override
    public String toString() {
        return text;
    }
}
