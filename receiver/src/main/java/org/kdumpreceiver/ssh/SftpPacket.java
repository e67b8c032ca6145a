package org.kdumpreceiver.ssh;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** SFTP v3 wire values (draft-ietf-secsh-filexfer-02) and the two halves of a packet: reading a request, building a reply. */
final class SftpPacket {
    static final int INIT = 1, VERSION = 2, OPEN = 3, CLOSE = 4, READ = 5, WRITE = 6, LSTAT = 7, FSTAT = 8,
            SETSTAT = 9, FSETSTAT = 10, OPENDIR = 11, READDIR = 12, REMOVE = 13, MKDIR = 14, RMDIR = 15,
            REALPATH = 16, STAT = 17, RENAME = 18, READLINK = 19, SYMLINK = 20, STATUS = 101, HANDLE = 102,
            DATA = 103, NAME = 104, ATTRS = 105, EXTENDED = 200, EXTENDED_REPLY = 201;
    static final int OK = 0, EOF = 1, NO_SUCH_FILE = 2, PERMISSION_DENIED = 3, FAILURE = 4, BAD_MESSAGE = 5,
            OP_UNSUPPORTED = 8;
    static final int FXF_READ = 1, FXF_WRITE = 2, FXF_APPEND = 4;
    static final int ATTR_SIZE = 1, ATTR_UIDGID = 2, ATTR_PERMISSIONS = 4, ATTR_ACMODTIME = 8,
            ATTR_EXTENDED = 0x80000000;
    static final int S_IFDIR = 0040000, S_IFREG = 0100000;

    private SftpPacket() {}

    /** The next request on the channel, or null at a clean end of input; a bad length ends the session. */
    static Request next(java.io.DataInputStream data, int maxLength) throws IOException {
        int length;
        try {
            length = data.readInt();
        } catch (java.io.EOFException end) {
            return null;
        }
        if (length < 1 || length > maxLength) {
            throw new IOException("sftp packet length " + length + " out of range");
        }
        byte[] body = new byte[length];
        data.readFully(body);
        return new Request(body);
    }

    /** A request being read; every getter fails with BadMessage rather than reading past the end. */
    static final class Request {
        final int type;
        private final ByteBuffer buf;

        Request(byte[] body) {
            this.buf = ByteBuffer.wrap(body);
            this.type = buf.get() & 0xff;
        }

        int u32() throws BadMessage {
            need(4);
            return buf.getInt();
        }

        long u64() throws BadMessage {
            need(8);
            return buf.getLong();
        }

        byte[] bytes() throws BadMessage {
            int len = u32();
            if (len < 0) {
                throw new BadMessage("negative length");
            }
            need(len);
            byte[] b = new byte[len];
            buf.get(b);
            return b;
        }

        /** A string field as a slice of the packet, without copying (WRITE data). */
        ByteBuffer slice() throws BadMessage {
            int len = u32();
            if (len < 0) {
                throw new BadMessage("negative length");
            }
            need(len);
            ByteBuffer s = buf.slice();
            s.limit(len);
            buf.position(buf.position() + len);
            return s;
        }

        String string() throws BadMessage {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        /** Reads (and skips) an ATTRS structure, returning the size if it carries one, else -1. */
        long attrsSize() throws BadMessage {
            int flags = u32();
            long size = -1;
            if ((flags & ATTR_SIZE) != 0) {
                size = u64();
            }
            if ((flags & ATTR_UIDGID) != 0) {
                u32();
                u32();
            }
            if ((flags & ATTR_PERMISSIONS) != 0) {
                u32();
            }
            if ((flags & ATTR_ACMODTIME) != 0) {
                u32();
                u32();
            }
            if ((flags & ATTR_EXTENDED) != 0) {
                int count = u32();
                for (int i = 0; i < count; i++) {
                    bytes();
                    bytes();
                }
            }
            return size;
        }

        private void need(int n) throws BadMessage {
            if (buf.remaining() < n) {
                throw new BadMessage("packet too short");
            }
        }
    }

    static final class BadMessage extends Exception {
        BadMessage(String message) {
            super(message);
        }
    }

    /** A reply under construction; {@link #frame()} adds the length prefix. */
    static final class Reply {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Reply(int type) {
            u8(type);
        }

        Reply u8(int v) {
            try {
                out.writeByte(v);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return this;
        }

        Reply u32(int v) {
            try {
                out.writeInt(v);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return this;
        }

        Reply u64(long v) {
            try {
                out.writeLong(v);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return this;
        }

        Reply bytes(byte[] b, int off, int len) {
            u32(len);
            bytes.write(b, off, len);
            return this;
        }

        Reply string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return bytes(b, 0, b.length);
        }

        Reply attrs(HostTree.Entry e) {
            u32(ATTR_SIZE | ATTR_UIDGID | ATTR_PERMISSIONS | ATTR_ACMODTIME);
            u64(e.size());
            u32(0).u32(0);
            u32(e.directory() ? S_IFDIR | 0700 : S_IFREG | 0600);
            int t = (int) e.modified().getEpochSecond();
            return u32(t).u32(t);
        }

        byte[] frame() {
            byte[] body = bytes.toByteArray();
            return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
        }
    }
}
