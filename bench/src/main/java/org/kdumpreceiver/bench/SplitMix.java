package org.kdumpreceiver.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** SplitMix64: a fast seeded generator, so generating the input costs far less than storing it. */
final class SplitMix {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private long state;

    SplitMix(long seed) {
        this.state = seed;
    }

    long next() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    int nextInt(int bound) {
        return (int) (((next() >>> 33) * bound) >>> 31);
    }

    double nextDouble() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    /** Fills {@code len} bytes (a multiple of 8) with random bytes. */
    void fill(byte[] buf, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i += 8) {
            LONGS.set(buf, i, next());
        }
    }
}
