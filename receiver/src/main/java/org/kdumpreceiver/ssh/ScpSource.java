package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.util.Optional;

/**
 * The sending end of legacy scp ({@code scp -f PATH}): only for a small file this host wrote with
 * echo (RHEL's vmcore-creation.status); stored dumps are sealed and never read back.
 */
final class ScpSource {
    private final ExecContext ctx;

    ScpSource(ExecContext ctx) {
        this.ctx = ctx;
    }

    int run(String source) throws IOException {
        ClientPath path = ClientPath.parse(source);
        if (ctx.in.read() != 0) {
            return 1;
        }
        Optional<byte[]> data = ctx.tree.readBack(path);
        if (data.isEmpty()) {
            String why = ctx.tree.stat(path).isPresent()
                    ? "Permission denied (stored dumps are sealed; only status files written with echo can be read back)"
                    : "No such file or directory";
            ctx.out.write(ExecCommand.utf8("\u0001scp: " + source + ": " + why + "\n"));
            ctx.out.flush();
            return 1;
        }
        byte[] bytes = data.get();
        ctx.out.write(ExecCommand.utf8("C0600 " + bytes.length + " " + path.name() + "\n"));
        ctx.out.flush();
        if (ctx.in.read() != 0) {
            return 1;
        }
        ctx.out.write(bytes);
        ctx.out.write(0);
        ctx.out.flush();
        return ctx.in.read() == 0 ? 0 : 1;
    }
}
