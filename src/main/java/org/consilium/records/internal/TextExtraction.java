package org.consilium.records.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Optional;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * The words of a record, to search for within its case: PDF (PDFBox), Word (OOXML) and OpenDocument text (their one
 * XML part of text, {@link OfficeText}), RTF (Tika's parser) and plain text or CSV. Everything is read from memory:
 * PDFBox under a memory-only cache with a cap, Tika's RTF parser on a plain in-memory stream (a {@code TikaInputStream},
 * as Tika's auto-detecting facade makes, would spool the file to a temporary file). The text is cut at {@link #MAX_CHARS} and normalised (NFKC, so PDFBox's ligatures become
 * letters; no NUL, which PostgreSQL's text cannot hold).
 */
final class TextExtraction {

    /** Enough for a long report; far below what a tsvector can hold. */
    static final int MAX_CHARS = 256_000;
    /** Pages of a PDF read for text. */
    static final int MAX_PDF_PAGES = 300;
    /** What PDFBox may hold in memory for one document beside its bytes. */
    static final long PDF_MEMORY = 256L * 1024 * 1024;

    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private static final String ODT = "application/vnd.oasis.opendocument.text";
    private static final String RTF = "application/rtf";
    private static final Set<String> PLAIN = Set.of("text/plain", "text/csv");

    /** Whether text is read from records of this type. */
    static boolean handles(String contentType) {
        return contentType.equals("application/pdf") || contentType.equals(DOCX) || contentType.equals(ODT)
                || contentType.equals(RTF) || PLAIN.contains(contentType);
    }

    /** The record's text, empty when its type has none to read or it holds none. */
    Optional<String> extract(byte[] content, String contentType) throws IOException {
        String text;
        if (contentType.equals("application/pdf")) {
            text = pdf(content);
        } else if (contentType.equals(DOCX)) {
            text = OfficeText.of(content, OfficeText.Kind.WORD, MAX_CHARS);
        } else if (contentType.equals(ODT)) {
            text = OfficeText.of(content, OfficeText.Kind.OPEN_DOCUMENT, MAX_CHARS);
        } else if (contentType.equals(RTF)) {
            text = tika(new RTFParser(), content, new ParseContext());
        } else if (PLAIN.contains(contentType)) {
            text = plain(content);
        } else {
            return Optional.empty();
        }
        String normalised = normalise(text);
        return normalised.isBlank() ? Optional.empty() : Optional.of(normalised);
    }

    private static String pdf(byte[] content) throws IOException {
        PdfFonts.install();
        try (PDDocument document = Loader.loadPDF(content, "", null, null,
                MemoryUsageSetting.setupMainMemoryOnly(PDF_MEMORY).streamCache)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setEndPage(MAX_PDF_PAGES);
            String text = stripper.getText(document);
            return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        }
    }

    private static String tika(Parser parser, byte[] content, ParseContext context) throws IOException {
        BodyContentHandler handler = new BodyContentHandler(MAX_CHARS);
        try {
            parser.parse(new ByteArrayInputStream(content), handler, new Metadata(), context);
        } catch (SAXException | TikaException e) {
            if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                throw new IOException("the document could not be read: " + e.getMessage(), e);
            }
        }
        return handler.toString();
    }

    /** UTF-8 when it is that, else Windows-1252 (which maps every byte): text files carry no charset. */
    private static String plain(byte[] content) {
        int length = Math.min(content.length, MAX_CHARS * 4);
        if (length < content.length) {
            // Cut, perhaps inside a character: whatever is not UTF-8 there becomes a replacement character.
            return new String(content, 0, length, StandardCharsets.UTF_8);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content, 0, length)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(content, 0, length, java.nio.charset.Charset.forName("windows-1252"));
        }
    }

    static String normalise(String text) {
        String cut = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        String normal = Normalizer.normalize(cut, Normalizer.Form.NFKC).replace('\0', ' ');
        // Lone surrogates (half a character, as a cut or a broken file leaves) cannot be stored as text.
        StringBuilder clean = new StringBuilder(normal.length());
        for (int i = 0; i < normal.length(); i++) {
            char c = normal.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < normal.length()
                    && Character.isLowSurrogate(normal.charAt(i + 1))) {
                clean.append(c).append(normal.charAt(++i));
            } else if (!Character.isSurrogate(c)) {
                clean.append(c);
            }
        }
        return clean.toString().replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" ?\\n\\s*", "\n").strip();
    }
}
