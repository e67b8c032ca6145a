package org.kdumpreceiver.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.ssh.HostKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What clients must pin: fingerprints to compare, and known_hosts lines to paste. */
@Command(name = "host-key", description = "Print the SSH host key fingerprints and known_hosts lines"
        + " (the keys are created if this receiver has none yet).")
final class HostKeyCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--name", paramLabel = "HOST", description = "Name or address clients use for this receiver"
            + " in known_hosts (default: the ssh.listen address).")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReceiverConfig config = configOption.load();
        StateDirectory.create(config.stateDir());
        HostKeys keys = HostKeys.loadOrCreate(config.stateDir());
        String host = name != null ? name : config.ssh().listen().host();
        int port = config.ssh().listen().port();
        String pattern = port == 22 ? host : "[" + host + "]:" + port;
        PrintWriter out = spec.commandLine().getOut();
        for (HostKeys.Key key : keys.keys()) {
            out.println("# " + key.type() + " " + key.fingerprint());
        }
        for (HostKeys.Key key : keys.keys()) {
            out.println(pattern + " " + key.publicLine());
        }
        out.flush();
        return 0;
    }
}
