package org.kdumpreceiver.config;

/**
 * One problem found in a configuration.
 *
 * @param file the config file as given, or {@code "embedded default"}
 * @param line 1-based line of the offending value or key; 0 when the problem concerns the whole
 *             file (e.g. it cannot be read)
 * @param key dotted key such as {@code limits.max_sessions}, {@code encryption.recipients[1]}, or
 *            {@code (document)} / {@code (yaml)} for problems with the file as a whole
 * @param message what is wrong and what is expected
 */
public record ConfigError(String file, int line, String key, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + key + ": " + message;
    }
}
