package org.consilium.records.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * A small PNG of a record: the first page of a PDF, or a JPEG, PNG, GIF or BMP image scaled down, at most
 * {@link #MAX_SIDE} pixels on its longer side. Everything stays in memory (ImageIO's streams are memory-cached, never
 * its temporary files). Hostile input is bounded before it is decoded: an image whose header claims more than
 * {@link #MAX_PIXELS} pixels is refused unread (a decompression bomb), a large one is decoded with subsampling so
 * only a few of its pixels are held, and a PDF's page is drawn at the scale its size allows, whatever that size is.
 * Time is bounded by the caller.
 */
final class Thumbnails {

    static final int MAX_SIDE = 256;
    static final long MAX_PIXELS = 100_000_000L;

    private static final Set<String> IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/bmp");

    static {
        // ImageIO's streams spool to temporary files unless told not to, for the whole JVM: PDFBox decodes a PDF's
        // JPEG images through them. Decoded clinical images must not reach the disk.
        ImageIO.setUseCache(false);
    }

    /** Whether a thumbnail is made of records of this type. */
    static boolean handles(String contentType) {
        return contentType.equals("application/pdf") || IMAGES.contains(contentType);
    }

    /** The thumbnail as PNG bytes, empty when the type has none or the content is refused as too large. */
    Optional<byte[]> of(byte[] content, String contentType) throws IOException {
        BufferedImage picture;
        if (contentType.equals("application/pdf")) {
            picture = firstPage(content);
        } else if (IMAGES.contains(contentType)) {
            picture = image(content);
        } else {
            return Optional.empty();
        }
        return picture == null ? Optional.empty() : Optional.of(png(fit(picture)));
    }

    private static BufferedImage firstPage(byte[] content) throws IOException {
        PdfFonts.install();
        try (PDDocument document = Loader.loadPDF(content, "", null, null,
                MemoryUsageSetting.setupMainMemoryOnly(TextExtraction.PDF_MEMORY).streamCache)) {
            if (document.getNumberOfPages() == 0) {
                return null;
            }
            PDRectangle box = document.getPage(0).getCropBox();
            float longer = Math.max(Math.abs(box.getWidth()), Math.abs(box.getHeight()));
            if (!(longer > 0) || Float.isInfinite(longer)) {
                return null;
            }
            // Pixels per point, so the longer side comes out at MAX_SIDE whatever the page's claimed size.
            float scale = MAX_SIDE / longer;
            PDFRenderer renderer = new PDFRenderer(document);
            renderer.setSubsamplingAllowed(true);
            return renderer.renderImage(0, scale, ImageType.RGB);
        }
    }

    private static BufferedImage image(byte[] content) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || width * height > MAX_PIXELS) {
                    return null;
                }
                // Decode only every n-th pixel of every n-th row: memory follows the thumbnail, not the image.
                int step = (int) Math.max(1, Math.max(width, height) / (MAX_SIDE * 2));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Scaled to fit MAX_SIDE, on white (a transparent image's background), as RGB. */
    private static BufferedImage fit(BufferedImage source) {
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(source.getWidth(), source.getHeight()));
        int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
        BufferedImage fitted = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = fitted.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return fitted;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
