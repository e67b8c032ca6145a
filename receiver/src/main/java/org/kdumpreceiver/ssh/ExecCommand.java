package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.Protocol;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.ssh.RemoteCommand.Script;
import org.kdumpreceiver.ssh.RemoteCommand.Step;
import org.kdumpreceiver.store.StoreException;

/**
 * One exec channel: the client's command string, parsed into known commands and run without any
 * shell or process. Always ends with an exit-status (clients treat its absence as failure, 255).
 */
final class ExecCommand extends ChannelCommand {
    private final String line;
    private final HostTrees trees;
    private final ExecutorService workers;
    private final EventBus events;
    private final StorageSpace space;

    ExecCommand(String line, HostTrees trees, ExecutorService workers, EventBus events, StorageSpace space) {
        this.line = line;
        this.trees = trees;
        this.workers = workers;
        this.events = events;
        this.space = space;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        SessionIdentity identity = channel.getSession().getAttribute(SessionIdentity.KEY);
        ExecContext ctx = new ExecContext(identity, trees.of(identity.host()), channel, in, out, err);
        workers.execute(() -> {
            long started = System.nanoTime();
            int status = run(ctx);
            events.publish(new FrontEndEvent.CommandCompleted(Protocol.SSH, identity.host().name(),
                    identity.clientAddress(), ClientPath.printable(line), status,
                    (System.nanoTime() - started) / 1_000_000));
            exit.onExit(status);
        });
    }

    private int run(ExecContext ctx) {
        if (CopyIdInstall.matches(line)) {
            // ssh-copy-id logged in with a key that is enrolled already (an agent or default key).
            rejected(ctx, RejectReason.ALREADY_ENROLLED);
            return fail(ctx, 1, "kdump-receiver: this connection used the key of host " + ctx.identity.host()
                    + ", which is enrolled already; to enrol another key, give ssh-copy-id only that key"
                    + " (-i KEY, and no agent) and type an enrolment token (kdump-receiver hosts token)");
        }
        Script script;
        try {
            script = CommandParser.parse(line);
        } catch (CommandRefused e) {
            rejected(ctx, e.reason());
            return fail(ctx, e.status(), "kdump-receiver: " + e.getMessage());
        }
        int status = 0;
        for (Step step : script.steps()) {
            if (step.onlyAfterSuccess() && status != 0) {
                continue;
            }
            try {
                status = new CommandRun(ctx, space).run(step.command());
            } catch (PathRefused e) {
                rejected(ctx, e.reason());
                status = fail(ctx, 1, name(step.command()) + ": " + e.getMessage());
            } catch (StoreException e) {
                rejected(ctx, e.reason());
                status = fail(ctx, 1, name(step.command()) + ": " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                status = fail(ctx, 1, name(step.command()) + ": " + e.getMessage());
            }
        }
        return status;
    }

    private void rejected(ExecContext ctx, RejectReason reason) {
        events.publish(new FrontEndEvent.CommandRejected(Protocol.SSH, ctx.identity.host().name(),
                ctx.identity.clientAddress(), ClientPath.printable(line), reason));
    }

    private static int fail(ExecContext ctx, int status, String message) {
        try {
            ctx.stderr(message);
        } catch (IOException e) {
            // The client is gone; the exit status cannot reach it either.
        }
        return status;
    }

    private static String name(RemoteCommand c) {
        return c.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT).replace("catinto", "cat");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
