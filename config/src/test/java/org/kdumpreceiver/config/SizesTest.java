package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1073741824, 1073741824",
        "512MiB, 536870912",
        "10GiB, 10737418240",
        "16M, 16777216",
        "1T, 1099511627776",
        "4k, 4096",
        "1KB, 1000",
        "2MB, 2000000",
        "1.5GiB, 1610612736",
        "'512 MiB', 536870912",
        "100B, 100",
    })
    void parses(String text, long bytes) {
        assertEquals(bytes, Sizes.parse(text));
    }

    @Test
    void unknownUnitListsValidUnits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse("12QB"));
        assertTrue(e.getMessage().contains("'QB'"), e.getMessage());
        assertTrue(e.getMessage().contains("MiB") && e.getMessage().contains("GB"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "-1", "1.5", "abc", "1 2", "99999999999T"})
    void rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1000, 1024, 16L << 20, 3L << 30, (1L << 40) * 5, 1536, Long.MAX_VALUE})
    void formatReadsBack(long bytes) {
        assertEquals(bytes, Sizes.parse(Sizes.format(bytes)));
    }

    @Test
    void formatUsesLargestExactBinaryUnit() {
        assertEquals("16MiB", Sizes.format(16L << 20));
        assertEquals("1GiB", Sizes.format(1L << 30));
        assertEquals("1536MiB", Sizes.format(1536L << 20));
        assertEquals("1000", Sizes.format(1000));
    }
}
