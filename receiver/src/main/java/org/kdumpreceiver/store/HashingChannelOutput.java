package org.kdumpreceiver.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * The last stage before the disk: counts and hashes the sealed bytes as they are written, so the
 * manifest's {@code sha256_stored} costs no second read. Closing it leaves the channel open for fsync.
 */
final class HashingChannelOutput extends OutputStream {
    private final FileChannel channel;
    private final MessageDigest digest = Sha256.newDigest();
    private long count;

    HashingChannelOutput(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        digest.update(b, off, len);
        count += len;
    }

    long count() {
        return count;
    }

    String sha256() {
        return Sha256.hex(digest.digest());
    }
}
