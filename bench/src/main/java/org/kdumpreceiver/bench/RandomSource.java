package org.kdumpreceiver.bench;

/** Incompressible input: {@code size} bytes of seeded random data (size a multiple of 8). */
final class RandomSource implements Source {
    private final long size;
    private final long seed;
    private final SplitMix random;
    private long left;

    RandomSource(long size, long seed) {
        if (size % 8 != 0) {
            throw new IllegalArgumentException("size must be a multiple of 8");
        }
        this.size = size;
        this.seed = seed;
        this.random = new SplitMix(seed);
        this.left = size;
    }

    @Override
    public int fill(byte[] buf, int off, int len) {
        if (left == 0) {
            return -1;
        }
        int n = (int) Math.min(left, len & ~7);
        random.fill(buf, off, n);
        left -= n;
        return n;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Source restart() {
        return new RandomSource(size, seed);
    }
}
