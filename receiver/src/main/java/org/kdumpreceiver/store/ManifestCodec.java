package org.kdumpreceiver.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** manifest.json in snake_case, pretty-printed so an operator can read it with cat. */
public final class ManifestCodec {
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestCodec() {}

    public static Manifest read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new IOException("cannot read manifest " + file + ": " + e.getMessage(), e);
        }
    }

    static byte[] encode(Manifest manifest) throws IOException {
        byte[] body = JSON.writeValueAsBytes(manifest);
        byte[] withNewline = java.util.Arrays.copyOf(body, body.length + 1);
        withNewline[body.length] = '\n';
        return withNewline;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    static boolean exists(Path dumpDir) {
        return Files.isRegularFile(dumpDir.resolve(DumpStore.MANIFEST));
    }
}
