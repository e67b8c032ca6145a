package org.kdumpreceiver.ssh;

import java.io.IOException;
import org.kdumpreceiver.ssh.RemoteCommand.CatInto;
import org.kdumpreceiver.ssh.RemoteCommand.Dd;
import org.kdumpreceiver.ssh.RemoteCommand.Df;
import org.kdumpreceiver.ssh.RemoteCommand.Echo;
import org.kdumpreceiver.ssh.RemoteCommand.Exit;
import org.kdumpreceiver.ssh.RemoteCommand.Mkdir;
import org.kdumpreceiver.ssh.RemoteCommand.Mktemp;
import org.kdumpreceiver.ssh.RemoteCommand.Mv;
import org.kdumpreceiver.ssh.RemoteCommand.Rmdir;
import org.kdumpreceiver.ssh.RemoteCommand.Scp;
import org.kdumpreceiver.ssh.RemoteCommand.Umask;
import org.kdumpreceiver.store.StoreException;
import org.kdumpreceiver.store.StoredFile;

/** Runs one parsed command against the host's tree; returns its exit status. */
final class CommandRun {
    private static final int BUFFER = 64 * 1024;

    private final ExecContext ctx;
    private final StorageSpace space;

    CommandRun(ExecContext ctx, StorageSpace space) {
        this.ctx = ctx;
        this.space = space;
    }

    int run(RemoteCommand command) throws IOException {
        if (command instanceof Umask) {
            return 0;  // files are stored sealed whatever the mode; nothing to apply
        }
        if (command instanceof Mkdir m) {
            for (String dir : m.dirs()) {
                ctx.tree.mkdir(ClientPath.parse(dir), m.parents());
            }
            return 0;
        }
        if (command instanceof Dd d) {
            return receive("dd", d.target());
        }
        if (command instanceof CatInto c) {
            if (c.append()) {
                ctx.stderr("cat: appending (>>) to a dump file is not served");
                return 1;
            }
            return receive("cat", c.target());
        }
        if (command instanceof Mv m) {
            ctx.tree.rename(ClientPath.parse(m.from()), ClientPath.parse(m.to()));
            return 0;
        }
        if (command instanceof Mktemp m) {
            ctx.stdout(ctx.tree.mktemp(ClientPath.parse(m.parent())) + "\n");
            return 0;
        }
        if (command instanceof Rmdir r) {
            ctx.tree.rmdir(ClientPath.parse(r.dir()));
            return 0;
        }
        if (command instanceof Df d) {
            ClientPath.parse(d.path());
            ctx.stdout("    Avail\n" + space.freeBytes() / 1024 + "\n");
            return 0;
        }
        if (command instanceof Echo e) {
            return echo(e);
        }
        if (command instanceof Exit e) {
            return e.status();
        }
        if (command instanceof Scp s) {
            return s.sink() ? new ScpSink(ctx).run(s.path()) : new ScpSource(ctx).run(s.path());
        }
        throw new IllegalStateException("no runner for " + command);
    }

    /** stdin to EOF into a new file; exit 0 only once the sealed file and manifest are durable. */
    private int receive(String name, String target) throws IOException {
        Upload upload = ctx.tree.create(ClientPath.parse(target), ctx.identity.clientAddress());
        byte[] buf = new byte[BUFFER];
        try {
            for (int n; (n = ctx.in.read(buf)) > 0; ) {
                upload.write(buf, 0, n);
            }
        } catch (StoreException e) {
            ctx.stderr(name + ": error writing '" + target + "': " + e.getMessage());
            return 1;
        } catch (IOException e) {
            upload.abortQuietly(ctx.tree.cutReason());
            return 1;
        }
        if (!ctx.stdinEnded()) {
            upload.abortQuietly(ctx.tree.cutReason());
            return 1;
        }
        StoredFile stored = upload.complete();
        if (name.equals("dd")) {
            ctx.stderr(stored.bytesIn() + " bytes copied, stored as " + stored.storedName() + " in dump "
                    + upload.dumpId() + " (" + stored.verdict() + ")");
        }
        return 0;
    }

    private int echo(Echo e) throws IOException {
        byte[] text = ExecCommand.utf8(String.join(" ", e.words()) + "\n");
        if (e.target() == null) {
            ctx.out.write(text);
            ctx.out.flush();
            return 0;
        }
        if (e.append()) {
            ctx.stderr("echo: appending (>>) is not served");
            return 1;
        }
        Upload upload = ctx.tree.create(ClientPath.parse(e.target()), ctx.identity.clientAddress());
        upload.keepForReadBack();
        upload.write(text, 0, text.length);
        upload.complete();
        return 0;
    }
}
