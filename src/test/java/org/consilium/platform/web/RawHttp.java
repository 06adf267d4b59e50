package org.consilium.platform.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends bytes as they are over a plain socket. The JDK's HTTP client refuses to send malformed request lines and
 * header values, which are exactly what these tests need to send.
 */
final class RawHttp {

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** Sends the request (which should ask for {@code Connection: close}) and reads the answer to its end. */
    Answer send(byte[] request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return Answer.parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("raw request to port " + port + " failed", e);
        }
    }

    /** A request line and headers, in Latin-1 so that every char becomes the byte of the same value. */
    static byte[] request(String requestLine, String... headers) {
        StringBuilder text = new StringBuilder(requestLine).append("\r\n").append("Host: localhost\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        text.append("Connection: close\r\n\r\n");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The status, the headers (names in lower case) and the body, de-chunked. */
    record Answer(int status, Map<String, String> headers, String body) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        static Answer parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IllegalStateException("no complete HTTP answer: " + text);
            }
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] dechunk(byte[] chunked) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = new java.io.ByteArrayInputStream(chunked);
            try {
                while (true) {
                    StringBuilder size = new StringBuilder();
                    int c;
                    while ((c = in.read()) != '\n' && c != -1) {
                        if (c != '\r') {
                            size.append((char) c);
                        }
                    }
                    int length = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
                    if (length == 0) {
                        return out.toByteArray();
                    }
                    out.write(in.readNBytes(length));
                    in.readNBytes(2);
                }
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("malformed chunked body", e);
            }
        }
    }
}
