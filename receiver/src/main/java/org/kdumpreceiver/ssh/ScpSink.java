package org.kdumpreceiver.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.store.StoreException;

/**
 * The receiving end of legacy scp ({@code scp -t TARGET}, docs/clients.md#legacy-scp): OpenSSH before 9.0 and any
 * {@code scp -O}. Files only; directories ({@code -r}) are refused.
 */
final class ScpSink {
    private static final Pattern FILE = Pattern.compile("C([0-7]{4}) ([0-9]{1,19}) (.+)");
    private static final int MAX_LINE = 4096;

    private final ExecContext ctx;

    ScpSink(ExecContext ctx) {
        this.ctx = ctx;
    }

    int run(String target) throws IOException {
        ClientPath targetPath = ClientPath.parse(target);
        boolean intoDirectory = target.endsWith("/") || ctx.tree.isDirectory(targetPath);
        ack();
        int status = 0;
        for (String line; (line = readLine()) != null; ) {
            if (line.startsWith("T")) {
                ack();
                continue;
            }
            if (line.startsWith("\u0001") || line.startsWith("\u0002")) {
                return 1;
            }
            Matcher m = FILE.matcher(line);
            if (!m.matches()) {
                fatal(line.startsWith("D") ? "scp: directories (-r) are not served"
                        : "scp: protocol error: unexpected '" + ClientPath.printable(line) + "'");
                return 1;
            }
            String name = m.group(3);
            if (name.contains("/") || name.equals(".") || name.equals("..")) {
                fatal("scp: error: unexpected filename: " + ClientPath.printable(name));
                return 1;
            }
            ClientPath file = intoDirectory ? targetPath.child(name) : targetPath;
            if (!receive(file, Long.parseLong(m.group(2)))) {
                status = 1;
            }
        }
        return status;
    }

    /** One C record: announce, data, trailing \0; answers \0 only once the file is durable. */
    private boolean receive(ClientPath file, long size) throws IOException {
        Upload upload;
        try {
            upload = ctx.tree.create(file, ctx.identity.clientAddress());
        } catch (PathRefused | StoreException e) {
            warn("scp: " + file + ": " + e.getMessage());
            throw e;
        }
        ack();
        byte[] buf = new byte[64 * 1024];
        long left = size;
        try {
            while (left > 0) {
                int n = ctx.in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    upload.abortQuietly(ctx.tree.cutReason());
                    return false;
                }
                left -= n;  // counted before the write, so a failed write still knows what is left to skip
                upload.write(buf, 0, n);
            }
            int end = ctx.in.read();
            if (end != 0) {
                upload.abortQuietly(end < 0 ? ctx.tree.cutReason() : VerdictReason.PROTOCOL_ERROR);
                return false;
            }
            upload.complete();
        } catch (StoreException e) {
            // As OpenSSH's own sink does on a write error: read the rest of the file's data, so the client and
            // this end stay in step, then answer with the error instead of the final ack. The upload ended
            // with the failure (the store kept what arrived as truncated).
            if (!skip(left + 1)) {
                return false;
            }
            warn("scp: " + file + ": " + e.getMessage());
            return false;
        } catch (IOException e) {
            upload.abortQuietly(ctx.tree.cutReason());
            return false;
        }
        ack();
        return true;
    }

    /** Reads and drops {@code count} bytes; false if the stream ended first. */
    private boolean skip(long count) throws IOException {
        byte[] buf = new byte[64 * 1024];
        for (long left = count; left > 0; ) {
            int n = ctx.in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                return false;
            }
            left -= n;
        }
        return true;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = ctx.in.read()) >= 0; ) {
            if (c == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("scp: protocol line too long");
            }
            line.write(c);
        }
        return null;
    }

    private void ack() throws IOException {
        ctx.out.write(0);
        ctx.out.flush();
    }

    private void warn(String message) throws IOException {
        ctx.out.write(ExecCommand.utf8("\u0001" + message + "\n"));
        ctx.out.flush();
    }

    private void fatal(String message) throws IOException {
        ctx.out.write(ExecCommand.utf8("\u0002" + message + "\n"));
        ctx.out.flush();
    }
}
