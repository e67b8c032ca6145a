package org.kdumpreceiver.crypto;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses the age header strictly: any deviation is an error, never guessed around. */
final class HeaderReader {
    // Real headers are a few hundred bytes; the caps bound memory on hostile input.
    private static final int MAX_LINE = 4096;
    private static final int MAX_STANZAS = 256;
    private static final int COLUMNS = 64;
    private static final String VERSION_PREFIX = "age-encryption.org/";

    private HeaderReader() {}

    static Header read(SourceReader source) throws IOException {
        ByteArrayOutputStream macInput = new ByteArrayOutputStream(512);
        try {
            return parse(source, macInput);
        } catch (EOFException e) {
            throw new TruncatedSealException("sealed file is truncated: it ends inside the age header at byte "
                    + source.offset() + ", before any payload");
        }
    }

    private static Header parse(SourceReader source, ByteArrayOutputStream macInput) throws IOException {
        byte[] first;
        try {
            first = source.readLine(Header.VERSION_LINE.length() + 64);
        } catch (SealedStreamException tooLong) {
            throw new SealedStreamException("not an age file: first line is not \"" + Header.VERSION_LINE + "\"");
        }
        if (first == null) {
            throw new TruncatedSealException("sealed file is empty (0 bytes), not even an age header");
        }
        String version = ascii(first);
        if (!version.equals(Header.VERSION_LINE)) {
            if (version.startsWith("-----BEGIN AGE ENCRYPTED FILE")) {
                throw new SealedStreamException("ASCII-armored age files are not supported; use binary age output");
            }
            // The spec keeps this prefix for every version: such a file is age, just not one we can read.
            if (version.startsWith(VERSION_PREFIX)) {
                throw new SealedStreamException("unsupported age format version \""
                        + version.substring(VERSION_PREFIX.length()) + "\": only " + Header.VERSION_LINE
                        + " files can be opened; decrypt it with an age release that reads that version");
            }
            throw new SealedStreamException("not an age file: first line is not \"" + Header.VERSION_LINE + "\"");
        }
        append(macInput, first);
        List<Stanza> stanzas = new ArrayList<>();
        while (true) {
            long lineStart = source.offset();
            byte[] raw = source.readLine(MAX_LINE);
            if (raw == null) {
                throw new EOFException();
            }
            String line = ascii(raw);
            if (line.startsWith("---")) {
                if (stanzas.isEmpty()) {
                    throw malformed(lineStart, "no recipient stanzas");
                }
                return finish(line, lineStart, stanzas, macInput, source.offset());
            }
            if (!line.startsWith("-> ")) {
                throw malformed(lineStart, "expected a recipient stanza (\"-> ...\") or the MAC line (\"--- ...\")");
            }
            if (stanzas.size() == MAX_STANZAS) {
                throw malformed(lineStart, "more than " + MAX_STANZAS + " recipient stanzas");
            }
            append(macInput, raw);
            stanzas.add(stanza(line, lineStart, source, macInput));
        }
    }

    private static Stanza stanza(String line, long lineStart, SourceReader source, ByteArrayOutputStream macInput)
            throws IOException {
        List<String> words = Arrays.asList(line.substring(3).split(" ", -1));
        for (String word : words) {
            if (word.isEmpty() || !word.chars().allMatch(c -> c >= 33 && c <= 126)) {
                throw malformed(lineStart, "invalid recipient stanza argument");
            }
        }
        StringBuilder body = new StringBuilder();
        while (true) {
            long bodyLineStart = source.offset();
            byte[] raw = source.readLine(COLUMNS);
            if (raw == null) {
                throw new EOFException();
            }
            append(macInput, raw);
            body.append(ascii(raw));
            if (raw.length < COLUMNS) {
                byte[] decoded = StrictBase64.decode(body.toString());
                if (decoded == null) {
                    throw malformed(bodyLineStart, "recipient stanza body is not canonical base64");
                }
                return new Stanza(words.get(0), words.subList(1, words.size()), decoded);
            }
        }
    }

    private static Header finish(String line, long lineStart, List<Stanza> stanzas,
                                 ByteArrayOutputStream macInput, long length) throws SealedStreamException {
        byte[] mac = line.startsWith("--- ") ? StrictBase64.decode(line.substring(4)) : null;
        if (mac == null || mac.length != Header.MAC_BYTES) {
            throw malformed(lineStart, "invalid MAC line");
        }
        macInput.writeBytes("---".getBytes(StandardCharsets.US_ASCII));
        return new Header(stanzas, macInput.toByteArray(), mac, length);
    }

    private static void append(ByteArrayOutputStream macInput, byte[] line) {
        macInput.writeBytes(line);
        macInput.write('\n');
    }

    private static String ascii(byte[] raw) throws SealedStreamException {
        for (byte b : raw) {
            if (b < 32 || b > 126) {
                throw new SealedStreamException("not an age file or corrupted header: non-text byte in the header");
            }
        }
        return new String(raw, StandardCharsets.US_ASCII);
    }

    private static SealedStreamException malformed(long offset, String reason) {
        return new SealedStreamException("malformed age header at byte " + offset + ": " + reason);
    }
}
