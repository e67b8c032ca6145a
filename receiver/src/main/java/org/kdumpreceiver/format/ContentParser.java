package org.kdumpreceiver.format;

/**
 * One format's streaming completeness check. Each parser sees the bytes of its layer exactly once,
 * in order, in arbitrary splits, and keeps only bounded state.
 */
sealed interface ContentParser
        permits FlattenedParser, KdumpCompressedParser, ElfParser, TextParser, UnknownParser, WrapperParser {

    void update(byte[] b, int off, int len);

    FormatVerdict finish();

    /** Releases resources (a wrapper's thread) when the stream is abandoned without finish(). */
    default void abort() {
    }
}
