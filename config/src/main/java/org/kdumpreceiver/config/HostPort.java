package org.kdumpreceiver.config;

import java.util.Objects;

/**
 * A listen address: an IPv4 literal, an IPv6 literal (stored without brackets) or a host name,
 * and a port. Port 0 asks the OS for a free port, which tests use.
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong and what is expected
     */
    public static HostPort parse(String text) {
        String s = text.strip();
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw bad(text, "missing ']' after the IPv6 address");
            }
            host = s.substring(1, close);
            if (!IpLiterals.isIpv6(host)) {
                throw bad(text, "'" + host + "' is not an IPv6 address");
            }
            if (!s.startsWith(":", close + 1)) {
                throw bad(text, "missing ':port' after ']'");
            }
            portText = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw bad(text, "missing ':port'");
            }
            host = s.substring(0, colon);
            portText = s.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw bad(text, "IPv6 addresses must be in brackets, e.g. [::1]:2222");
            }
            if (host.isEmpty()) {
                throw bad(text, "missing host; use 0.0.0.0:PORT to listen on all IPv4 addresses");
            }
            if (!IpLiterals.isIpv4(host) && !IpLiterals.isHostname(host)) {
                throw bad(text, "'" + host + "' is neither an IP address nor a host name");
            }
        }
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
            throw bad(text, "port '" + portText + "' is not a number 0..65535");
        }
        int port = Integer.parseInt(portText);
        if (port > 65535) {
            throw bad(text, "port " + port + " is outside 0..65535");
        }
        return new HostPort(host, port);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not host:port (" + why + ")");
    }

    /** The form {@link #parse} accepts: {@code host:port} or {@code [ipv6]:port}. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
