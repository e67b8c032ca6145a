package org.kdumpreceiver.cli;

import picocli.CommandLine;

final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"kdump-receiver " + (v == null ? "development build" : v)};
    }
}
