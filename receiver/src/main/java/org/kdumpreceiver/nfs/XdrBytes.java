package org.kdumpreceiver.nfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * XDR into and out of a plain byte array, for the NFSv4 parts that nest XDR inside an opaque (fattr4's
 * attr_vals). Reads past the end are a {@link Xdr.MalformedCall}.
 */
final class XdrBytes {
    private XdrBytes() {
    }

    static final class Writer {
        private byte[] buf = new byte[128];
        private int len;

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        Writer u32(int v) {
            room(4);
            ByteBuffer.wrap(buf, len, 4).putInt(v);
            len += 4;
            return this;
        }

        Writer u64(long v) {
            room(8);
            ByteBuffer.wrap(buf, len, 8).putLong(v);
            len += 8;
            return this;
        }

        Writer bool(boolean v) {
            return u32(v ? 1 : 0);
        }

        Writer opaque(byte[] b) {
            u32(b.length);
            return fixed(b);
        }

        Writer fixed(byte[] b) {
            int padded = (b.length + 3) & ~3;
            room(padded);
            System.arraycopy(b, 0, buf, len, b.length);
            Arrays.fill(buf, len + b.length, len + padded, (byte) 0);
            len += padded;
            return this;
        }

        Writer string(String s) {
            return opaque(s.getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }
    }

    static final class Reader {
        private final ByteBuffer b;

        Reader(byte[] bytes) {
            this.b = ByteBuffer.wrap(bytes);
        }

        private void need(int n) throws Xdr.MalformedCall {
            if (n < 0 || b.remaining() < n) {
                throw new Xdr.MalformedCall("attribute values end early");
            }
        }

        int u32() throws Xdr.MalformedCall {
            need(4);
            return b.getInt();
        }

        long u64() throws Xdr.MalformedCall {
            need(8);
            return b.getLong();
        }

        byte[] opaque(int max) throws Xdr.MalformedCall {
            int n = u32();
            if (n < 0 || n > max) {
                throw new Xdr.MalformedCall("opaque of " + (n & 0xffffffffL) + " bytes in attributes");
            }
            int padded = (n + 3) & ~3;
            need(padded);
            byte[] out = new byte[n];
            b.get(out);
            b.position(b.position() + padded - n);
            return out;
        }
    }
}
