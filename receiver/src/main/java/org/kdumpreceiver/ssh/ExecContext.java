package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.channel.ChannelSession;

/** The streams and identity a command runs with, and whether its stdin ended cleanly. */
final class ExecContext {
    final SessionIdentity identity;
    final HostTree tree;
    final InputStream in;
    final OutputStream out;
    final OutputStream err;
    private final ChannelSession channel;

    ExecContext(SessionIdentity identity, HostTree tree, ChannelSession channel, InputStream in, OutputStream out,
            OutputStream err) {
        this.identity = identity;
        this.tree = tree;
        this.channel = channel;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** True when the client sent EOF: stdin ended because the data did, not because the connection broke. */
    boolean stdinEnded() {
        return channel.isEofSignalled();
    }

    void stderr(String line) throws IOException {
        err.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
    }

    void stdout(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
