package org.kdumpreceiver.cli;

import java.nio.file.Path;
import org.kdumpreceiver.config.ConfigException;
import org.kdumpreceiver.config.ConfigLoader;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.crypto.Recipient;
import picocli.CommandLine.Option;

/** {@code --config FILE} for every subcommand that needs the configuration. */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file (default: the embedded development default: storage under"
                    + " ./var/, listeners on 127.0.0.1).")
    Path file;

    ReceiverConfig load() throws ConfigException {
        return file == null
                ? ConfigLoader.embeddedDefault(Recipient::problem)
                : ConfigLoader.load(file, Recipient::problem);
    }
}
