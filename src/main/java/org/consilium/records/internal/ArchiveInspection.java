package org.consilium.records.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * ZIP archives, and the Office and OpenDocument files built on ZIP, entry by entry, in memory: the archive is opened
 * over the byte array (no entry is ever written out), and each entry is inflated into memory only as far as it needs
 * to be checked. An entry that is a program or a script, by its name or by its first bytes, refuses the whole upload,
 * and so does one that is refused on its own (a PDF with JavaScript, a document with macros); nested archives are
 * opened in turn, up to {@link #MAX_NESTING} levels.
 *
 * <p>Limits keep a ZIP bomb from costing more than a few seconds and a bounded amount of memory: at most
 * {@link #MAX_ENTRIES} entries and {@link #MAX_INFLATED} bytes inflated over all levels, whatever the headers claim,
 * and at most {@link #MAX_HELD} bytes of one entry held at once. Password-protected entries, compression methods that
 * cannot be read, and damaged archives cannot be checked, so they are refused.
 *
 * <p>Entries are read as the central directory lists them, which is what desktop tools show and extract. A name in
 * an entry's local header that differs from the directory's would let a streaming reader extract something else, so
 * such an archive is refused as damaged.
 */
final class ArchiveInspection {

    static final int MAX_NESTING = 3;
    static final int MAX_ENTRIES = 10_000;
    static final long MAX_INFLATED = 512L * 1024 * 1024;
    static final int MAX_HELD = 64 * 1024 * 1024;
    /** How much of each entry is read to recognise it. */
    private static final int HEAD = 64 * 1024;
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:");

    static boolean isZip(byte[] b, int length) {
        return ActiveContent.startsWith(b, length, 'P', 'K', 3, 4) || ActiveContent.startsWith(b, length, 'P', 'K', 5, 6)
                || ActiveContent.startsWith(b, length, 'P', 'K', 7, 8);
    }

    Optional<Finding> inspect(byte[] archive) {
        return walk(archive, 1, new Budget());
    }

    private Optional<Finding> walk(byte[] archive, int level, Budget budget) {
        if (level > MAX_NESTING) {
            return Optional.of(new Finding("an archive inside archives more than " + MAX_NESTING + " levels deep",
                    "unpack the inner archives and upload their files"));
        }
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(archive))
                .get()) {
            boolean openDocument = false;
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                if (++budget.entries > MAX_ENTRIES) {
                    return Optional.of(new Finding("an archive of more than " + MAX_ENTRIES + " files",
                            "upload its files in smaller archives"));
                }
                String name = entry.getName();
                if (!localNameMatches(archive, entry)) {
                    return Optional.of(Finding.damaged("archive"));
                }
                Optional<Finding> found = byName(name, openDocument);
                if (found.isPresent()) {
                    return found;
                }
                openDocument |= name.equals("mimetype");
                if (entry.getGeneralPurposeBit().usesEncryption()) {
                    return Optional.of(Finding.passwordProtected("archive"));
                }
                if (entry.isDirectory()) {
                    continue;
                }
                if (!readable(zip, entry)) {
                    return Optional.of(new Finding("an archive packed in a way that cannot be checked",
                            "create it again as a standard ZIP archive and upload it"));
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    found = content(in, level, budget).map(f -> f.within(name));
                }
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        } catch (BudgetExceeded e) {
            return Optional.of(e.finding);
        } catch (IOException | RuntimeException | LinkageError e) {
            return Optional.of(Finding.damaged("archive"));
        }
    }

    /**
     * Whether the entry is packed the two ways every ZIP tool writes (stored or deflated) and so can be read here.
     * Other methods are refused rather than read: the library would reach for decoders (zstd, xz, bzip2) that are
     * not part of the app, or that can be made to cost far more than deflate.
     */
    static boolean readable(ZipFile zip, ZipArchiveEntry entry) {
        int method = entry.getMethod();
        return (method == java.util.zip.ZipEntry.STORED || method == java.util.zip.ZipEntry.DEFLATED)
                && zip.canReadEntryData(entry);
    }

    /** Findings from the entry's name: unsafe paths, program and script names, and the parts that hold macros. */
    private static Optional<Finding> byName(String name, boolean openDocument) {
        String path = name.replace('\\', '/');
        if (path.startsWith("/") || DRIVE.matcher(path).lookingAt() || Arrays.asList(path.split("/")).contains("..")) {
            return Optional.of(new Finding("a file with a path that points outside the archive",
                    "create the archive again from the files themselves and upload it").within(name));
        }
        String lower = path.toLowerCase(Locale.ROOT);
        // Macros make the document that holds them a document with macros: reported about it, not about the part.
        if (lower.endsWith("vbaproject.bin") || lower.startsWith("xl/macrosheets/")) {
            return Optional.of(Finding.macros("Office"));
        }
        if (openDocument && (path.startsWith("Basic/") || path.startsWith("Scripts/"))) {
            return Optional.of(Finding.macros("OpenDocument"));
        }
        // A manifest makes the archive a Java archive, a program in its own right.
        if (path.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
            return Optional.of(Finding.program("Java archive"));
        }
        // Windows drops trailing dots and spaces when extracting: "setup.exe." is setup.exe.
        return ActiveContent.byName(FileNames.normalise(path)).map(f -> f.within(name));
    }

    /**
     * Findings from an entry's bytes: what its start shows, then, for archives, PDFs and OLE2 files, the inside. Tika's
     * magic detection costs about a millisecond a call, too much for ten thousand entries, so entries are recognised
     * by the checks that matter here: executable headers, text tell-tales and the magic of the containers.
     */
    private Optional<Finding> content(InputStream in, int level, Budget budget) throws IOException {
        byte[] head = budget.scratch;
        int length = budget.read(in, head);
        Optional<Finding> found = ActiveContent.inLeadingBytes(head, length);
        if (found.isEmpty() && ActiveContent.looksLikeText(head, length)) {
            found = ActiveContent.inText(head, length);
        }
        if (found.isPresent()) {
            return found;
        }
        boolean zip = isZip(head, length);
        boolean pdf = PdfInspection.isPdf(head, length);
        boolean ole = OleInspection.isOle(head, length);
        if (!zip && !pdf && !ole) {
            budget.drain(in);
            return Optional.empty();
        }
        // The scratch buffer is reused by nested archives: the entry gets its own copy from here on.
        byte[] whole = budget.readAll(in, head, length);
        if (zip) {
            return walk(whole, level + 1, budget);
        }
        return pdf ? PdfInspection.inspect(whole) : OleInspection.inspect(whole);
    }

    /** Whether the entry's local header carries the name the central directory gives it. */
    private static boolean localNameMatches(byte[] archive, ZipArchiveEntry entry) {
        long offset = entry.getLocalHeaderOffset();
        if (offset < 0 || offset + 30 > archive.length) {
            return false;
        }
        int at = (int) offset;
        if (littleEndianInt(archive, at) != LOCAL_HEADER) {
            return false;
        }
        int nameLength = (archive[at + 26] & 0xFF) | (archive[at + 27] & 0xFF) << 8;
        byte[] raw = entry.getRawName();
        return at + 30 + nameLength <= archive.length
                && Arrays.equals(archive, at + 30, at + 30 + nameLength, raw, 0, raw.length);
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    /**
     * What inspecting one upload may still cost, over all its nested archives, and the one buffer every entry is read
     * through (fresh memory is slow to touch: ten thousand entries must not mean ten thousand new buffers).
     */
    private static final class Budget {

        private final byte[] scratch = new byte[HEAD];
        private int entries;
        private long inflated;

        /** Reads up to the buffer's length, or to the end of the entry. */
        int read(InputStream in, byte[] buffer) throws IOException {
            int n = in.readNBytes(buffer, 0, buffer.length);
            count(n);
            return n;
        }

        byte[] readAll(InputStream in, byte[] head, int length) throws IOException {
            ByteArrayOutputStream whole = new ByteArrayOutputStream(Math.max(length * 2, 1024));
            whole.write(head, 0, length);
            for (int n; (n = in.read(scratch)) > 0; ) {
                count(n);
                if (whole.size() + n > MAX_HELD) {
                    throw new BudgetExceeded(new Finding("a file too large to check inside an archive (over "
                            + MAX_HELD / (1024 * 1024) + " MB unpacked)", "upload that file on its own"));
                }
                whole.write(scratch, 0, n);
            }
            return whole.toByteArray();
        }

        void drain(InputStream in) throws IOException {
            for (int n; (n = in.read(scratch)) > 0; ) {
                count(n);
            }
        }

        private void count(int n) {
            inflated += n;
            if (inflated > MAX_INFLATED) {
                throw new BudgetExceeded(new Finding("an archive that unpacks to more than "
                        + MAX_INFLATED / (1024 * 1024) + " MB", "upload its files in smaller archives"));
            }
        }
    }

    /** Stops reading the moment the upload's budget runs out, however deep in an entry the reader is. */
    private static final class BudgetExceeded extends RuntimeException {

        private final transient Finding finding;

        BudgetExceeded(Finding finding) {
            super(finding.what(), null, false, false);
            this.finding = finding;
        }
    }
}
