package org.consilium.records.internal;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The ClamAV daemon's {@code INSTREAM} command over TCP: {@code zINSTREAM\0}, then the content in chunks, each after
 * its length as four big-endian bytes, and a zero length to end; clamd answers one line ending in a NUL:
 * {@code stream: OK}, {@code stream: <signature> FOUND}, or an error ({@code INSTREAM size limit exceeded. ERROR} once
 * the stream passes its {@code StreamMaxLength}, after which it closes the connection).
 */
public final class ClamdScanner implements MalwareScanner {

    /** Below clamd's default StreamMaxLength chunking needs; small enough not to matter for memory. */
    static final int CHUNK = 64 * 1024;
    /** A reply is one short line; anything longer is not clamd. */
    private static final int MAX_REPLY = 4096;

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /**
     * @param readTimeout how long to wait on clamd at any one point (for a chunk to be taken, or for the answer once
     *     the content is sent)
     */
    public ClamdScanner(String host, int port, Duration connectTimeout, Duration readTimeout) {
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public ScanVerdict scan(InputStream content) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            IOException sending = null;
            try {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(),
                        CHUNK + 4));
                out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[CHUNK];
                int read;
                while ((read = content.readNBytes(chunk, 0, CHUNK)) > 0) {
                    out.writeInt(read);
                    out.write(chunk, 0, read);
                }
                out.writeInt(0);
                out.flush();
            } catch (IOException e) {
                // clamd stops reading and closes once the stream is over its limit: its answer says so, if it came.
                sending = e;
            }
            String reply;
            try {
                reply = reply(socket.getInputStream());
            } catch (IOException e) {
                if (sending != null) {
                    e.addSuppressed(sending);
                }
                throw e;
            }
            if (reply.isEmpty() && sending != null) {
                throw sending;
            }
            return verdict(reply);
        }
    }

    /** Asks clamd whether it is there ({@code PING}, answered {@code PONG}). */
    public boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            socket.getOutputStream().write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return reply(socket.getInputStream()).equals("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** The reply up to its NUL (or the end of the connection), without it. */
    private static String reply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0) {
            if (reply.size() >= MAX_REPLY) {
                throw new IOException("clamd's reply is longer than " + MAX_REPLY + " bytes");
            }
            reply.write(b);
        }
        return reply.toString(StandardCharsets.US_ASCII).strip();
    }

    static ScanVerdict verdict(String reply) throws IOException {
        if (reply.equals("stream: OK")) {
            return new ScanVerdict.Clean();
        }
        if (reply.startsWith("stream: ") && reply.endsWith(" FOUND")) {
            return new ScanVerdict.Infected(reply.substring("stream: ".length(), reply.length() - " FOUND".length()));
        }
        if (reply.contains("size limit exceeded")) {
            return new ScanVerdict.TooLarge(reply);
        }
        throw new IOException("clamd answered \"" + (reply.length() > 200 ? reply.substring(0, 200) : reply) + "\"");
    }

    @Override
    public String toString() {
        return "clamd at " + host + ":" + port;
    }
}
