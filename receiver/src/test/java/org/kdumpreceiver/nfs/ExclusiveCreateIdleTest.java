package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.TestData;

/**
 * makedumpfile --dump-dmesg over NFS, as the VM harness's capture kernel does it: an exclusive
 * CREATE of a final name, sequential WRITEs, COMMIT, and nothing more. The file must be sealed once
 * it has been idle for the finish time.
 */
class ExclusiveCreateIdleTest {
    @Test
    void exclusivelyCreatedTextFileIsSealedWhenIdle(@TempDir Path tmp) throws Exception {
        byte[] text = TestData.dmesgText();
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32"); RpcTestClient client = nfs.client()) {
            byte[] root = client.mnt("/var/crash/");
            byte[] dir = client.mkdir(root, "10.0.2.15-202611221758");
            byte[] file = client.createExclusive(dir, "dmesg.202611221758", new byte[] {9, 9, 9, 9, 1, 2, 3, 4});
            for (int off = 0; off < text.length; off += 4096) {
                RpcTestClient.check(client.write(file, off, text, off, Math.min(4096, text.length - off)), "WRITE");
            }
            RpcTestClient.check(client.commit(file), "COMMIT");
            // The stored file exists while it is being written; the manifest says when it is sealed.
            Path sealed = nfs.awaitSealed("dmesg.202611221758.zst.age");
            assertTrue(nfs.manifest(sealed).contains("\"verdict\" : \"complete\""), nfs.manifest(sealed));
        }
    }
}
