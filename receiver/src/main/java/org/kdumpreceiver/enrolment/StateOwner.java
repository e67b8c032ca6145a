package org.kdumpreceiver.enrolment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Files in the state directory belong to the state directory's owner, whoever made them. The daemon runs
 * as its own user; an operator runs {@code kdump-receiver hosts token} or {@code hosts add} as root. A file
 * root creates there (a new registry, its lock file, a host key) would be root's and mode 0600, and the
 * service could then neither read it nor take its lock: every login of that host would fail. So a file
 * made there is handed to the directory's owner and group, which only root can do and only root needs.
 */
public final class StateOwner {
    private StateOwner() {}

    /** Gives {@code file} the owner and group of its directory when they differ (a root CLI's file). */
    public static void adopt(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        PosixFileAttributes dirAttrs = Files.readAttributes(dir, PosixFileAttributes.class);
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes fileAttrs = view.readAttributes();
        if (fileAttrs.owner().equals(dirAttrs.owner()) && fileAttrs.group().equals(dirAttrs.group())) {
            return;
        }
        try {
            view.setOwner(dirAttrs.owner());
            view.setGroup(dirAttrs.group());
        } catch (IOException e) {
            throw new IOException("cannot give " + file + " to " + dirAttrs.owner().getName() + ":"
                    + dirAttrs.group().getName() + ", the owner of " + dir + " (" + e.getMessage() + "); run this"
                    + " command as root or as that user, or the service cannot read the file", e);
        }
    }
}
