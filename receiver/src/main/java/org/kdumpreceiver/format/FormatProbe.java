package org.kdumpreceiver.format;

import java.util.Objects;

/**
 * Judges a stored file from its bytes as they stream past, once, with bounded memory. Feed every
 * write to {@link #update} in order (any split), then call {@link #finish} at the end of the stream.
 * Not thread-safe: one probe per stream, driven by one thread.
 *
 * <p>Formats and verdict reasons are described in {@code package-info.java}.
 */
public final class FormatProbe implements AutoCloseable {
    private final byte[] head = new byte[ContentKind.TEXT_WINDOW];
    private int headLen;
    private ContentParser parser;
    private FormatVerdict result;

    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (result != null) {
            throw new IllegalStateException("update after finish");
        }
        if (parser != null) {
            parser.update(b, off, len);
            return;
        }
        int n = Math.min(len, head.length - headLen);
        System.arraycopy(b, off, head, headLen, n);
        headLen += n;
        ContentKind kind = ContentKind.decide(head, headLen, false);
        if (kind != null) {
            start(kind);
            if (len > n) {
                parser.update(b, off + n, len - n);
            }
        }
    }

    public FormatVerdict finish() {
        if (result == null) {
            if (parser == null) {
                start(ContentKind.decide(head, headLen, true));
            }
            result = parser.finish();
        }
        return result;
    }

    /** Stops a wrapper's decompressing thread when the stream is abandoned before {@link #finish}. */
    @Override
    public void close() {
        if (parser != null && result == null) {
            parser.abort();
        }
    }

    private void start(ContentKind kind) {
        parser = switch (kind) {
            case FLATTENED -> new FlattenedParser();
            case KDUMP_COMPRESSED -> new KdumpCompressedParser(head[0] == 'K');
            case ELF -> new ElfParser();
            case TEXT -> new TextParser();
            case EMPTY -> new UnknownParser(true);
            case UNKNOWN -> new UnknownParser(false);
            case GZIP, BZIP2, XZ, LZ4_FRAME, LZ4_LEGACY, ZSTD -> new WrapperParser(Wrapper.of(kind));
        };
        parser.update(head, 0, headLen);
    }
}
