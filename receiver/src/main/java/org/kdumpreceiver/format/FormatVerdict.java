package org.kdumpreceiver.format;

import java.util.Objects;

/**
 * What a stored file turned out to be and whether it is whole.
 *
 * @param format  the layer path, lowercase and slash-separated, outermost first
 *                (e.g. {@code gzip/flattened/kdump-compressed})
 * @param verdict complete, truncated or unknown
 * @param reason  null when complete, otherwise a content reason ({@link VerdictReason.Origin#CONTENT})
 */
public record FormatVerdict(String format, Verdict verdict, VerdictReason reason) {

    public FormatVerdict {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(verdict, "verdict");
        if ((verdict == Verdict.COMPLETE) != (reason == null)) {
            throw new IllegalArgumentException("reason must be null exactly when complete: " + verdict + "/" + reason);
        }
    }

    static FormatVerdict complete(String format) {
        return new FormatVerdict(format, Verdict.COMPLETE, null);
    }

    static FormatVerdict truncated(String format, VerdictReason reason) {
        return new FormatVerdict(format, Verdict.TRUNCATED, reason);
    }

    static FormatVerdict unknown(String format, VerdictReason reason) {
        return new FormatVerdict(format, Verdict.UNKNOWN, reason);
    }

    /** The same outcome seen through an outer layer, e.g. {@code gzip}. */
    FormatVerdict wrappedIn(String outer) {
        return new FormatVerdict(outer + "/" + format, verdict, reason);
    }
}
