package org.kdumpreceiver.nfs;

import java.io.IOException;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/** Small adapters between oncrpc4j's {@link XdrAble} and handlers that read and write XDR directly. */
final class Xdr {
    private Xdr() {
    }

    @FunctionalInterface
    interface Encoder {
        void encode(XdrEncodingStream out) throws IOException;
    }

    @FunctionalInterface
    interface Handler {
        Encoder handle(XdrDecodingStream in) throws IOException, NfsRefused;
    }

    /** Runs {@code handler} on the call's arguments, field by field, and returns what it wants to reply. */
    static Encoder decode(org.dcache.oncrpc4j.rpc.RpcCall call, Handler handler) throws IOException, NfsRefused {
        final class Run implements XdrAble {
            Encoder result;
            NfsRefused refused;

            @Override
            public void xdrDecode(XdrDecodingStream xdr) throws IOException {
                try {
                    result = handler.handle(xdr);
                } catch (NfsRefused e) {
                    refused = e;
                }
            }

            @Override
            public void xdrEncode(XdrEncodingStream xdr) {
                throw new UnsupportedOperationException();
            }
        }
        Run run = new Run();
        call.retrieveCall(run);
        if (run.refused != null) {
            throw run.refused;
        }
        return run.result;
    }

    /** A reply written by a lambda. */
    static XdrAble reply(Encoder encoder) {
        return new XdrAble() {
            @Override
            public void xdrDecode(XdrDecodingStream xdr) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void xdrEncode(XdrEncodingStream xdr) throws OncRpcException, IOException {
                encoder.encode(xdr);
            }
        };
    }

    /** Reads a variable-length opaque no longer than {@code max}; a longer one is a malformed call. */
    static byte[] opaque(XdrDecodingStream in, int max) throws IOException {
        int len = in.xdrDecodeInt();
        if (len < 0 || len > max) {
            throw new MalformedCall("opaque of " + (len & 0xffffffffL) + " bytes, at most " + max + " allowed");
        }
        return in.xdrDecodeOpaque(len);
    }

    static String string(XdrDecodingStream in, int max) throws IOException {
        return new String(opaque(in, max), java.nio.charset.StandardCharsets.UTF_8);
    }

    static void string(XdrEncodingStream out, String s) {
        out.xdrEncodeDynamicOpaque(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The bytes {@link #string(XdrEncodingStream, String)} writes: length, UTF-8, padding to 4. */
    static int size(String s) {
        return 4 + ((s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 3) & ~3);
    }

    /** Arguments that do not decode: the call gets GARBAGE_ARGS. */
    static final class MalformedCall extends IOException {
        MalformedCall(String message) {
            super(message);
        }
    }
}
