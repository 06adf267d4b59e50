package org.consilium.records.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.FontBoxFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.font.CIDFontMapping;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMapping;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.pdfbox.pdmodel.font.PDCIDSystemInfo;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;

/**
 * Fonts for PDFs that do not embed theirs, when their text is read or their first page drawn. PDFBox's own mapper
 * scans every font of the machine and writes a cache of them to the home folder (seconds, on the first PDF, and a file
 * on disk); a thumbnail needs no faithful glyphs, so every such font is drawn with the Liberation Sans that PDFBox
 * ships. {@link #install()} sets this for the whole JVM, once, before the first PDF is read for text or drawn.
 */
final class PdfFonts implements FontMapper {

    private static volatile boolean installed;

    private final TrueTypeFont fallback;

    private PdfFonts(TrueTypeFont fallback) {
        this.fallback = fallback;
    }

    static void install() {
        if (installed) {
            return;
        }
        synchronized (PdfFonts.class) {
            if (!installed) {
                FontMappers.set(new PdfFonts(load()));
                installed = true;
            }
        }
    }

    private static TrueTypeFont load() {
        try (InputStream in = FontMapper.class.getResourceAsStream(
                "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            if (in == null) {
                throw new IllegalStateException("PDFBox's Liberation Sans is missing from the class path");
            }
            return new TTFParser().parse(new RandomAccessReadBuffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read PDFBox's Liberation Sans", e);
        }
    }

    @Override
    public FontMapping<TrueTypeFont> getTrueTypeFont(String baseFont, PDFontDescriptor fontDescriptor) {
        return new FontMapping<>(fallback, true);
    }

    @Override
    public FontMapping<FontBoxFont> getFontBoxFont(String baseFont, PDFontDescriptor fontDescriptor) {
        return new FontMapping<>(fallback, true);
    }

    @Override
    public CIDFontMapping getCIDFont(String baseFont, PDFontDescriptor fontDescriptor,
            PDCIDSystemInfo cidSystemInfo) {
        return new CIDFontMapping(null, fallback, true);
    }
}
