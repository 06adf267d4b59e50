package org.consilium.records.internal;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.consilium.shared.Check;

/**
 * Names of uploaded files as we keep and show them. A name comes from the client and ends up in download headers,
 * pages and, on a clinician's computer, a file system: it is reduced to one safe file name, and its extension is
 * made to follow the type detected from the content, so the name can never make a file open as something else.
 */
public final class FileNames {

    /** The longest name kept, in characters (Unicode code points), as most file systems allow. */
    public static final int MAX_LENGTH = Check.MAX_FILE_NAME;

    /** Names Windows reserves for devices, with or without an extension: such a file cannot be saved there. */
    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    /** What counts as an extension: a short run of letters, digits, dashes or underscores after the last dot. */
    private static final Pattern EXTENSION = Pattern.compile("[\\p{L}\\p{N}_-]{1,20}");

    private FileNames() {
    }

    /**
     * The name as sent, made safe: its last path segment only, in Unicode NFC, without format or control characters
     * (bidi overrides such as U+202E, line and paragraph separators, NEL), without the trailing dots and spaces
     * Windows drops, and with Windows device names neutralised by a leading underscore. An empty result is
     * {@code file}. The length is not limited here: a caller refuses names longer than {@link #MAX_LENGTH}.
     */
    public static String normalise(String sent) {
        String name = Normalizer.normalize(sent, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder kept = new StringBuilder(name.length());
        name.codePoints().filter(FileNames::keeps).forEach(kept::appendCodePoint);
        name = stripTrailingDotsAndSpaces(kept.toString().strip());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "file";
        }
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
        return WINDOWS_DEVICES.contains(stem) ? "_" + name : name;
    }

    /** Characters of the length limit: code points, so an emoji counts as one. */
    public static int length(String name) {
        return name.codePointCount(0, name.length());
    }

    /**
     * The name with an extension of the detected type. A name already ending in one of the type's extensions is
     * kept; otherwise a last extension that is not the type's is dropped and the type's usual one added, so
     * {@code report.pdf} holding text becomes {@code report.txt}, and {@code x.exe} holding a PDF {@code x.pdf}.
     * Types without a known extension keep the name. The result is cut to {@link #MAX_LENGTH} at the stem.
     */
    static String withExtension(String name, List<String> typeExtensions) {
        if (typeExtensions.isEmpty() || endsWithOneOf(name, typeExtensions)) {
            return name;
        }
        String stem = name;
        int dot = name.lastIndexOf('.');
        if (dot > 0 && EXTENSION.matcher(name.substring(dot + 1)).matches()) {
            stem = name.substring(0, dot);
        }
        if (endsWithOneOf(stem, typeExtensions)) {
            return stem;
        }
        String extension = typeExtensions.getFirst();
        int room = MAX_LENGTH - length(extension);
        if (length(stem) > room) {
            stem = stem.substring(0, stem.offsetByCodePoints(0, room));
        }
        return stem + extension;
    }

    /** The last extension of a name, lower case without the dot, or empty. */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return "";
        }
        String extension = name.substring(dot + 1).strip();
        return EXTENSION.matcher(extension).matches() ? extension.toLowerCase(Locale.ROOT) : "";
    }

    private static boolean endsWithOneOf(String name, List<String> extensions) {
        String lower = name.toLowerCase(Locale.ROOT);
        return extensions.stream().anyMatch(e -> lower.endsWith(e) && lower.length() > e.length());
    }

    private static boolean keeps(int codePoint) {
        int type = Character.getType(codePoint);
        // Control (Cc) covers U+0085 NEL; format (Cf) covers bidi overrides and zero-width characters; the line and
        // paragraph separators U+2028 and U+2029 are their own categories (Zl, Zp). Quotes would break headers.
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && type != Character.UNASSIGNED
                && type != Character.SURROGATE && type != Character.PRIVATE_USE && codePoint != '"';
    }

    private static String stripTrailingDotsAndSpaces(String name) {
        int end = name.length();
        while (end > 0 && (name.charAt(end - 1) == '.' || Character.isWhitespace(name.charAt(end - 1)))) {
            end--;
        }
        return name.substring(0, end);
    }
}
