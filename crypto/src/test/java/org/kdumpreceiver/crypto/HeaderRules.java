package org.kdumpreceiver.crypto;

import static org.kdumpreceiver.crypto.SpecCase.opens;
import static org.kdumpreceiver.crypto.SpecCase.refused;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The age v1 header rules: version line, recipient stanza syntax, canonical base64 and the header MAC.
 * Every file but the broken part is valid, with a real X25519 stanza for the test identity, so the
 * one broken rule is the only reason to refuse it.
 */
final class HeaderRules {
    private static final byte[] PLAINTEXT = "kernel panic - not syncing".getBytes(StandardCharsets.US_ASCII);
    private static final Class<SealedStreamException> SEALED = SealedStreamException.class;

    private HeaderRules() {}

    static List<SpecCase> cases(byte[] recipientKey) {
        byte[] k = recipientKey;
        return List.of(
                opens("a file built from the spec, one X25519 stanza", () -> rest(valid(k))),

                // version line
                refused("version line: only age-encryption.org/v1 is read", SEALED, "unsupported age format version",
                        () -> rest(new AgeVector().line("age-encryption.org/v2").x25519(k))),
                refused("version line ending in CRLF", SEALED, "non-text byte",
                        () -> rest(new AgeVector().line(AgeVector.VERSION_LINE + "\r").x25519(k))),
                refused("no version line", SEALED, "not an age file", () -> rest(new AgeVector().x25519(k))),
                refused("empty file", TruncatedSealException.class, "empty", AgeVector::new),

                // recipient stanzas
                opens("unknown stanza types are ignored; every VCHAR is allowed in arguments",
                        () -> rest(valid(k).stanza("-> " + everyVisibleCharacter(), new byte[0]))),
                opens("stanza with an empty body (one empty line)",
                        () -> rest(valid(k).stanza("-> grease", new byte[0]))),
                opens("body filling one whole line, then an empty final line",
                        () -> rest(valid(k).stanza("-> grease", new byte[48]))),
                opens("body filling two whole lines, then an empty final line",
                        () -> rest(valid(k).stanza("-> grease", new byte[96]))),
                opens("body of a full line and a short line", () -> rest(valid(k).stanza("-> grease", new byte[50]))),
                refused("argument line \"->\" without arguments", SEALED, "expected a recipient stanza",
                        () -> rest(valid(k).line("->").line(""))),
                refused("argument line \"-> \" with an empty argument", SEALED, "invalid recipient stanza argument",
                        () -> rest(valid(k).line("-> ").line(""))),
                refused("two spaces between arguments", SEALED, "invalid recipient stanza argument",
                        () -> rest(valid(k).line("-> grease  x").line(""))),
                refused("space after the last argument", SEALED, "invalid recipient stanza argument",
                        () -> rest(valid(k).line("-> grease x ").line(""))),
                refused("non-ASCII byte in an argument", SEALED, "non-text byte",
                        () -> rest(valid(k).line("-> grease caf\u00e9").line(""))),
                refused("tab in an argument line", SEALED, "non-text byte",
                        () -> rest(valid(k).line("-> grease\tx").line(""))),
                refused("stanza line not starting with \"-> \"", SEALED, "expected a recipient stanza",
                        () -> rest(valid(k).line("-- grease").line(""))),
                refused("body line longer than 64 columns", SEALED, "longer than 64",
                        () -> rest(valid(k).line("-> grease").line("A".repeat(68)).line(""))),
                refused("body without its final short line", SEALED, "malformed age header",
                        () -> rest(valid(k).line("-> grease").line("A".repeat(64)))),
                refused("stanza without any body line", SEALED, "malformed age header",
                        () -> rest(valid(k).line("-> grease"))),
                refused("a second short body line", SEALED, "expected a recipient stanza",
                        () -> rest(valid(k).line("-> grease").line("A".repeat(32)).line("A".repeat(32)))),
                refused("body padded with '='", SEALED, "not canonical base64",
                        () -> rest(bodyLines(valid(k).line("-> grease"), AgeVector.base64(new byte[50]) + "="))),
                refused("body with non-zero unused bits", SEALED, "not canonical base64",
                        () -> rest(bodyLines(valid(k).line("-> grease"), AgeVector.nonCanonical(new byte[50])))),
                refused("CR inside a body line", SEALED, "non-text byte",
                        () -> rest(valid(k).line("-> grease").line("A".repeat(32) + "\r" + "A".repeat(31)))),
                refused("header without any stanza", SEALED, "no recipient stanzas",
                        () -> rest(new AgeVector().versionLine())),

                // header MAC
                refused("MAC keyed by another file key", SEALED, "header MAC mismatch", () -> {
                    AgeVector v = valid(k);
                    return v.line(v.macLine(AgeVector.random(16), "---")).payload(PLAINTEXT);
                }),
                refused("MAC over the header including the space after \"---\"", SEALED, "header MAC mismatch", () -> {
                    AgeVector v = valid(k);
                    return v.line(v.macLine(v.fileKey(), "--- ")).payload(PLAINTEXT);
                }),
                refused("MAC over the header without the \"---\" mark", SEALED, "header MAC mismatch", () -> {
                    AgeVector v = valid(k);
                    return v.line(v.macLine(v.fileKey(), "")).payload(PLAINTEXT);
                }),
                refused("MAC line \"---\" without a MAC", SEALED, "invalid MAC line",
                        () -> valid(k).line("---").payload(PLAINTEXT)),
                refused("no space after \"---\"", SEALED, "invalid MAC line",
                        () -> macLine(valid(k), line -> line.replace("--- ", "---"))),
                refused("two spaces after \"---\"", SEALED, "invalid MAC line",
                        () -> macLine(valid(k), line -> line.replace("--- ", "---  "))),
                refused("space after the MAC", SEALED, "invalid MAC line", () -> macLine(valid(k), line -> line + " ")),
                refused("characters after the MAC", SEALED, "invalid MAC line",
                        () -> macLine(valid(k), line -> line + "AAA")),
                refused("MAC cut short", SEALED, "invalid MAC line",
                        () -> macLine(valid(k), line -> line.substring(0, 8))),
                refused("MAC with non-zero unused bits (decodes to the right MAC)", SEALED, "invalid MAC line",
                        () -> macLine(valid(k), line -> "--- " + AgeVector.nonCanonical(decode(line.substring(4))))),
                refused("MAC padded with '=' (decodes to the right MAC)", SEALED, "invalid MAC line",
                        () -> macLine(valid(k), line -> line + "=")),
                refused("MAC line ending in CRLF", SEALED, "non-text byte",
                        () -> macLine(valid(k), line -> line + "\r")));
    }

