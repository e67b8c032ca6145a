package org.kdumpreceiver.format;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorInputStream;

/**
 * The legacy lz4 container ({@code lz4 -l}), which commons-compress does not read: a 4-byte magic,
 * then blocks of {little-endian compressed size, raw lz4 block}; a repeated magic starts another
 * stream. A cut inside a size field or a block raises EOFException.
 */
final class LegacyLz4InputStream extends InputStream {
    private static final int MAGIC = 0x184C2102;
    private static final int MAX_BLOCK = 1 << 24;

    private final InputStream in;
    private InputStream block;
    private boolean started;
    private boolean done;

    LegacyLz4InputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (!done) {
            if (block != null) {
                int n = block.read(b, off, len);
                if (n > 0) {
                    return n;
                }
                block = null;
            }
            nextBlock();
        }
        return -1;
    }

    private void nextBlock() throws IOException {
        if (!started) {
            started = true;
            if (readIntLe(false) != MAGIC) {
                throw new IOException("not a legacy lz4 stream");
            }
        }
        Integer size = readIntLe(true);
        while (size != null && size == MAGIC) {
            size = readIntLe(true);
        }
        if (size == null) {
            done = true;
            return;
        }
        if (size <= 0 || size > MAX_BLOCK) {
            throw new IOException("bad legacy lz4 block size " + size);
        }
        block = new BlockLZ4CompressorInputStream(new ExactlyInputStream(in, size));
    }

    /** @return the int, or null at a clean end of input when {@code endAllowed} */
    private Integer readIntLe(boolean endAllowed) throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int c = in.read();
            if (c < 0) {
                if (i == 0 && endAllowed) {
                    return null;
                }
                throw new EOFException("legacy lz4 stream cut in a block header");
            }
            v |= c << (8 * i);
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Exactly {@code size} bytes of the underlying stream, or EOFException. */
    private static final class ExactlyInputStream extends InputStream {
        private final InputStream in;
        private long left;

        ExactlyInputStream(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("legacy lz4 stream cut inside a block");
            }
            left -= n;
            return n;
        }
    }
}
