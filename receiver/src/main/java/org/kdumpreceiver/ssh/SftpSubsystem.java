package org.kdumpreceiver.ssh;

import static org.kdumpreceiver.ssh.SftpPacket.*;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.Protocol;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.ssh.SftpPacket.BadMessage;
import org.kdumpreceiver.ssh.SftpPacket.Reply;
import org.kdumpreceiver.ssh.SftpPacket.Request;
import org.kdumpreceiver.store.StoreException;

/**
 * The {@code sftp} subsystem, protocol version 3, over the host's virtual tree (docs/clients.md, "scp" and "sftp"):
 * OpenSSH 9.x {@code scp} uploads and RHEL's status download, lftp, {@code sftp}. Uploads stream
 * into the sealing pipeline, so writes must come in order (they do from every client kdump uses);
 * a handle opened with mode 0400 still takes writes. Only status files written with echo read back.
 */
final class SftpSubsystem extends ChannelCommand {
    private static final int MAX_PACKET = 1 << 20;
    private static final int MAX_WRITE = 261_120;
    private static final int MAX_HANDLES = 64;

    private final HostTrees trees;
    private final ExecutorService workers;
    private final EventBus events;
    private final Map<String, Object> handles = new HashMap<>();
    private int nextHandle;
    private HostTree tree;
    private SessionIdentity identity;

    /** A directory listing, handed out once by READDIR. */
    private static final class Listing {
        final List<HostTree.Entry> entries;
        boolean sent;

        Listing(List<HostTree.Entry> entries) {
            this.entries = entries;
        }
    }

    SftpSubsystem(HostTrees trees, ExecutorService workers, EventBus events) {
        this.trees = trees;
        this.workers = workers;
        this.events = events;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        identity = channel.getSession().getAttribute(SessionIdentity.KEY);
        tree = trees.of(identity.host());
        workers.execute(() -> exit.onExit(serve()));
    }

    private int serve() {
        DataInputStream data = new DataInputStream(in);
        try {
            for (Request r; (r = SftpPacket.next(data, MAX_PACKET)) != null; ) {
                handle(r);
            }
            return 0;
        } catch (IOException e) {
            return 1;
        } finally {
            for (Object h : handles.values()) {
                if (h instanceof Upload upload) {
                    upload.abortQuietly(tree.cutReason());
                }
            }
            handles.clear();
        }
    }

    private void handle(Request r) throws IOException {
        if (r.type == INIT) {
            send(new Reply(VERSION).u32(3).string("limits@openssh.com").string("1"));
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
        } catch (PathRefused e) {
            rejected(e.reason());
            status(id, e.reason() == RejectReason.NOT_FOUND ? NO_SUCH_FILE : PERMISSION_DENIED, e.getMessage());
        } catch (StoreException e) {
            rejected(e.reason());
            status(id, FAILURE, e.getMessage());
        }
    }

    private void dispatch(Request r, int id) throws IOException, BadMessage {
        switch (r.type) {
            case REALPATH -> {
                String asked = r.string();
                ClientPath p = ClientPath.parse(asked.isEmpty() ? "." : asked);
                send(new Reply(NAME).u32(id).u32(1).string(p.toString()).string(p.toString())
                        .attrs(tree.stat(p).orElse(new HostTree.Entry(p.name(), true, 0, tree.now()))));
            }
            case STAT, LSTAT -> {
                ClientPath p = ClientPath.parse(r.string());
                Optional<HostTree.Entry> e = tree.stat(p);
                if (e.isEmpty()) {
                    status(id, NO_SUCH_FILE, "No such file");
                } else {
                    send(new Reply(ATTRS).u32(id).attrs(e.get()));
                }
            }
            case FSTAT -> {
                Object h = handle(r.string());
                if (h instanceof Upload u) {
                    send(new Reply(ATTRS).u32(id).attrs(new HostTree.Entry(u.path().name(), false, u.size(),
                            tree.now())));
                } else if (h instanceof byte[] b) {
                    send(new Reply(ATTRS).u32(id).attrs(new HostTree.Entry("", false, b.length, tree.now())));
                } else {
                    status(id, FAILURE, "not a file handle");
                }
            }
            case OPEN -> open(r, id);
            case WRITE -> write(r, id);
            case READ -> read(r, id);
            case FSETSTAT -> {
                Object h = handle(r.string());
                long size = r.attrsSize();
                if (h instanceof Upload u && size >= 0 && size != u.size()) {
                    status(id, FAILURE, "cannot change the size of a file being received (" + u.size() + " bytes so far)");
                } else {
                    status(id, OK, "");
                }
            }
            case SETSTAT -> {
                ClientPath p = ClientPath.parse(r.string());
                r.attrsSize();
                if (tree.stat(p).isEmpty()) {
                    status(id, NO_SUCH_FILE, "No such file");
                } else {
                    status(id, OK, "");  // modes and times mean nothing for a sealed file
                }
            }
            case CLOSE -> close(r.string(), id);
            case OPENDIR -> {
                ClientPath p = ClientPath.parse(r.string());
                if (!tree.isDirectory(p)) {
                    status(id, NO_SUCH_FILE, "No such directory");
                } else {
                    send(new Reply(HANDLE).u32(id).string(newHandle(new Listing(tree.list(p)))));
                }
            }
            case READDIR -> {
                Object h = handle(r.string());
                if (!(h instanceof Listing l)) {
                    status(id, FAILURE, "not a directory handle");
                } else if (l.sent || l.entries.isEmpty()) {
                    status(id, EOF, "");
                } else {
                    l.sent = true;
                    Reply reply = new Reply(NAME).u32(id).u32(l.entries.size());
                    for (HostTree.Entry e : l.entries) {
                        reply.string(e.name()).string(longName(e)).attrs(e);
                    }
                    send(reply);
                }
            }
            case MKDIR -> {
                ClientPath p = ClientPath.parse(r.string());
                r.attrsSize();
                if (tree.stat(p).isPresent()) {
                    status(id, FAILURE, "File exists");
                } else {
                    tree.mkdir(p, true);
                    status(id, OK, "");
                }
            }
            case RMDIR -> {
                tree.rmdir(ClientPath.parse(r.string()));
                status(id, OK, "");
            }
            case REMOVE -> {
                r.string();
                rejected(RejectReason.NOT_PERMITTED);
                status(id, PERMISSION_DENIED, "received files cannot be removed");
            }
            case RENAME -> {
                ClientPath from = ClientPath.parse(r.string());
                ClientPath to = ClientPath.parse(r.string());
                tree.rename(from, to);
                status(id, OK, "");
            }
            case EXTENDED -> extended(r, id);
            default -> status(id, OP_UNSUPPORTED, "operation not supported by kdump-receiver");
        }
    }

