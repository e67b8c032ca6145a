package org.kdumpreceiver.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.Protocol;
import org.kdumpreceiver.ingest.RejectReason;

/**
 * An exec request in a session authenticated with an enrolment secret: ssh-copy-id's {@code exit} probe and
 * its install command, nothing else. Everything else gets exit 126 and says what the session is for.
 */
final class EnrolExec extends ChannelCommand {
    private final String line;
    private final KeyEnrolment enrolment;
    private final ExecutorService workers;
    private final EventBus events;

    EnrolExec(String line, KeyEnrolment enrolment, ExecutorService workers, EventBus events) {
        this.line = line;
        this.enrolment = enrolment;
        this.workers = workers;
        this.events = events;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        EnrolmentGrant grant = channel.getSession().getAttribute(EnrolmentGrant.KEY);
        workers.execute(() -> {
            int status = run(grant, channel);
            events.publish(new FrontEndEvent.CommandCompleted(Protocol.SSH, "-", grant.clientAddress(),
                    ClientPath.printable(line), status, 0));
            exit.onExit(status);
        });
    }

    private int run(EnrolmentGrant grant, ChannelSession channel) {
        if (line.strip().equals("exit")) {
            return 0;
        }
        if (!CopyIdInstall.matches(line)) {
            events.publish(new FrontEndEvent.CommandRejected(Protocol.SSH, "-", grant.clientAddress(),
                    ClientPath.printable(line), RejectReason.ENROLMENT_ONLY));
            return tell(126, "kdump-receiver: this session was opened with an enrolment token or password; it can only"
                    + " enrol a key (ssh-copy-id). Log in with the enrolled key to send dumps.");
        }
        ByteArrayOutputStream keys = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                keys.write(buf, 0, n);
                if (keys.size() > KeyEnrolment.MAX_BYTES) {
                    return tell(1, "kdump-receiver: more than " + KeyEnrolment.MAX_BYTES + " bytes of keys; refused");
                }
            }
        } catch (IOException e) {
            return 1;
        }
        if (!channel.isEofSignalled()) {
            return 1;  // the connection broke mid-way: enrol nothing from a partial list
        }
        KeyEnrolment.Outcome outcome = enrolment.enrol(grant, keys.toString(StandardCharsets.UTF_8));
        return tell(outcome.status(), outcome.messages().stream().map(m -> "kdump-receiver: " + m)
                .reduce((a, b) -> a + "\n" + b).orElse(""));
    }

    private int tell(int status, String message) {
        try {
            if (!message.isEmpty()) {
                err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
            }
        } catch (IOException e) {
            // The client is gone; its exit status cannot reach it either.
        }
        return status;
    }
}
