package org.kdumpreceiver.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Opens files sealed in the age v1 format (by {@link Sealer} or the age CLI) with X25519 identities. */
public final class Opener {
    private Opener() {}

    /**
     * Reads and authenticates the header, then returns a stream of the plaintext. Payload chunks are
     * authenticated before any of their bytes are returned. On a truncated file the plaintext of all
     * complete chunks is returned first, then {@link TruncatedSealException} is thrown.
     * If this method throws, {@code source} is left open; closing the returned stream closes it.
     *
     * @throws NoMatchingIdentityException if no identity is a recipient of the file
     * @throws SealedStreamException if the header is malformed or its MAC does not verify
     */
    public static InputStream open(InputStream source, List<Identity> identities) throws IOException {
        Objects.requireNonNull(source, "source");
        if (identities == null || identities.isEmpty()) {
            throw new IllegalArgumentException("at least one identity is required");
        }
        SourceReader reader = new SourceReader(source);
        Header header = HeaderReader.read(reader);
        byte[] fileKey = fileKey(header, identities);
        byte[] expectedMac = Hkdf.hmac(Hkdf.derive(new byte[0], fileKey, "header")).doFinal(header.macInput());
        if (!MessageDigest.isEqual(expectedMac, header.mac())) {
            throw new SealedStreamException("age header MAC mismatch: the header (first " + header.length()
                    + " bytes) was modified or corrupted");
        }
        byte[] nonce = new byte[Sealer.PAYLOAD_NONCE_BYTES];
        if (reader.readFully(nonce, 0, nonce.length) < nonce.length) {
            throw new TruncatedSealException("sealed file is truncated: it ends inside the payload nonce at byte "
                    + reader.offset() + ", before any payload chunk");
        }
        return new OpeningInputStream(reader, new ChunkCipher(Hkdf.derive(nonce, fileKey, "payload")));
    }

    private static byte[] fileKey(Header header, List<Identity> identities) throws IOException {
        int x25519Stanzas = 0;
        for (Stanza stanza : header.stanzas()) {
            if (!stanza.type().equals(X25519Stanzas.TYPE)) {
                continue; // other recipient types and age's random "grease" stanzas
            }
            x25519Stanzas++;
            for (Identity identity : identities) {
                byte[] fileKey = X25519Stanzas.unwrap(stanza, identity);
                if (fileKey != null) {
                    return fileKey;
                }
            }
        }
        String ours = identities.stream().limit(3).map(i -> i.recipient().encoded())
                .collect(Collectors.joining(", ")) + (identities.size() > 3 ? ", ..." : "");
        if (x25519Stanzas == 0) {
            String types = header.stanzas().stream().map(Stanza::type).collect(Collectors.toCollection(TreeSet::new))
                    .toString();
            throw new NoMatchingIdentityException("sealed file has no X25519 recipients (stanza types " + types
                    + "; passphrase or SSH-key encrypted?), so identities " + ours + " cannot open it");
        }
        throw new NoMatchingIdentityException("none of the " + identities.size() + " identities (public keys "
                + ours + ") is a recipient of this file, which has " + x25519Stanzas
                + " X25519 recipient(s); use the identity file matching a recipient it was sealed for");
    }
}
