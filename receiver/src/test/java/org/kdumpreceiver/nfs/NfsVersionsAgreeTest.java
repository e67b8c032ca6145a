package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same input gets the same answer from NFSv3 and NFSv4.1: both act on one HostExport. */
class NfsVersionsAgreeTest {
    private static final String DIR = "127.0.0.1-202611221400";
    /** Three names of 253 bytes of UTF-8 but 85 characters each. */
    private static final List<String> WIDE_NAMES =
            List.of("€".repeat(84) + "a", "€".repeat(84) + "b", "€".repeat(84) + "c");

    @Test
    void aSizeNoFileCanHaveIsInvalInBoth(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32")) {
            try (RpcTestClient v3 = nfs.client()) {
                byte[] dir = v3.mkdir(v3.mnt("/var/crash"), DIR);
                byte[] file = v3.createExclusive(dir, "dmesg", new byte[8]);
                RpcTestClient.Reply r = v3.nfsCall(2, out -> {  // SETATTR
                    out.xdrEncodeDynamicOpaque(file);
                    out.xdrEncodeBoolean(false);  // mode
                    out.xdrEncodeBoolean(false);  // uid
                    out.xdrEncodeBoolean(false);  // gid
                    out.xdrEncodeBoolean(true);   // size: 2^64 - 1
                    out.xdrEncodeLong(-1);
                    out.xdrEncodeInt(0);          // atime, mtime: DONT_CHANGE
                    out.xdrEncodeInt(0);
                    out.xdrEncodeBoolean(false);  // no guard
                });
                assertEquals(NfsStatus.INVAL, r.status);
            }
            try (Nfs4TestClient v4 = new Nfs4TestClient(nfs.endpoint.port(), "Linux NFSv4.1 agree")) {
                v4.establish();
                byte[] dir = v4.walk("/var/crash/" + DIR);
                Nfs4TestClient.Reply open = v4.compound(v4.ops().sequence().putfh(dir).openCreate("status", null)
                        .getfh());
                Nfs4TestClient.check(open, "OPEN");
                byte[] file = (byte[]) open.last().value();
                Nfs4TestClient.Reply r = v4.compound(v4.ops().sequence().putfh(file).op(Nfs4Program.SETATTR, out -> {
                    out.xdrEncodeInt(0);                           // the anonymous stateid
                    out.xdrEncodeOpaque(new byte[12], 12);
                    out.xdrEncodeInt(1);                           // mask: size
                    out.xdrEncodeInt(1 << Nfs4Attrs.SIZE);
                    out.xdrEncodeInt(8);                           // its value: 2^64 - 1
                    out.xdrEncodeLong(-1);
                }));
                assertEquals(Nfs4Status.INVAL, r.status());
            }
        }
    }

    /**
     * A READDIR reply fits the size the client gave: names count in bytes of UTF-8, as they are sent. With
     * room for one 253-byte name per reply, both versions answer one name per reply, and every name in turn.
     */
    @Test
    void readdirMeasuresNamesInBytesInBoth(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32")) {
            try (RpcTestClient v3 = nfs.client()) {
                byte[] root = v3.mnt("/var/crash");
                byte[] dir = v3.mkdir(root, DIR);
                for (String name : WIDE_NAMES) {
                    v3.mkdir(dir, name);
                }
                int count = 512;
                List<String> seen = new ArrayList<>();
                long cookie = 0;
                boolean eof = false;
                while (!eof) {
                    long from = cookie;
                    RpcTestClient.Reply r = v3.nfsCall(16, out -> {  // READDIR
                        out.xdrEncodeDynamicOpaque(dir);
                        out.xdrEncodeLong(from);
                        out.xdrEncodeOpaque(new byte[8], 8);
                        out.xdrEncodeInt(count);
                    });
                    RpcTestClient.check(r, "READDIR");
                    assertTrue(4 + r.rest.length <= count, "a reply of " + (4 + r.rest.length) + " bytes for count "
                            + count);
                    Listing listing = Listing.v3(r.rest);
                    assertEquals(1, listing.names.size(), "names in one reply: " + listing.names);
                    seen.addAll(listing.names);
                    cookie = listing.lastCookie;
                    eof = listing.eof;
                }
                assertEquals(WIDE_NAMES, seen);
            }
            try (Nfs4TestClient v4 = new Nfs4TestClient(nfs.endpoint.port(), "Linux NFSv4.1 agree")) {
                v4.establish();
                byte[] dir = v4.walk("/var/crash/" + DIR);
                int[] mask = Nfs4Attrs.mask(Nfs4Attrs.TYPE, Nfs4Attrs.FILEID);
                Nfs4TestClient.Reply r = v4.compound(v4.ops().sequence().putfh(dir).op(Nfs4Program.READDIR, out -> {
                    out.xdrEncodeLong(0);
                    out.xdrEncodeOpaque(new byte[8], 8);
                    out.xdrEncodeInt(400);  // dircount
                    out.xdrEncodeInt(400);  // maxcount: one entry of 304 bytes; two if names counted characters
                    out.xdrEncodeInt(mask.length);
                    for (int w : mask) {
                        out.xdrEncodeInt(w);
                    }
                }));
                Nfs4TestClient.check(r, "READDIR");
                assertEquals(WIDE_NAMES.subList(0, 1), r.last().value());
            }
        }
    }

    /** The names of one READDIR3resok, its last cookie and its eof. */
    private record Listing(List<String> names, long lastCookie, boolean eof) {
        static Listing v3(byte[] body) {
            ByteBuffer b = ByteBuffer.wrap(body);
            if (b.getInt() != 0) {
                b.position(b.position() + 84);  // the directory's fattr3
            }
            b.position(b.position() + 8);       // cookie verifier
            List<String> names = new ArrayList<>();
            long cookie = 0;
            while (b.getInt() != 0) {
                b.getLong();                    // fileid
                byte[] name = new byte[b.getInt()];
                b.get(name);
                b.position(b.position() + ((4 - name.length % 4) % 4));
                names.add(new String(name, StandardCharsets.UTF_8));
                cookie = b.getLong();
            }
            return new Listing(names, cookie, b.getInt() != 0);
        }
    }
}
