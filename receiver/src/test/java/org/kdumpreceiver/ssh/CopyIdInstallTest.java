package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ssh-copy-id's install command in the forms OpenSSH versions send (docs/clients.md#ssh-copy-id-install-strings),
 * and look-alikes.
 */
class CopyIdInstallTest {
    static final String OPENSSH_9_2 = "exec sh -c 'cd; umask 077; mkdir -p \".ssh\" && { [ -z `tail -1c .ssh/authorized_keys"
            + " 2>/dev/null` ] || echo >> \".ssh/authorized_keys\" || exit 1; } && cat >> \".ssh/authorized_keys\" || exit 1;"
            + " if type restorecon >/dev/null 2>&1; then restorecon -F \".ssh\" \".ssh/authorized_keys\"; fi '";
    static final String OPENSSH_8_0 = "exec sh -c 'cd ; umask 077 ; mkdir -p .ssh && { [ -z `tail -1c .ssh/authorized_keys"
            + " 2>/dev/null` ] || echo >> .ssh/authorized_keys ; } && cat >> .ssh/authorized_keys || exit 1 ; if type"
            + " restorecon >/dev/null 2>&1 ; then restorecon -F .ssh .ssh/authorized_keys ; fi'";
    static final String OPENSSH_9_6 = "exec sh -c ' cd; umask 077; AUTH_KEY_FILE=\".ssh/authorized_keys\"; [ -f"
            + " /etc/openwrt_release ] && [ \"$LOGNAME\" = \"root\" ] && AUTH_KEY_FILE=/etc/dropbear/authorized_keys;"
            + " AUTH_KEY_DIR=`dirname \"${AUTH_KEY_FILE}\"`; mkdir -p \"${AUTH_KEY_DIR}\" && { [ -z `tail -1c"
            + " \"${AUTH_KEY_FILE}\" 2>/dev/null` ] || echo >> \"${AUTH_KEY_FILE}\" || exit 1; } && cat >>"
            + " \"${AUTH_KEY_FILE}\" || exit 1; if type restorecon >/dev/null 2>&1; then restorecon -F"
            + " \"${AUTH_KEY_DIR}\" \"${AUTH_KEY_FILE}\"; fi'";

    @ParameterizedTest
    @ValueSource(strings = {OPENSSH_8_0, OPENSSH_9_2, OPENSSH_9_6})
    void everyOpenSshVersionsInstallCommandIsRecognised(String line) {
        assertTrue(CopyIdInstall.matches(line), line);
    }

    @Test
    void dropbearTargetIsStillAnAuthorizedKeysFile() {
        assertTrue(CopyIdInstall.matches(OPENSSH_9_2.replace(".ssh/authorized_keys", "/etc/dropbear/authorized_keys")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exit", "mkdir -p /var/crash/x", "exec sh -c 'cat /etc/passwd'",
        "exec sh -c 'cat >> /etc/cron.d/evil'", "exec sh -c 'cat > .ssh/authorized_keys'",
        "sh -c 'cat >> .ssh/authorized_keys' ; rm -rf /", "exec bash -c 'cat >> .ssh/authorized_keys'",
        "exec sh -c 'cat >> .ssh/authorized_keys_backup'"})
    void otherCommandsAreNot(String line) {
        assertFalse(CopyIdInstall.matches(line), line);
    }
}
