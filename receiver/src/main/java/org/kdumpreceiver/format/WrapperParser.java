package org.kdumpreceiver.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * A compressed layer. The compressed bytes go through a bounded pipe to a daemon thread that
 * decompresses them and feeds a nested {@link FormatProbe}, so the inner dump is judged in the same
 * single pass. A decoder failure after it ran out of input means the wrapper was cut; one before that
 * means the data is corrupt. A wrapper that ends cleanly reports its content's verdict, which covers
 * Debian's pipelines without pipefail: a whole gzip stream around a flattened dump with no end marker.
 */
final class WrapperParser implements ContentParser {
    private static final int PIPE_BYTES = 256 * 1024;
    private static final int READ_BYTES = 64 * 1024;

    private final Wrapper wrapper;
    private final BoundedPipe pipe = new BoundedPipe(PIPE_BYTES);
    private final Thread thread;
    private volatile FormatVerdict outcome;
    private volatile Throwable failure;

    WrapperParser(Wrapper wrapper) {
        this.wrapper = wrapper;
        this.thread = new Thread(this::decompress, "format-probe-" + wrapper.label());
        thread.setDaemon(true);
        thread.start();
    }

    private void decompress() {
        FormatProbe inner = new FormatProbe();
        try {
            outcome = decompressInto(inner);
        } catch (RuntimeException | Error e) {
            // a bug, not a verdict: finish() rethrows it on the caller's thread
            failure = e;
        } finally {
            inner.close();
            pipe.closeRead();
        }
    }

    private FormatVerdict decompressInto(FormatProbe inner) {
        try (InputStream in = wrapper.open(pipe.input())) {
            byte[] buf = new byte[READ_BYTES];
            int n;
            while ((n = in.read(buf, 0, buf.length)) >= 0) {
                inner.update(buf, 0, n);
            }
        } catch (IOException e) {
            // The decoder's failure is the finding itself: where it happened tells a cut from corruption.
            FormatVerdict soFar = inner.finish();
            String format = soFar.format().equals("empty") ? wrapper.label() : wrapper.label() + "/" + soFar.format();
            VerdictReason reason = pipe.readerSawEof()
                    ? VerdictReason.WRAPPER_STREAM_CUT : VerdictReason.WRAPPER_STREAM_CORRUPT;
            return FormatVerdict.truncated(format, reason);
        }
        return inner.finish().wrappedIn(wrapper.label());
    }

    @Override
    public void update(byte[] b, int off, int len) {
        pipe.write(b, off, len);
    }

    @Override
    public FormatVerdict finish() {
        pipe.closeWrite();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                // The decoder is about to see EOF, so waiting is short; keep the caller's interrupt.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("decompressing " + wrapper.label() + " failed", failure);
        }
        if (outcome == null) {
            throw new IllegalStateException("decompressing " + wrapper.label() + " ended without a verdict");
        }
        return outcome;
    }

    @Override
    public void abort() {
        pipe.closeWrite();
        pipe.closeRead();
    }
}
