package org.kdumpreceiver.ssh;

import java.util.List;

/**
 * The closed set of commands kdump clients send over an exec channel (docs/clients.md#exec-commands). Paths are as
 * the client wrote them; {@link ClientPath} decides what they mean.
 */
sealed interface RemoteCommand {
    /** Whether this command reads the channel's standard input. */
    default boolean readsStdin() {
        return false;
    }

    record Umask(int mask) implements RemoteCommand {}

    record Mkdir(List<String> dirs, boolean parents) implements RemoteCommand {}

    /** {@code dd of=P} (also {@code bs=N}, which changes nothing for a pipe's bytes). */
    record Dd(String target) implements RemoteCommand {
        @Override
        public boolean readsStdin() {
            return true;
        }
    }

    /** {@code cat > P} (SUSE 2.x). */
    record CatInto(String target, boolean append) implements RemoteCommand {
        @Override
        public boolean readsStdin() {
            return true;
        }
    }

    record Mv(String from, String to) implements RemoteCommand {}

    record Mktemp(String parent) implements RemoteCommand {}

    record Rmdir(String dir) implements RemoteCommand {}

    record Df(String path) implements RemoteCommand {}

    /** {@code echo WORDS > P}; without a target the words go to stdout. */
    record Echo(List<String> words, String target, boolean append) implements RemoteCommand {}

    record Exit(int status) implements RemoteCommand {}

    /** Legacy scp: {@code scp -t P} receives a file, {@code scp -f P} sends one back. */
    record Scp(boolean sink, String path, boolean preserveTimes) implements RemoteCommand {
        @Override
        public boolean readsStdin() {
            return true;
        }
    }

    /** Commands joined by {@code ;} or {@code &&}: a step after {@code &&} runs only if the one before succeeded. */
    record Script(List<Step> steps) {}

    record Step(RemoteCommand command, boolean onlyAfterSuccess) {}
}
