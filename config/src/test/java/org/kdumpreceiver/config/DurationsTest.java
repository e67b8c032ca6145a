package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "10m, PT10M", "1h, PT1H", "1h30m, PT1H30M", "2d, PT48H", "500ms, PT0.5S",
        "1m30s, PT1M30S", "0s, PT0S"})
    void parses(String text, String iso) {
        assertEquals(Duration.parse(iso), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "10x", "m", "30m1h", "1h1h", "1.5h", "-5s", "10 m", "999999999999999999d"})
    void rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @Test
    void bareNumberAsksForUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("600"));
        assertTrue(e.getMessage().contains("600s"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"PT10M, 10m", "PT1H30M, 1h30m", "PT0S, 0s", "PT50H, 2d2h", "PT1.25S, 1s250ms"})
    void formats(String iso, String text) {
        assertEquals(text, Durations.format(Duration.parse(iso)));
        assertEquals(Duration.parse(iso), Durations.parse(text));
    }
}
