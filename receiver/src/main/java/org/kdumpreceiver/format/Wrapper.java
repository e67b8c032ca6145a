package org.kdumpreceiver.format;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/** The compressors kdump-tools' KDUMP_COMPRESSION pipes a dump through, and zstd. */
enum Wrapper {
    GZIP("gzip"), BZIP2("bzip2"), XZ("xz"), LZ4_FRAME("lz4"), LZ4_LEGACY("lz4"), ZSTD("zstd");

    private final String label;

    Wrapper(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Every decoder accepts concatenated streams, as the command-line tools do. */
    InputStream open(InputStream in) throws IOException {
        return switch (this) {
            case GZIP -> new GzipCompressorInputStream(in, true);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZInputStream(in);
            case LZ4_FRAME -> new FramedLZ4CompressorInputStream(in, true);
            case LZ4_LEGACY -> new LegacyLz4InputStream(in);
            case ZSTD -> new ZstdInputStreamNoFinalizer(in);
        };
    }

    static Wrapper of(ContentKind kind) {
        return switch (kind) {
            case GZIP -> GZIP;
            case BZIP2 -> BZIP2;
            case XZ -> XZ;
            case LZ4_FRAME -> LZ4_FRAME;
            case LZ4_LEGACY -> LZ4_LEGACY;
            case ZSTD -> ZSTD;
            default -> throw new IllegalArgumentException(kind + " is not a wrapper");
        };
    }
}