    /** The version line and a valid X25519 stanza for {@code recipientKey}. */
    private static AgeVector valid(byte[] recipientKey) {
        return new AgeVector().versionLine().x25519(recipientKey);
    }

    /** A valid MAC line and payload after whatever header was written. */
    private static AgeVector rest(AgeVector header) {
        return header.mac().payload(PLAINTEXT);
    }

    private static AgeVector macLine(AgeVector header, UnaryOperator<String> edit) {
        return header.line(edit.apply(header.macLine())).payload(PLAINTEXT);
    }

    /** Body text wrapped at 64 columns as the spec wraps it, whatever the text is. */
    private static AgeVector bodyLines(AgeVector v, String text) {
        AgeVector.wrap(text).forEach(v::line);
        return v;
    }

    /** Every visible ASCII character (VCHAR, 0x21 to 0x7E), as arguments of 8 characters. */
    private static String everyVisibleCharacter() {
        String all = IntStream.rangeClosed(0x21, 0x7e).mapToObj(c -> String.valueOf((char) c))
                .collect(Collectors.joining());
        return IntStream.range(0, (all.length() + 7) / 8)
                .mapToObj(i -> all.substring(i * 8, Math.min(all.length(), i * 8 + 8)))
                .collect(Collectors.joining(" "));
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }
}
