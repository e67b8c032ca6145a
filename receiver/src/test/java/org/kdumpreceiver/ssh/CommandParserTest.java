package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kdumpreceiver.ssh.RemoteCommand.Dd;
import org.kdumpreceiver.ssh.RemoteCommand.Script;
import org.kdumpreceiver.ssh.RemoteCommand.Step;

/** Every exec string of docs/clients.md#exec-commands, and the ones that must be refused. */
class CommandParserTest {
    @Test
    void debianStrings() throws Exception {
        assertEquals(one(new RemoteCommand.Mkdir(List.of("/var/crash/192.0.2.2-202611221525"), true)),
                CommandParser.parse("mkdir -p /var/crash/192.0.2.2-202611221525"));
        assertEquals(one(new Dd("/var/crash/192.0.2.2-202611221525/dump-incomplete")),
                CommandParser.parse("dd of=/var/crash/192.0.2.2-202611221525/dump-incomplete"));
        assertEquals(one(new RemoteCommand.Mv("/var/crash/d/dump-incomplete.gz", "/var/crash/d/dump.202611221525.gz")),
                CommandParser.parse("mv /var/crash/d/dump-incomplete.gz /var/crash/d/dump.202611221525.gz"));
    }

    @Test
    void rhelStrings() throws Exception {
        String d = "/var/crash/192.168.122.10-2026-11-22-15:36:51";
        assertEquals(new Script(List.of(new Step(new RemoteCommand.Umask(0077), false),
                new Step(new Dd(d + "/vmcore-incomplete"), true))),
                CommandParser.parse("umask 0077 && dd bs=512 of='" + d + "/vmcore-incomplete'"));
        assertEquals(new Script(List.of(new Step(new RemoteCommand.Umask(0077), false),
                new Step(new Dd(d + "/vmcore-dmesg-incomplete.txt"), true))),
                CommandParser.parse("umask 0077 && dd of='" + d + "/vmcore-dmesg-incomplete.txt'"));
        assertEquals(one(new RemoteCommand.Mv(d + "/vmcore-incomplete", d + "/vmcore.flat")),
                CommandParser.parse("mv '" + d + "/vmcore-incomplete' '" + d + "/vmcore.flat'"));
        assertEquals(one(new Dd("/var/crash/x/vmcore-incomplete")), CommandParser.parse("dd bs=512 of=/var/crash/x/vmcore-incomplete"));
        assertEquals(one(new RemoteCommand.Mktemp("/var/crash")), CommandParser.parse("mktemp -dqp /var/crash"));
        assertEquals(one(new RemoteCommand.Rmdir("/var/crash/tmp.8f0C1j0aT2")), CommandParser.parse("rmdir /var/crash/tmp.8f0C1j0aT2"));
        assertEquals(one(new RemoteCommand.Df("/var/crash")), CommandParser.parse("df --output=avail /var/crash"));
        assertEquals(one(new RemoteCommand.Echo(List.of("success", "kdump_test_id=1763825000-123456789"),
                "/var/crash/kdump-test-1763825000-123456789/vmcore-creation.status", false)),
                CommandParser.parse("echo success kdump_test_id=1763825000-123456789 > "
                        + "/var/crash/kdump-test-1763825000-123456789/vmcore-creation.status"));
    }

    @Test
    void suseAndScpAndSshCopyIdProbe() throws Exception {
        Script suse = CommandParser.parse("umask 077; mkdir -p /srv/dumps/crasher-2026-11-22-15-37 && "
                + "cat > /srv/dumps/crasher-2026-11-22-15-37/vmcore");
        assertEquals(new Script(List.of(new Step(new RemoteCommand.Umask(077), false),
                new Step(new RemoteCommand.Mkdir(List.of("/srv/dumps/crasher-2026-11-22-15-37"), true), false),
                new Step(new RemoteCommand.CatInto("/srv/dumps/crasher-2026-11-22-15-37/vmcore", false), true))), suse);
        Script suse1 = CommandParser.parse("dd of=/d/vmcore-incomplete && mv /d/vmcore-incomplete /d/vmcore");
        assertEquals(2, suse1.steps().size());
        assertEquals(one(new RemoteCommand.Scp(true, "/var/crash/d/dmesg.1", false)), CommandParser.parse("scp -t /var/crash/d/dmesg.1"));
        assertEquals(one(new RemoteCommand.Scp(true, "-odd", true)), CommandParser.parse("scp -v -p -t -- -odd"));
        assertEquals(one(new RemoteCommand.Scp(false, "/d/vmcore-creation.status", false)), CommandParser.parse("scp -f /d/vmcore-creation.status"));
        assertEquals(one(new RemoteCommand.Exit(0)), CommandParser.parse("exit"));
        assertEquals(one(new RemoteCommand.Exit(0)), CommandParser.parse("  exit  "));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ## ", quoteCharacter = '%', value = {
        "ls /var/crash ## 127 ## ls: command not found",
        "rm -rf / ## 127 ## rm: command not found",
        "bash ## 127 ## bash: command not found",
        "dd if=/dev/sda of=/tmp/x ## 126 ## operand 'if=/dev/sda' is not served",
        "dd ## 126 ## of=FILE is required",
        "cat /etc/passwd ## 126 ## only 'cat > FILE'",
        "mkdir -p /a; ls ## 127 ## ls: command not found",
        "mkdir -p /a | tee x ## 126 ## '|' is not supported",
        "dd of=/x/`id` ## 126 ## '`' is not supported",
        "dd of=$HOME/x ## 126 ## '$' is not supported",
        "mkdir -p \"$(id)\" ## 126 ## '$' is not supported",
        "mkdir -p /a &&  ## 126 ## '&&' at end",
        "mv a b c ## 126 ## expected 'mv SOURCE TARGET'",
        "scp -r -t /x ## 126 ## recursive",
        "scp -t /a /b ## 126 ## ambiguous target",
        "dd of=/a > /b ## 126 ## redirection is only served",
        "dd of=/a; cat > /b ## 126 ## only one command per line may read standard input",
        "echo 'unterminated ## 126 ## unterminated single quote",
        "mkdir -p /tmp/* ## 126 ## '*' is not supported",
        "exit now ## 126 ## expected 'exit [N]'",
    })
    void refusals(String line, int status, String message) {
        CommandRefused e = assertThrows(CommandRefused.class, () -> CommandParser.parse(line));
        assertEquals(status, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void quotingAsAShellWouldRead() throws Exception {
        assertEquals(one(new Dd("/var/crash/a b/dump")), CommandParser.parse("dd of='/var/crash/a b/dump'"));
        assertEquals(one(new Dd("/var/crash/a b/dump")), CommandParser.parse("dd of=/var/crash/a\\ b/dump"));
        assertEquals(one(new Dd("/var/crash/a\"b")), CommandParser.parse("dd of=\"/var/crash/a\\\"b\""));
        assertEquals(one(new RemoteCommand.Mkdir(List.of("/var/crash/a", "b"), true)),
                CommandParser.parse("mkdir -p /var/crash/a b"));
    }

    private static Script one(RemoteCommand c) {
        return new Script(List.of(new Step(c, false)));
    }
}
