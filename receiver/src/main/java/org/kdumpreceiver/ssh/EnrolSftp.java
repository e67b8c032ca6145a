package org.kdumpreceiver.ssh;

import static org.kdumpreceiver.ssh.SftpPacket.*;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.Protocol;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.ssh.SftpPacket.BadMessage;
import org.kdumpreceiver.ssh.SftpPacket.Reply;
import org.kdumpreceiver.ssh.SftpPacket.Request;

/**
 * The {@code sftp} subsystem for a session authenticated with an enrolment secret: exactly what
 * {@code ssh-copy-id -s} does (docs/clients.md#sftp-mode-of-ssh-copy-id): {@code -get .ssh/authorized_keys}
 * (answered "no such file": nothing enrolled is shown to anyone), {@code -mkdir .ssh}, {@code chmod 700 .ssh},
 * {@code put} of {@code .ssh/authorized_keys} (its lines are enrolled when the handle closes), {@code chmod 600}.
 * Any other path or operation is refused.
 */
final class EnrolSftp extends ChannelCommand {
    private static final String HOME = "/";
    private static final String DIR = "/.ssh";
    private static final String FILE = "/.ssh/authorized_keys";

    private final KeyEnrolment enrolment;
    private final ExecutorService workers;
    private final EventBus events;
    private EnrolmentGrant grant;
    /** The one writable handle's content, and whether the file was written in this session. */
    private ByteArrayOutputStream upload;
    private boolean written;
    private final Clock clock;

    EnrolSftp(KeyEnrolment enrolment, ExecutorService workers, EventBus events, Clock clock) {
        this.clock = clock;
        this.enrolment = enrolment;
        this.workers = workers;
        this.events = events;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        grant = channel.getSession().getAttribute(EnrolmentGrant.KEY);
        workers.execute(() -> exit.onExit(serve()));
    }

    private int serve() {
        DataInputStream data = new DataInputStream(in);
        try {
            for (Request r; (r = SftpPacket.next(data, KeyEnrolment.MAX_BYTES + 1024)) != null; ) {
                handle(r);
            }
            return 0;
        } catch (IOException e) {
            return 1;
        }
    }

    private void handle(Request r) throws IOException {
        if (r.type == INIT) {
            send(new Reply(VERSION).u32(3));
            return;
        }
        int id;
        try {
            id = r.u32();
        } catch (BadMessage e) {
            throw new IOException("sftp: " + e.getMessage());
        }
        try {
            dispatch(r, id);
        } catch (BadMessage e) {
            status(id, BAD_MESSAGE, e.getMessage());
        }
    }

    private void dispatch(Request r, int id) throws IOException, BadMessage {
        switch (r.type) {
            case REALPATH -> {
                String p = path(r.string());
                send(new Reply(NAME).u32(id).u32(1).string(p).string(p).attrs(entry(p)));
            }
            case STAT, LSTAT -> {
                String p = path(r.string());
                if (exists(p)) {
                    send(new Reply(ATTRS).u32(id).attrs(entry(p)));
                } else {
                    status(id, NO_SUCH_FILE, "No such file");
                }
            }
            case MKDIR -> {
                String p = path(r.string());
                status(id, p.equals(DIR) ? FAILURE : PERMISSION_DENIED, p.equals(DIR) ? "File exists" : refusal());
            }
            case SETSTAT -> {
                String p = path(r.string());
                r.attrsSize();
                if (p.equals(DIR) || (p.equals(FILE) && written)) {
                    status(id, OK, "");  // modes mean nothing here: keys live in the receiver's registry
                } else {
                    refuse(id);
                }
            }
            case OPEN -> {
                String p = path(r.string());
                int flags = r.u32();
                r.attrsSize();
                if (p.equals(FILE) && (flags & FXF_WRITE) != 0 && upload == null && (flags & FXF_APPEND) == 0) {
                    upload = new ByteArrayOutputStream();
                    send(new Reply(HANDLE).u32(id).string("keys"));
                } else if (p.equals(FILE)) {
                    // Reading back keys is never served: the file is answered as missing, as on a fresh host.
                    status(id, NO_SUCH_FILE, "No such file");
                } else {
                    refuse(id);
                }
            }
            case WRITE -> {
                String h = r.string();
                long offset = r.u64();
                ByteBuffer chunk = r.slice();
                if (!h.equals("keys") || upload == null) {
                    status(id, FAILURE, "no such handle");
                } else if (offset != upload.size() || offset + chunk.remaining() > KeyEnrolment.MAX_BYTES) {
                    status(id, FAILURE, "keys must be written in order and be at most " + KeyEnrolment.MAX_BYTES
                            + " bytes");
                } else {
                    upload.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
                    status(id, OK, "");
                }
            }
            case FSETSTAT -> {
                String h = r.string();
                r.attrsSize();
                status(id, h.equals("keys") && upload != null ? OK : FAILURE, "");
            }
            case CLOSE -> close(r.string(), id);
            case EXTENDED -> {
                String name = r.string();
                if (name.equals("limits@openssh.com")) {
                    send(new Reply(EXTENDED_REPLY).u32(id).u64(KeyEnrolment.MAX_BYTES + 1024)
                            .u64(KeyEnrolment.MAX_BYTES).u64(KeyEnrolment.MAX_BYTES).u64(1));
                } else {
                    status(id, OP_UNSUPPORTED, "not supported");
                }
            }
            default -> refuse(id);
        }
    }

    private void close(String handle, int id) throws IOException {
        if (!handle.equals("keys") || upload == null) {
            status(id, FAILURE, "no such handle");
            return;
        }
        KeyEnrolment.Outcome outcome = enrolment.enrol(grant, upload.toString(StandardCharsets.UTF_8));
        upload = null;
        if (outcome.status() == 0) {
            written = true;
            status(id, OK, "");
        } else {
            status(id, FAILURE, String.join("; ", outcome.messages()));
        }
    }

    private void refuse(int id) throws IOException {
        events.publish(new FrontEndEvent.CommandRejected(Protocol.SFTP, "-", grant.clientAddress(), "sftp",
                RejectReason.ENROLMENT_ONLY));
        status(id, PERMISSION_DENIED, refusal());
    }

    private static String refusal() {
        return "this session was opened with an enrolment token or password: it can only write .ssh/authorized_keys"
                + " (ssh-copy-id -s)";
    }

    /** Paths relative to the (virtual, empty) home directory, which is {@code /}. */
    private static String path(String asked) {
        String p = asked.isEmpty() || asked.equals(".") ? HOME : asked;
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        p = p.replaceAll("/+", "/").replaceAll("/\\./", "/").replaceAll("/\\.?$", "");
        return p.isEmpty() ? HOME : p;
    }

    private boolean exists(String p) {
        return p.equals(HOME) || p.equals(DIR) || (p.equals(FILE) && written);
    }

    private HostTree.Entry entry(String p) {
        return new HostTree.Entry(p.substring(p.lastIndexOf('/') + 1), !p.equals(FILE), 0, clock.instant());
    }

    private void send(Reply reply) throws IOException {
        out.write(reply.frame());
        out.flush();
    }

    private void status(int id, int code, String message) throws IOException {
        send(new Reply(STATUS).u32(id).u32(code).string(message).string("en"));
    }
}
