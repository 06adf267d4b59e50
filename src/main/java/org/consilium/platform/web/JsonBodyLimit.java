package org.consilium.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.consilium.platform.ConsiliumProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the JSON bodies of API requests at {@code consilium.limits.json-body} (1 MB by default) without ever holding
 * more than that: a declared {@code Content-Length} over the cap is refused before a byte is read, and a chunked body
 * is counted as it is read and refused at the first byte over. The refusal surfaces where the body is read, as an
 * {@link Exceeded}, so the API's one advice answers it (413). Multipart uploads keep their own 50 MB limit.
 */
@Component
final class JsonBodyLimit extends OncePerRequestFilter {

    private final DataSize limit;

    JsonBodyLimit(ConsiliumProperties properties) {
        this.limit = properties.limits().jsonBody();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/")
                || !isJson(request.getContentType());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static boolean isJson(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return "application".equals(type.getType())
                    && ("json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The body went over the limit; nothing past the limit was read. */
    static final class Exceeded extends IOException {

        private final DataSize limit;

        Exceeded(DataSize limit) {
            super("request body over " + limit);
            this.limit = limit;
        }

        /** The limit as a person would say it: "1 MB", "512 KB". */
        String limitInWords() {
            long bytes = limit.toBytes();
            if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
                return limit.toMegabytes() + " MB";
            }
            if (bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
                return limit.toKilobytes() + " KB";
            }
            return bytes + " bytes";
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final DataSize limit;
        private @Nullable ServletInputStream body;

        LimitedRequest(HttpServletRequest request, DataSize limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new CountingStream(super.getInputStream(), getContentLengthLong(), limit);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            try {
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                return new BufferedReader(new InputStreamReader(getInputStream(), charset));
            } catch (IllegalArgumentException e) {
                throw new UnsupportedEncodingException(encoding);
            }
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long declared;
        private final DataSize limit;
        private long read;

        CountingStream(ServletInputStream in, long declared, DataSize limit) {
            this.in = in;
            this.declared = declared;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            refuseDeclaredExcess();
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            refuseDeclaredExcess();
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void refuseDeclaredExcess() throws Exceeded {
            if (declared > limit.toBytes()) {
                throw new Exceeded(limit);
            }
        }

        private void count(int n) throws Exceeded {
            read += n;
            if (read > limit.toBytes()) {
                throw new Exceeded(limit);
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
