package org.kdumpreceiver.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kdump-receiver}: the daemon and the operator's tools share one entry point. */
@Command(name = "kdump-receiver", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Receives Linux kernel crash dumps over SSH and NFS and keeps them compressed and sealed.",
        subcommands = {ServeCommand.class, CheckConfigCommand.class, KeygenCommand.class, HostKeyCommand.class, HostsCommand.class, DumpsCommand.class,
                VerifyCommand.class, ExportCommand.class, ImportCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("kdump-receiver: " + Problems.describe(e));
            commandLine.getErr().flush();
            return 1;
        });
        return cli.execute(args);
    }
}
