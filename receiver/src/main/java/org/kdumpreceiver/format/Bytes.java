package org.kdumpreceiver.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Fixed-width integer reads from header buffers, in either byte order. */
final class Bytes {
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    static long i64(byte[] b, int off, boolean bigEndian) {
        return bigEndian ? (long) BE64.get(b, off) : (long) LE64.get(b, off);
    }

    static int i32(byte[] b, int off, boolean bigEndian) {
        return bigEndian ? (int) BE32.get(b, off) : (int) LE32.get(b, off);
    }

    static long u32(byte[] b, int off, boolean bigEndian) {
        return i32(b, off, bigEndian) & 0xFFFF_FFFFL;
    }

    static int u16(byte[] b, int off, boolean bigEndian) {
        return (bigEndian ? (short) BE16.get(b, off) : (short) LE16.get(b, off)) & 0xFFFF;
    }

    static boolean startsWith(byte[] b, int len, byte[] magic) {
        if (len < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** True if the first {@code len} bytes could still grow into {@code magic}. */
    static boolean couldStartWith(byte[] b, int len, byte[] magic) {
        int n = Math.min(len, magic.length);
        for (int i = 0; i < n; i++) {
            if (b[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
