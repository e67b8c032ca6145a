package org.kdumpreceiver.cli;

import java.util.concurrent.Callable;
import org.kdumpreceiver.config.ConfigError;
import org.kdumpreceiver.config.ConfigException;
import org.kdumpreceiver.config.ConfigPrinter;
import org.kdumpreceiver.config.ReceiverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check-config", description = "Print the effective configuration, or every error in it.")
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            ReceiverConfig loaded = config.load();
            spec.commandLine().getOut().println("# effective configuration (from " + loaded.source() + ")");
            spec.commandLine().getOut().print(ConfigPrinter.toYaml(loaded));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                spec.commandLine().getErr().println(error);
            }
            spec.commandLine().getErr().println(e.errors().size() + " error(s); configuration not usable");
            return 1;
        }
    }
}
