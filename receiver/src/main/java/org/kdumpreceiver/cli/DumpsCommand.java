package org.kdumpreceiver.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.ManifestCodec;
import org.kdumpreceiver.store.StoredFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dumps", description = "List and show stored dumps.",
        subcommands = {DumpsCommand.ListDumps.class, DumpsCommand.ShowDump.class})
final class DumpsCommand {

    @Command(name = "list", description = "One line per dump: id, protocol, files with sizes and verdicts.")
    static final class ListDumps implements Callable<Integer> {
        @Mixin
        StoreOption storeOption;

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DumpStore store = storeOption.store();
            List<Manifest> manifests = StoreOption.manifests(store, List.of());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode array = ManifestCodec.json().createArrayNode();
                for (Manifest m : manifests) {
                    array.add(summary(m));
                }
                out.println(ManifestCodec.json().writeValueAsString(array));
            } else {
                out.printf("%-40s %-8s %s%n", "ID", "PROTOCOL", "FILES (name bytes_in->bytes_stored verdict)");
                for (Manifest m : manifests) {
                    StringBuilder files = new StringBuilder();
                    for (StoredFile f : m.files()) {
                        files.append(files.length() == 0 ? "" : ", ").append(f.clientName()).append(' ')
                                .append(Sizes.human(f.bytesIn())).append("->").append(Sizes.human(f.bytesStored()))
                                .append(' ').append(verdictOf(f));
                    }
                    out.printf("%-40s %-8s %s%n", m.id(), m.protocol(), files.length() == 0 ? "(no files)" : files);
                }
            }
            out.flush();
            return 0;
        }

        private static ObjectNode summary(Manifest m) {
            ObjectNode node = ManifestCodec.json().createObjectNode();
            node.put("id", m.id());
            node.put("host", m.host());
            node.put("stamp", m.id().substring(m.id().indexOf('/') + 1));
            node.put("protocol", m.protocol());
            ArrayNode files = node.putArray("files");
            for (StoredFile f : m.files()) {
                ObjectNode file = files.addObject();
                file.put("name", f.clientName());
                file.put("stored_name", f.storedName());
                file.put("verdict", f.verdict());
                file.put("reason", f.reason());
                file.put("bytes_in", f.bytesIn());
                file.put("bytes_stored", f.bytesStored());
                file.put("sha256", f.sha256());
            }
            return node;
        }
    }

    @Command(name = "show", description = "Show one dump's manifest.")
    static final class ShowDump implements Callable<Integer> {
        @Mixin
        StoreOption storeOption;

        @Parameters(paramLabel = "ID", description = "Dump id, HOST/STAMP, as 'dumps list' prints it.")
        String id;

        @Option(names = "--json", description = "Print manifest.json as stored.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Manifest m = StoreOption.manifests(storeOption.store(), List.of(id)).get(0);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(ManifestCodec.json().writeValueAsString(m));
                out.flush();
                return 0;
            }
            out.printf("id:              %s%nhost:            %s%nprotocol:        %s%nclient_address:  %s%n"
                    + "client_dir:      %s%ncreated_at:      %s%n", m.id(), m.host(), m.protocol(), m.clientAddress(),
                    m.clientPaths().directory(), m.createdAt());
            for (StoredFile f : m.files()) {
                out.printf("%nfile %s%n  client_path:   %s%n  stored_name:   %s%n  state:         %s%n"
                        + "  bytes:         %s in, %s stored%n  format:        %s%n  verdict:       %s%n"
                        + "  sha256:        %s%n  started:       %s%n  finished:      %s (%s/s)%n",
                        f.clientName(), f.clientPath(), f.storedName(), f.state(), Sizes.human(f.bytesIn()),
                        Sizes.human(f.bytesStored()), f.format(), verdictOf(f), f.sha256(), f.startedAt(),
                        f.finishedAt(), Sizes.human(f.bytesPerSecond()));
                for (StoredFile.Rename r : f.renames()) {
                    out.printf("  renamed:       %s -> %s at %s%n", r.from(), r.to(), r.at());
                }
            }
            out.flush();
            return 0;
        }
    }

    static String verdictOf(StoredFile f) {
        if (!f.sealed()) {
            return "receiving";
        }
        return f.reason() == null ? f.verdict() : f.verdict() + "(" + f.reason() + ")";
    }
}
