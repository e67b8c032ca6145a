package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.dcache.oncrpc4j.rpc.OncRpcAcceptedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.RejectReason;

/** Garbage, truncated XDR and huge lengths: that call or connection fails, everyone else is still served. */
class MalformedRpcTest {
    @Test
    void garbageAndHugeLengthsDoNotStopTheServer(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32")) {
            for (byte[] junk : new byte[][] {
                {0x47, 0x45, 0x54, 0x20, 0x2f, 0x20, 0x48, 0x54, 0x54, 0x50},     // "GET / HTTP"
                {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 1},  // a 2 GiB fragment
                {(byte) 0x80, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0},                   // truncated call header
            }) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), nfs.endpoint.port())) {
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    out.write(junk);
                    out.flush();
                    s.setSoTimeout(2000);
                    try {
                        s.getInputStream().read();
                    } catch (java.net.SocketTimeoutException | java.net.SocketException ignored) {
                        // dropped or ignored: both fine
                    }
                }
            }
            try (RpcTestClient client = nfs.client()) {
                byte[] root = client.mnt("/var/crash");
                // a name length far beyond the limit, and a truncated LOOKUP: GARBAGE_ARGS
                assertThrows(OncRpcAcceptedException.class, () -> client.nfsCall(3, out -> {
                    out.xdrEncodeDynamicOpaque(root);
                    out.xdrEncodeInt(0x7fffffff);
                }));
                assertThrows(OncRpcAcceptedException.class, () -> client.nfsCall(3, out -> out.xdrEncodeInt(20)));
                // and the same connection still works
                assertEquals(NfsStatus.NOENT, client.lookupReply(root, "nothing-here").status);
                byte[] dir = client.mkdir(root, "127.0.0.1-202611221400");
                assertEquals(0, client.lookupReply(root, "127.0.0.1-202611221400").status);
                assertEquals(NfsStatus.EXIST, client.nfsCall(9, out -> {
                    out.xdrEncodeDynamicOpaque(root);
                    Xdr.string(out, "127.0.0.1-202611221400");
                    RpcTestClient.sattrNone(out);
                }).status);
                assertEquals(NfsStatus.STALE, client.lookupReply(tamper(dir), "x").status, "a handle not ours");
            }
        }
    }

    @Test
    void anotherHostsDirectoriesDoNotExistForAClient(@TempDir Path tmp) throws Exception {
        org.kdumpreceiver.ingest.SealedStoreFixture store = new org.kdumpreceiver.ingest.SealedStoreFixture(tmp);
        Exports exports = NfsFixture.exports(store);
        org.kdumpreceiver.store.HostIdentity web17 = new org.kdumpreceiver.store.HostIdentity("web-17");
        org.kdumpreceiver.store.HostIdentity web18 = new org.kdumpreceiver.store.HostIdentity("web-18");
        HostExport a = exports.of(web17);
        Dir dir = a.mkdir(a.root, "web-17-2026-11-22-14-00", null, "10.0.2.17");
        byte[] handle = exports.handle(dir);
        assertEquals(dir, exports.node(handle, web17));
        NfsRefused refused = assertThrows(NfsRefused.class, () -> exports.node(handle, web18));
        assertEquals(NfsError.STALE, refused.error());
        HostExport b = exports.of(web18);
        assertEquals(NfsError.NOENT, assertThrows(NfsRefused.class,
                () -> b.lookup(b.root, "web-17-2026-11-22-14-00")).error());
        a.create(dir, "dmesg", CreateMode.UNCHECKED, null, 0L, null, "10.0.2.17");
        // web-17 now has dumps: web-18 may not make a directory named after it
        assertEquals(RejectReason.OTHER_HOST, assertThrows(NfsRefused.class,
                () -> b.mkdir(b.root, "web-17-2026-11-22-15-00", null, "10.0.2.18")).reason());
        exports.closeAll(VerdictReason.RECEIVER_STOPPED);
    }

    private static byte[] tamper(byte[] handle) {
        byte[] h = handle.clone();
        h[h.length - 1] ^= 0x55;
        return h;
    }
}
