package org.kdumpreceiver.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.Mac;

/** Serializes an age header and appends its MAC. */
final class HeaderWriter {
    private static final int COLUMNS = 64;

    private HeaderWriter() {}

    static byte[] write(List<Stanza> stanzas, byte[] fileKey) {
        StringBuilder text = new StringBuilder(Header.VERSION_LINE).append('\n');
        for (Stanza stanza : stanzas) {
            text.append("-> ").append(stanza.type());
            for (String arg : stanza.args()) {
                text.append(' ').append(arg);
            }
            text.append('\n');
            String body = StrictBase64.encode(stanza.body());
            // The body ends with a line shorter than 64 columns, which may be empty.
            for (int i = 0; i <= body.length(); i += COLUMNS) {
                text.append(body, i, Math.min(body.length(), i + COLUMNS)).append('\n');
            }
        }
        text.append("---");
        byte[] macInput = text.toString().getBytes(StandardCharsets.US_ASCII);
        Mac mac = Hkdf.hmac(Hkdf.derive(new byte[0], fileKey, "header"));
        String macText = " " + StrictBase64.encode(mac.doFinal(macInput)) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(macInput.length + macText.length());
        out.writeBytes(macInput);
        out.writeBytes(macText.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
