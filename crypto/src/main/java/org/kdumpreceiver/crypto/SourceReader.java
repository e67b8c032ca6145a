package org.kdumpreceiver.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Buffered reading of the sealed source that can switch from header lines to raw payload bytes
 * without losing what was read ahead, and knows the byte offset for error messages.
 */
final class SourceReader {
    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private long offset;

    SourceReader(InputStream in) {
        this.in = in;
    }

    /** Offset of the next byte to be returned. */
    long offset() {
        return offset;
    }

    /**
     * Reads one line without its '\n'. Returns null at a clean EOF (no bytes); throws EOFException
     * if the stream ends mid-line, and SealedStreamException if the line exceeds {@code maxLength}.
     */
    byte[] readLine(int maxLength) throws IOException {
        byte[] line = new byte[Math.min(maxLength, 128)];
        int length = 0;
        while (true) {
            if (pos == limit && !fill()) {
                if (length == 0) {
                    return null;
                }
                throw new EOFException("stream ends inside a header line");
            }
            byte b = buffer[pos++];
            offset++;
            if (b == '\n') {
                return Arrays.copyOf(line, length);
            }
            if (length == maxLength) {
                throw new SealedStreamException("malformed age header: line at byte " + (offset - length - 1)
                        + " is longer than " + maxLength + " bytes");
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLength, line.length * 2));
            }
            line[length++] = b;
        }
    }

    /** Reads up to {@code length} bytes, fewer only at end of stream. */
    int readFully(byte[] target, int off, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (pos < limit) {
                int n = Math.min(limit - pos, length - done);
                System.arraycopy(buffer, pos, target, off + done, n);
                pos += n;
                done += n;
            } else if (length - done >= buffer.length) {
                // Large reads bypass the buffer to avoid a copy on the payload hot path.
                int n = in.read(target, off + done, length - done);
                if (n < 0) {
                    break;
                }
                done += n;
            } else if (!fill()) {
                break;
            }
        }
        offset += done;
        return done;
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    void close() throws IOException {
        in.close();
    }
}
