package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class FieldsTest {

    @Test
    void fileValueWinsOverDefault() {
        ErrorList errors = new ErrorList();
        YamlFile defaults = YamlFile.parse("embedded default", "compression:\n  level: 3\n", errors);
        YamlFile file = YamlFile.parse("my.yaml", "compression:\n  level: 7\n", errors);
        Fields f = new Fields(file, defaults, errors);
        assertEquals(7, f.integer(Keys.COMPRESSION_LEVEL, 1, 19));
        assertEquals(true, f.isFromFile(Keys.COMPRESSION_LEVEL));
        assertEquals(false, f.isFromFile(Keys.STATE_DIR));
    }

    @Test
    void badDefaultIsReportedAtTheDefaultWithAHintToOverride() {
        ErrorList errors = new ErrorList();
        YamlFile defaults = YamlFile.parse("embedded default", "# first\ncompression:\n  level: 30\n", errors);
        YamlFile file = YamlFile.parse("my.yaml", "", errors);
        Fields f = new Fields(file, defaults, errors);
        assertNull(f.integer(Keys.COMPRESSION_LEVEL, 1, 19));
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, errors::throwIfAny);
        TestSupport.assertError(e, "embedded default", 3, "compression.level", "found 30",
                "built-in default; set compression.level in my.yaml");
    }
}