    private void open(Request r, int id) throws IOException, BadMessage {
        ClientPath path = ClientPath.parse(r.string());
        int flags = r.u32();
        r.attrsSize();
        if (handles.size() >= MAX_HANDLES) {
            status(id, FAILURE, "too many open handles");
            return;
        }
        if ((flags & FXF_WRITE) != 0) {
            if ((flags & FXF_APPEND) != 0) {
                status(id, OP_UNSUPPORTED, "appending is not served");
                return;
            }
            Upload upload = tree.create(path, identity.clientAddress());
            send(new Reply(HANDLE).u32(id).string(newHandle(upload)));
        } else {
            Optional<byte[]> data = tree.readBack(path);
            if (data.isPresent()) {
                send(new Reply(HANDLE).u32(id).string(newHandle(data.get())));
            } else if (tree.stat(path).isPresent()) {
                rejected(RejectReason.NOT_PERMITTED);
                status(id, PERMISSION_DENIED, "stored dumps are sealed; only status files written with echo can be read back");
            } else {
                status(id, NO_SUCH_FILE, "No such file");
            }
        }
    }

    private void write(Request r, int id) throws IOException, BadMessage {
        Object h = handle(r.string());
        long offset = r.u64();
        ByteBuffer data = r.slice();
        if (!(h instanceof Upload upload)) {
            status(id, FAILURE, "not a handle open for writing");
            return;
        }
        if (data.remaining() > MAX_WRITE * 4) {
            status(id, BAD_MESSAGE, "write too large");
            return;
        }
        if (offset != upload.size()) {
            status(id, FAILURE, "writes must be sequential: offset " + offset + " but " + upload.size()
                    + " bytes received (random-access uploads are served over NFS)");
            return;
        }
        upload.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        status(id, OK, "");
    }

    private void read(Request r, int id) throws IOException, BadMessage {
        Object h = handle(r.string());
        long offset = r.u64();
        int len = r.u32();
        if (!(h instanceof byte[] bytes)) {
            status(id, FAILURE, "not a handle open for reading");
            return;
        }
        if (offset >= bytes.length) {
            status(id, EOF, "");
            return;
        }
        int n = (int) Math.min(Math.max(0, len), bytes.length - offset);
        send(new Reply(DATA).u32(id).bytes(bytes, (int) offset, n));
    }

    private void close(String handle, int id) throws IOException {
        Object h = handles.remove(handle);
        if (h == null) {
            status(id, FAILURE, "no such handle");
            return;
        }
        if (h instanceof Upload upload) {
            upload.complete();  // returns once sealed file and manifest are durable
        }
        status(id, OK, "");
    }

    private void extended(Request r, int id) throws IOException, BadMessage {
        String name = r.string();
        if (name.equals("limits@openssh.com")) {
            send(new Reply(EXTENDED_REPLY).u32(id).u64(MAX_PACKET).u64(MAX_WRITE).u64(MAX_WRITE).u64(MAX_HANDLES));
        } else {
            status(id, OP_UNSUPPORTED, "extension " + ClientPath.printable(name) + " is not supported");
        }
    }

    private Object handle(String name) throws BadMessage {
        Object h = handles.get(name);
        if (h == null) {
            throw new BadMessage("no such handle");
        }
        return h;
    }

    private String newHandle(Object target) {
        String name = Integer.toString(nextHandle++);
        handles.put(name, target);
        return name;
    }

    private void rejected(RejectReason reason) {
        events.publish(new FrontEndEvent.CommandRejected(Protocol.SFTP, identity.host().name(),
                identity.clientAddress(), "sftp", reason));
    }

    private void status(int id, int code, String message) throws IOException {
        send(new Reply(STATUS).u32(id).u32(code).string(message).string("en"));
    }

    private void send(Reply reply) throws IOException {
        out.write(reply.frame());
        out.flush();
    }

    private static String longName(HostTree.Entry e) {
        SimpleDateFormat f = new SimpleDateFormat("MMM dd HH:mm", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return (e.directory() ? "drwx------" : "-rw-------") + " 1 0 0 " + e.size() + " "
                + f.format(Date.from(e.modified())) + " " + e.name();
    }
}
