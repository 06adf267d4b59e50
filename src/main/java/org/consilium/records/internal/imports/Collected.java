package org.consilium.records.internal.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.consilium.records.internal.imports.ParsedImport.Attachment;
import org.consilium.records.internal.imports.ParsedImport.Format;
import org.consilium.records.internal.imports.ParsedImport.Item;
import org.consilium.records.internal.imports.ParsedImport.Lab;
import org.jspecify.annotations.Nullable;

/**
 * What a parser has found so far, within the limits of one import: at most {@link #MAX_ENTRIES} items and lab
 * results and {@link #MAX_ATTACHMENTS} attachments; whatever is left out is counted, by what it is, never dropped
 * silently.
 */
final class Collected {

    /** Items and lab results one import keeps; a lifetime of a patient's portal export holds a few thousand. */
    static final int MAX_ENTRIES = 20_000;
    /** Documents one import turns into records of their own, the most recent first. */
    static final int MAX_ATTACHMENTS = 20;
    /** The largest attached document kept (decoded). */
    static final int MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
    /** Longest text kept of a name, a code's display or a detail. */
    static final int MAX_TEXT = 500;

    static final String OVER_LIMIT = "entries over the import limit of "
            + String.format(java.util.Locale.ROOT, "%,d", MAX_ENTRIES);

    private final List<Item> items = new ArrayList<>();
    private final List<Lab> labs = new ArrayList<>();
    private final List<Attachment> attachments = new ArrayList<>();
    private final Map<String, Integer> skipped = new TreeMap<>();

    void item(Item item) {
        if (room()) {
            items.add(item);
        } else {
            skip(OVER_LIMIT);
        }
    }

    void lab(Lab lab) {
        if (room()) {
            labs.add(lab);
        } else {
            skip(OVER_LIMIT);
        }
    }

    void attachment(Attachment attachment) {
        attachments.add(attachment);
    }

    void skip(String what) {
        skipped.merge(what, 1, Integer::sum);
    }

    void skip(String what, int count) {
        if (count > 0) {
            skipped.merge(what, count, Integer::sum);
        }
    }

    private boolean room() {
        return items.size() + labs.size() < MAX_ENTRIES;
    }

    ParsedImport result(Format format) {
        return new ParsedImport(format, items, labs, attachments, skipped);
    }

    /** Text as kept: whitespace collapsed, trimmed, at most {@link #MAX_TEXT} characters; null when blank. */
    static @Nullable String text(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String kept = text.replaceAll("[\\s\\p{Cc}]+", " ").strip();
        if (kept.isEmpty()) {
            return null;
        }
        return kept.codePointCount(0, kept.length()) <= MAX_TEXT ? kept
                : kept.substring(0, kept.offsetByCodePoints(0, MAX_TEXT - 1)) + "…";
    }

    /** The first of the texts that is not blank, as kept. */
    static @Nullable String first(@Nullable String... texts) {
        for (String text : texts) {
            String kept = text(text);
            if (kept != null) {
                return kept;
            }
        }
        return null;
    }
}
