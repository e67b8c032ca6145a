package org.kdumpreceiver.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.kdumpreceiver.crypto.Identity;
import org.kdumpreceiver.crypto.IdentityFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Like {@code age-keygen}: the identity stays with the operator, its recipient goes in the config. */
@Command(name = "keygen", description = "Create an age X25519 identity and print its recipient (like age-keygen).")
final class KeygenCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the identity to FILE (mode 0600, never overwritten) instead of standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Identity identity = Identity.generate();
        if (output == null) {
            spec.commandLine().getOut().println("# created: " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            spec.commandLine().getOut().println("# public key: " + identity.recipient().encoded());
            spec.commandLine().getOut().println(identity.encoded());
            spec.commandLine().getOut().flush();
        } else {
            IdentityFile.write(output, identity);
            spec.commandLine().getErr().println("Public key: " + identity.recipient().encoded());
        }
        return 0;
    }
}
