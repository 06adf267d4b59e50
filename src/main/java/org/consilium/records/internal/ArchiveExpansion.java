package org.consilium.records.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * A ZIP archive unpacked into the files it holds, each to become a record of its own; nested archives are unpacked in
 * turn. It runs on an archive {@link ArchiveInspection} accepted, and keeps the same limits itself, so no archive can
 * make it unpack more than {@link ArchiveInspection#MAX_INFLATED} bytes, {@link ArchiveInspection#MAX_ENTRIES}
 * files, {@link ArchiveInspection#MAX_NESTING} levels, an entry of more than {@link ArchiveInspection#MAX_HELD}
 * bytes, or an entry inflated more than {@link #MAX_RATIO} times its packed size (a ZIP bomb): each of these refuses
 * the archive, naming the entry. Paths leading outside the archive, links and encrypted entries are refused the same
 * way. Everything stays in memory; one entry at a time is handed on, and only its bytes are held.
 *
 * <p>Folders, empty files and what computers add to archives ({@code __MACOSX/}, {@code .DS_Store},
 * {@code Thumbs.db}) are left out.
 */
final class ArchiveExpansion {

    /** How many times its packed size an entry may inflate to; beyond, it is a bomb, not a record. */
    static final int MAX_RATIO = 1000;
    /** Below this an entry's ratio is not judged: a tiny packed entry can inflate far without costing anything. */
    private static final int RATIO_FLOOR = 1 << 20;

    /** One file of the archive: its path inside it (nested archives' names included) and its bytes. */
    record Entry(String path, byte[] content) {
    }

    /** An archive that cannot be unpacked safely; the reason names the entry. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    /** What an archive's files are handed to, one at a time. */
    @FunctionalInterface
    interface Files {
        void take(Entry entry) throws Refused;
    }

    private long inflated;
    private int entries;

    /** Unpacks the archive, handing each file on; a refusal stops it where it is. */
    static void expand(byte[] archive, Files files) throws Refused {
        new ArchiveExpansion().walk(archive, "", 1, files);
    }

    /** Every file of the archive, for callers that can hold them all (tests, small archives). */
    static List<Entry> expand(byte[] archive) throws Refused {
        List<Entry> all = new ArrayList<>();
        expand(archive, all::add);
        return all;
    }

    private void walk(byte[] archive, String prefix, int level, Files files) throws Refused {
        if (level > ArchiveInspection.MAX_NESTING) {
            throw new Refused("the archive " + prefix + " lies inside archives more than "
                    + ArchiveInspection.MAX_NESTING + " levels deep; unpack it and upload its files");
        }
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(archive))
                .get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                String name = entry.getName();
                String path = prefix + name;
                if (++entries > ArchiveInspection.MAX_ENTRIES) {
                    throw new Refused("the archive holds more than " + ArchiveInspection.MAX_ENTRIES + " files; "
                            + "upload its files in smaller archives");
                }
                String normal = name.replace('\\', '/');
                if (normal.isEmpty()) {
                    throw new Refused("the archive " + (prefix.isEmpty() ? "" : prefix + " ") + "has a file without "
                            + "a name; create it again from the files themselves");
                }
                if (normal.startsWith("/") || normal.matches("^[A-Za-z]:.*")
                        || List.of(normal.split("/")).contains("..")) {
                    throw new Refused(path + " has a path that points outside the archive");
                }
                if (entry.isUnixSymlink()) {
                    throw new Refused(path + " is a link, not a file");
                }
                if (entry.getGeneralPurposeBit().usesEncryption()) {
                    throw new Refused(path + " is protected by a password; unpack it and upload the file itself");
                }
                if (entry.isDirectory() || ignored(normal)) {
                    continue;
                }
                if (!ArchiveInspection.readable(zip, entry)) {
                    throw new Refused(path + " is packed in a way that cannot be read; create the archive again "
                            + "as a standard ZIP");
                }
                byte[] content;
                try (InputStream in = zip.getInputStream(entry)) {
                    content = read(in, path, entry.getCompressedSize());
                }
                if (content.length == 0) {
                    continue;
                }
                if (ArchiveInspection.isZip(content, content.length)) {
                    walk(content, path + "/", level + 1, files);
                } else {
                    files.take(new Entry(path, content));
                }
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new Refused("the archive " + (prefix.isEmpty() ? "" : prefix + " ") + "is damaged and cannot be "
                    + "unpacked");
        }
    }

    private byte[] read(InputStream in, String path, long packed) throws IOException, Refused {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            inflated += n;
            if (out.size() + n > ArchiveInspection.MAX_HELD) {
                throw new Refused(path + " is larger than " + ArchiveInspection.MAX_HELD / (1024 * 1024)
                        + " MB unpacked; upload that file on its own");
            }
            if (inflated > ArchiveInspection.MAX_INFLATED) {
                throw new Refused("the archive unpacks to more than " + ArchiveInspection.MAX_INFLATED / (1024 * 1024)
                        + " MB (at " + path + "); upload its files in smaller archives");
            }
            out.write(buffer, 0, n);
            if (out.size() > RATIO_FLOOR && packed >= 0 && out.size() > (long) MAX_RATIO * Math.max(1, packed)) {
                throw new Refused(path + " unpacks to more than " + MAX_RATIO + " times its packed size, as a ZIP "
                        + "bomb does; it was not unpacked");
            }
        }
        return out.toByteArray();
    }

    /** What computers add to archives, and nobody means as a record. */
    private static boolean ignored(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        String last = lower.substring(lower.lastIndexOf('/') + 1);
        return lower.startsWith("__macosx/") || lower.contains("/__macosx/") || last.equals(".ds_store")
                || last.equals("thumbs.db") || last.equals("desktop.ini") || last.startsWith("._");
    }
}
