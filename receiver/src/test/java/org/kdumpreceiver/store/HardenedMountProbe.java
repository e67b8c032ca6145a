package org.kdumpreceiver.store;

import java.nio.file.Path;
import java.time.Clock;
import org.kdumpreceiver.config.ConfigException;
import org.kdumpreceiver.config.ConfigLoader;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.crypto.Recipient;

/**
 * Run in a child JVM inside the mount namespace {@link HardenedMountsInteropTest} prepares: loads a config
 * (whose checks test state_dir and storage.root) and reads the store's space, printing one line each.
 */
public final class HardenedMountProbe {
    private HardenedMountProbe() {}

    public static void main(String[] args) throws Exception {
        try {
            ReceiverConfig config = ConfigLoader.load(Path.of(args[0]), Recipient::problem);
            System.out.println("config: ok");
            DumpStore.Space space = new DumpStore(config.storage().root(), Clock.systemUTC()).space();
            System.out.println("space: total=" + space.total() + " free=" + space.free() + " usable="
                    + space.usable());
        } catch (ConfigException e) {
            System.out.println("config: " + e.getMessage().replace('\n', ' '));
        }
    }
}
