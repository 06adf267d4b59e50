package org.consilium.records.internal.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Dates as clinical documents give them, often partial ("2012", "2012-05"): kept as text at their own precision for
 * showing, and read as the instant their period starts (in UTC when no offset is given) for ordering and charts.
 */
final class ClinicalDates {

    /** HL7 V3 TS: yyyy[MM[dd[HH[mm[ss[.SSSS]]]]]][+/-ZZzz]. */
    private static final Pattern V3 = Pattern.compile(
            "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.\\d+)?([+-]\\d{4})?");

    private ClinicalDates() {
    }

    /** The instant an ISO 8601 date or date-time (FHIR's forms) starts at; null when it is none of them. */
    static @Nullable Instant fromIso(@Nullable String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            if (iso.length() == 4) {
                return LocalDate.of(Integer.parseInt(iso), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (iso.length() == 7) {
                return LocalDate.parse(iso + "-01").atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (iso.length() == 10) {
                return LocalDate.parse(iso).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** The day an ISO date or date-time falls on, as written; null when it has no day. */
    static @Nullable LocalDate dayOf(@Nullable String iso) {
        if (iso == null || iso.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(iso.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An HL7 V3 timestamp (C-CDA) as ISO 8601 text at its own precision; null when it is not one. */
    static @Nullable String isoFromV3(@Nullable String ts) {
        if (ts == null) {
            return null;
        }
        Matcher m = V3.matcher(ts.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            if (m.group(2) == null) {
                return m.group(1);
            }
            if (m.group(3) == null) {
                return m.group(1) + "-" + m.group(2);
            }
            LocalDate day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return day.toString();
            }
            LocalDateTime time = day.atTime(Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            String text = time.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            if (m.group(7) == null) {
                return text;
            }
            String zone = m.group(7);
            return text + zone.substring(0, 3) + ":" + zone.substring(3);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}
