package org.consilium.export;

import java.text.Normalizer;

/** File names as they go into an export: one path segment, nothing a zip tool could take for a folder or a device. */
final class ExportNames {

    static final int MAX = 120;

    private ExportNames() {
    }

    /**
     * The name with every path separator, control character and character outside letters, digits, space and
     * {@code . _ - ( )} replaced by {@code _}, without leading dots, at most {@value #MAX} characters keeping the
     * extension; {@code record} when nothing is left.
     */
    static String safe(String name) {
        String cleaned = Normalizer.normalize(name, Normalizer.Form.NFC)
                .replaceAll("[^\\p{L}\\p{N} ._()\\-]", "_")
                .replaceAll("^[. ]+", "")
                .strip();
        if (cleaned.isEmpty() || cleaned.chars().allMatch(ch -> ch == '_' || ch == '.')) {
            return "record";
        }
        if (cleaned.length() <= MAX) {
            return cleaned;
        }
        int dot = cleaned.lastIndexOf('.');
        String extension = dot > 0 && cleaned.length() - dot <= 10 ? cleaned.substring(dot) : "";
        return cleaned.substring(0, MAX - extension.length()) + extension;
    }
}
