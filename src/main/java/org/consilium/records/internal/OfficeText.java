package org.consilium.records.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The text of a Word (OOXML) or OpenDocument text file: the one XML part that holds it ({@code word/document.xml},
 * {@code content.xml}), found by walking the archive in memory and read with a SAX parser that takes no DTD and no
 * external entity. Paragraphs end in a line break. Only the words are read: POI's and Tika's full parsers would bring
 * the whole of the OOXML schemas for this.
 */
final class OfficeText {

    /** Where a kind of file keeps its text, and how its paragraphs, tabs and breaks are written. */
    enum Kind {
        WORD("word/document.xml", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
        OPEN_DOCUMENT("content.xml", "urn:oasis:names:tc:opendocument:xmlns:text:1.0");

        final String part;
        final String namespace;

        Kind(String part, String namespace) {
            this.part = part;
            this.namespace = namespace;
        }
    }

    /** The most a text part may take uncompressed (the upload's screening has bounded the archive already). */
    private static final long MAX_PART = 64L * 1024 * 1024;

    private OfficeText() {
    }

    static String of(byte[] content, Kind kind, int maxChars) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.getName().equals(kind.part)) {
                    return read(new BoundedStream(zip, MAX_PART), kind, maxChars);
                }
            }
        }
        throw new IOException("no " + kind.part + " in the file");
    }

    private static String read(InputStream part, Kind kind, int maxChars) throws IOException {
        StringBuilder text = new StringBuilder();
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.newSAXParser().parse(part, new Words(kind, text, maxChars));
        } catch (Full full) {
            // As much as is kept.
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException("the document's text could not be read: " + e.getMessage(), e);
        }
        return text.toString();
    }

    /** Thrown to stop parsing once the text is as long as it may be. */
    private static final class Full extends SAXException {
        Full() {
            super("full");
        }
    }

    private static final class Words extends DefaultHandler {

        private final Kind kind;
        private final StringBuilder text;
        private final int maxChars;
        /** Word keeps its words in w:t only; OpenDocument keeps them in any element of the body. */
        private int inText;

        Words(Kind kind, StringBuilder text, int maxChars) {
            this.kind = kind;
            this.text = text;
            this.maxChars = maxChars;
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes attributes) throws SAXException {
            if (kind == Kind.WORD && uri.equals(kind.namespace)) {
                switch (local) {
                    case "t" -> inText++;
                    case "tab" -> append("\t");
                    case "br", "cr" -> append("\n");
                    default -> {
                    }
                }
            } else if (kind == Kind.OPEN_DOCUMENT) {
                if (uri.equals("urn:oasis:names:tc:opendocument:xmlns:office:1.0") && local.equals("body")) {
                    inText++;
                } else if (uri.equals(kind.namespace)) {
                    switch (local) {
                        case "s" -> append(" ");
                        case "tab" -> append("\t");
                        case "line-break" -> append("\n");
                        default -> {
                        }
                    }
                }
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) throws SAXException {
            if (kind == Kind.WORD && uri.equals(kind.namespace)) {
                if (local.equals("t")) {
                    inText--;
                } else if (local.equals("p")) {
                    append("\n");
                }
            } else if (kind == Kind.OPEN_DOCUMENT) {
                if (uri.equals("urn:oasis:names:tc:opendocument:xmlns:office:1.0") && local.equals("body")) {
                    inText--;
                } else if (uri.equals(kind.namespace) && (local.equals("p") || local.equals("h"))) {
                    append("\n");
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (inText > 0) {
                append(new String(ch, start, length));
            }
        }

        private void append(String more) throws SAXException {
            int room = maxChars - text.length();
            text.append(more, 0, Math.min(room, more.length()));
            if (text.length() >= maxChars) {
                throw new Full();
            }
        }
    }

    /** Fails a read past {@code limit} bytes. */
    private static final class BoundedStream extends java.io.FilterInputStream {

        private long left;

        BoundedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            left -= n;
            if (left < 0) {
                throw new IOException("the document's text part is larger than " + MAX_PART + " bytes");
            }
        }

        @Override
        public void close() {
            // The archive's stream is closed by its owner.
        }
    }
}
