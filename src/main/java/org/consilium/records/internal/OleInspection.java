package org.consilium.records.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.DocumentEntry;
import org.apache.poi.poifs.filesystem.DocumentInputStream;
import org.apache.poi.poifs.filesystem.Entry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.poifs.storage.BATBlock;
import org.apache.poi.poifs.storage.HeaderBlock;

/**
 * Legacy Office files (OLE2 compound files: .doc, .xls, and the objects Office embeds): VBA projects, Excel 4.0
 * macro sheets and packaged files are refused. The compound file is read into memory by POI from the byte array, never
 * from a file.
 */
final class OleInspection {

    private static final int[] MAGIC = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    private static final int MAX_ENTRIES = 100_000;
    private static final int MAX_DEPTH = 32;
    /** BIFF8 record types of the workbook globals that matter here. */
    private static final int BOUNDSHEET = 0x0085;
    private static final int EOF = 0x000A;

    private OleInspection() {
    }

    static boolean isOle(byte[] b, int length) {
        return ActiveContent.startsWith(b, length, MAGIC);
    }

    /**
     * Whether the header's sector tables could describe a file of this size. POI reading from a stream allocates
     * what the header claims (up to 250 MB) before reading: a few hostile bytes must not cost that.
     */
    static boolean plausible(byte[] content) {
        if (content.length < 512) {
            return false;
        }
        try {
            HeaderBlock header = new HeaderBlock(ByteBuffer.wrap(content, 0, 512));
            long claimed = BATBlock.calculateMaximumSize(header);
            long slack = (long) header.getBigBlockSize().getBATEntriesPerBlock()
                    * header.getBigBlockSize().getBigBlockSize();
            return header.getBATCount() >= 0 && claimed <= 2L * content.length + slack;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static Optional<Finding> inspect(byte[] content) {
        if (!plausible(content)) {
            return Optional.of(Finding.damaged("Office document"));
        }
        try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(content))) {
            return walk(fs.getRoot(), 0, new int[] {0});
        } catch (IOException | RuntimeException e) {
            return Optional.of(Finding.damaged("Office document"));
        }
    }

    private static Optional<Finding> walk(DirectoryEntry directory, int depth, int[] seen) throws IOException {
        if (depth > MAX_DEPTH) {
            return Optional.of(Finding.damaged("Office document"));
        }
        for (Entry entry : directory) {
            if (++seen[0] > MAX_ENTRIES) {
                return Optional.of(Finding.damaged("Office document"));
            }
            String name = entry.getName().toUpperCase(Locale.ROOT);
            if (name.equals("MACROS") || name.equals("_VBA_PROJECT_CUR") || name.equals("VBA")
                    || name.equals("_VBA_PROJECT")) {
                return Optional.of(Finding.macros(depth == 0 && directory.hasEntryCaseInsensitive("WordDocument")
                        ? "Word" : "VBA"));
            }
            if (name.equals("\u0001OLE10NATIVE")) {
                // A packaged file (Object Packager): any file at all, often a script or program with an icon.
                return Optional.of(new Finding("a document with files packaged inside it, which can hide programs",
                        "save it without the embedded files and upload it again"));
            }
            if ((name.equals("WORKBOOK") || name.equals("BOOK")) && entry instanceof DocumentEntry workbook
                    && hasMacroSheet(workbook)) {
                return Optional.of(Finding.macros("Excel 4.0 macro sheet"));
            }
            if (entry instanceof DirectoryEntry child) {
                Optional<Finding> inner = walk(child, depth + 1, seen);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the workbook's globals declare a macro sheet: Excel 4.0 (XLM) macros live in such sheets, outside any
     * VBA project. Each BOUNDSHEET record holds the sheet's type in its sixth byte (1 = macro sheet, 6 = VBA module).
     */
    private static boolean hasMacroSheet(DocumentEntry workbook) throws IOException {
        try (DocumentInputStream in = new DocumentInputStream(workbook)) {
            byte[] record = new byte[8224];
            while (in.available() >= 4) {
                int type = in.readUShort();
                int length = in.readUShort();
                if (length > record.length || length > in.available()) {
                    return false;
                }
                in.readFully(record, 0, length);
                if (type == EOF) {
                    return false;
                }
                if (type == BOUNDSHEET && length >= 6 && (record[5] == 1 || record[5] == 6)) {
                    return true;
                }
            }
            return false;
        }
    }
}
