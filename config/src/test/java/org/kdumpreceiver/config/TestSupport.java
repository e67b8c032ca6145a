package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

final class TestSupport {

    /** Stand-in for the crypto module's check: age1 plus 58 characters. */
    static final Function<String, String> RECIPIENTS =
            s -> s.startsWith("age1") && s.length() == 62 ? null : "expected age1 followed by 58 characters";

    static final String RECIPIENT = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

    private TestSupport() {
    }

    static Path write(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    static ReceiverConfig load(Path dir, String yaml) throws Exception {
        return ConfigLoader.load(write(dir, yaml), RECIPIENTS);
    }

    static ConfigException failure(Path dir, String yaml) throws IOException {
        Path file = write(dir, yaml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(file, RECIPIENTS));
    }

    /** Asserts that an error with this file, line and key exists and its message contains each fragment. */
    static ConfigError assertError(ConfigException e, String file, int line, String key, String... fragments) {
        for (ConfigError error : e.errors()) {
            if (error.file().equals(file) && error.line() == line && error.key().equals(key)) {
                for (String fragment : fragments) {
                    if (!error.message().contains(fragment)) {
                        fail("message of " + error + " lacks '" + fragment + "'");
                    }
                }
                return error;
            }
        }
        return fail("no error " + file + ":" + line + ": " + key + " among:\n" + e.getMessage());
    }
}
