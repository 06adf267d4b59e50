package org.consilium.records.internal.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * XML read from memory with the JDK's own parsers, hardened: a document type declaration ({@code <!DOCTYPE>}) is
 * refused outright, so there are no entities to expand (no "billion laughs") and nothing external to fetch (no XXE);
 * external DTDs, schemas and stylesheets are not reachable either, XInclude is off, and the JDK's secure-processing
 * limits (element depth, attribute count, name lengths) apply.
 */
final class SafeXml {

    /** Deeper than any real bundle or clinical document; a guard against documents made to exhaust the stack. */
    static final int MAX_DEPTH = 256;

    private SafeXml() {
    }

    /** The root element of a document, as far as it can be read; empty when the bytes are not XML up to there. */
    record Root(String localName, @Nullable String namespace) {
    }

    /**
     * The name of the root element, read with a streaming parser that stops there; empty when the bytes do not
     * start as XML. A DTD before the root is skipped over, not read: {@link #checkWellFormed} refuses it.
     */
    static Optional<Root> root(byte[] content) {
        XMLStreamReader reader = null;
        try {
            reader = inputFactory().createXMLStreamReader(new ByteArrayInputStream(content));
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                    return Optional.of(new Root(reader.getLocalName(), reader.getNamespaceURI()));
                }
            }
            return Optional.empty();
        } catch (XMLStreamException | RuntimeException e) {
            return Optional.empty();
        } finally {
            close(reader);
        }
    }

    /** Reads the whole document once, refusing a DTD and anything not well-formed, with where it went wrong. */
    static void checkWellFormed(byte[] content) {
        XMLStreamReader reader = null;
        int depth = 0;
        try {
            reader = inputFactory().createXMLStreamReader(new ByteArrayInputStream(content));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw doctype(reader.getLocation());
                } else if (event == XMLStreamConstants.START_ELEMENT && ++depth > MAX_DEPTH) {
                    throw tooDeep(reader.getLocation());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new MalformedImport(reader.getLocation().getLineNumber(),
                            reader.getLocation().getColumnNumber(), "the entity reference &" + reader.getLocalName()
                                    + "; is not declared; entities other than XML's own are not accepted");
                }
            }
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            throw new MalformedImport(at == null ? 0 : at.getLineNumber(), at == null ? 0 : at.getColumnNumber(),
                    streamReason(e));
        } finally {
            close(reader);
        }
    }

    /** The document as a DOM tree, parsed from memory with DTDs refused; a problem says where it is. */
    static Document parse(byte[] content) {
        try {
            DocumentBuilder builder = documentFactory().newDocumentBuilder();
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not accepted");
            });
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(content));
        } catch (SAXParseException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE")) {
                throw new MalformedImport(e.getLineNumber(), e.getColumnNumber(), DOCTYPE_REASON);
            }
            throw new MalformedImport(e.getLineNumber(), e.getColumnNumber(), sentence(message));
        } catch (SAXException e) {
            throw new MalformedImport(0, 0, sentence(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading from memory failed", e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be hardened", e);
        }
    }

    static final String DOCTYPE_REASON = "the document declares a document type (<!DOCTYPE>), which is not accepted: "
            + "a clinical document needs none, and one can make the parser expand entities without end or read "
            + "other files";

    private static MalformedImport doctype(Location at) {
        return new MalformedImport(at.getLineNumber(), at.getColumnNumber(), DOCTYPE_REASON);
    }

    private static MalformedImport tooDeep(Location at) {
        return new MalformedImport(at.getLineNumber(), at.getColumnNumber(),
                "elements are nested more than " + MAX_DEPTH + " deep");
    }

    private static XMLInputFactory inputFactory() {
        // The JDK's own implementation, whatever else is on the class path.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    private static DocumentBuilderFactory documentFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setValidating(false);
        return factory;
    }

    /** The JDK's StAX message without its "ParseError at [row,col]:[3,5] Message:" preamble. */
    private static String streamReason(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("Message:");
        return sentence(at >= 0 ? message.substring(at + "Message:".length()) : message);
    }

    /** A parser's message as part of a sentence: one line, trimmed, no final full stop, not too long. */
    static String sentence(String message) {
        String text = message.replaceAll("\\s+", " ").strip();
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.length() > 300) {
            text = text.substring(0, 300) + "…";
        }
        return text.isEmpty() ? "the document is not well-formed" : text;
    }

    private static void close(@Nullable XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // Nothing to give back: the content is in memory.
            }
        }
    }
}
