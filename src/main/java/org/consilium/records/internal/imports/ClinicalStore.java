package org.consilium.records.internal.imports;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.consilium.records.ClinicalSummary;
import org.consilium.records.ClinicalSummary.Entry;
import org.consilium.records.ClinicalSummary.Flag;
import org.consilium.records.ClinicalSummary.LabTest;
import org.consilium.records.ClinicalSummary.LabValue;
import org.consilium.records.ClinicalSummary.ReferenceRange;
import org.consilium.records.RecordId;
import org.consilium.records.internal.imports.ParsedImport.Item;
import org.consilium.records.internal.imports.ParsedImport.Kind;
import org.consilium.records.internal.imports.ParsedImport.Lab;
import org.consilium.shared.CaseId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The structured data of imported records: written in the transaction that stores the imported record, read for
 * the clinical summary in three statements whatever the case holds (imports, items, lab values), each joined with
 * the records so that a voided record's data is left out.
 */
@Repository
public class ClinicalStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    ClinicalStore(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /** Keeps what the record held; {@code skipped} is what of it was not imported, counted by what it is. */
    public void insert(CaseId caseId, RecordId recordId, ParsedImport parsed, Map<String, Integer> skipped,
            Instant now) {
        jdbc.sql("""
                insert into records_clinical_imports (record_id, case_id, format, imported_at, skipped)
                values (?, ?, ?, ?, ?::jsonb)
                """)
                .params(recordId.value(), caseId.value(), parsed.format().name(), Timestamp.from(now),
                        JSON.writeValueAsString(skipped))
                .update();
        List<Object[]> items = new ArrayList<>();
        for (Item item : parsed.items()) {
            Instant noted = ClinicalDates.fromIso(item.date());
            items.add(new Object[] {caseId.value(), recordId.value(), item.kind().name(), item.code(), item.system(),
                    item.display(), item.status(), item.date(), noted == null ? null : Timestamp.from(noted),
                    item.detail()});
        }
        batch("""
                insert into records_clinical_items
                    (case_id, record_id, kind, code, system, display, status, noted, noted_at, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, items);
        List<Object[]> labs = new ArrayList<>();
        for (Lab lab : parsed.labs()) {
            labs.add(new Object[] {caseId.value(), recordId.value(), lab.code(), lab.system(), lab.display(),
                    lab.unit(), lab.number(), lab.text(), lab.low(), lab.high(), lab.rangeText(),
                    lab.interpretation(), lab.at() == null ? null : Timestamp.from(lab.at())});
        }
        batch("""
                insert into records_lab_values (case_id, record_id, code, system, display, unit, value_number,
                    value_text, range_low, range_high, range_text, interpretation, at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, labs);
    }

    /** Notes that a record is a document carried inside an imported one, and which resource of it. */
    public void insertDocument(CaseId caseId, RecordId recordId, RecordId importRecordId, String reference) {
        jdbc.sql("""
                insert into records_imported_documents (record_id, case_id, import_record_id, reference)
                values (?, ?, ?, ?)
                """)
                .params(recordId.value(), caseId.value(), importRecordId.value(), reference)
                .update();
    }

    private void batch(String sql, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += BATCH) {
            batches.batchUpdate(sql, rows.subList(from, Math.min(rows.size(), from + BATCH)));
        }
    }

    /** The case's clinical summary, from the records that are not voided. */
    public ClinicalSummary summary(CaseId caseId) {
        List<ClinicalSummary.Import> imports = jdbc.sql("""
                select i.record_id, r.filename, i.format, i.imported_at, i.skipped::text as skipped
                from records_clinical_imports i join records_records r on r.id = i.record_id
                where i.case_id = ? and r.voided_at is null
                order by i.imported_at, i.record_id
                """)
                .param(caseId.value())
                .query((rs, n) -> new ClinicalSummary.Import(new RecordId(rs.getObject("record_id", UUID.class)),
                        rs.getString("filename"), rs.getString("format"), rs.getTimestamp("imported_at").toInstant(),
                        JSON.readValue(rs.getString("skipped"), new TypeReference<Map<String, Integer>>() {
                        })))
                .list();
        if (imports.isEmpty()) {
            return new ClinicalSummary(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }
        Map<Kind, List<Entry>> entries = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            entries.put(kind, new ArrayList<>());
        }
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        jdbc.sql("""
                select c.kind, c.code, c.system, c.display, c.status, c.noted, c.detail, c.record_id
                from records_clinical_items c join records_records r on r.id = c.record_id
                where c.case_id = ? and r.voided_at is null
                order by c.noted_at desc nulls last, c.display, c.id
                """)
                .param(caseId.value())
                .query((rs, n) -> {
                    // The same entry from another import (exports overlap; a bundle uploaded twice) is shown once.
                    if (!seen.add(java.util.Arrays.asList(rs.getString("kind"), rs.getString("system"),
                            rs.getString("code"), rs.getString("display"), rs.getString("noted")))) {
                        return null;
                    }
                    entries.get(Kind.valueOf(rs.getString("kind"))).add(new Entry(rs.getString("code"),
                            rs.getString("system"), rs.getString("display"), rs.getString("status"),
                            rs.getString("noted"), rs.getString("detail"),
                            new RecordId(rs.getObject("record_id", UUID.class))));
                    return null;
                })
                .list();
        return new ClinicalSummary(entries.get(Kind.CONDITION), entries.get(Kind.MEDICATION),
                entries.get(Kind.ALLERGY), entries.get(Kind.PROCEDURE), labs(caseId), imports);
    }

    /** Lab values grouped by test: one code of one system in one unit (or, without a code, one name in one unit). */
    private List<LabTest> labs(CaseId caseId) {
        record Row(@Nullable String code, @Nullable String system, String display, @Nullable String unit,
                LabValue value) {

            List<Object> key() {
                return code == null ? java.util.Arrays.asList("name", display, unit)
                        : java.util.Arrays.asList(system, code, unit);
            }
        }
        List<Row> rows = jdbc.sql("""
                select l.code, l.system, l.display, l.unit, l.value_number, l.value_text, l.range_low, l.range_high,
                       l.range_text, l.interpretation, l.at, l.record_id
                from records_lab_values l join records_records r on r.id = l.record_id
                where l.case_id = ? and r.voided_at is null
                order by l.at nulls first, l.id
                """)
                .param(caseId.value())
                .query((rs, n) -> {
                    BigDecimal number = rs.getBigDecimal("value_number");
                    BigDecimal low = rs.getBigDecimal("range_low");
                    BigDecimal high = rs.getBigDecimal("range_high");
                    Timestamp at = rs.getTimestamp("at");
                    return new Row(rs.getString("code"), rs.getString("system"), rs.getString("display"),
                            rs.getString("unit"), new LabValue(at == null ? null : at.toInstant(),
                                    number,
                                    rs.getString("value_text"), ReferenceRange.of(low, high,
                                            rs.getString("range_text")),
                                    Flag.of(number, low, high, rs.getString("interpretation")),
                                    new RecordId(rs.getObject("record_id", UUID.class))));
                })
                .list();
        Map<List<Object>, List<Row>> byTest = new LinkedHashMap<>();
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        for (Row row : rows) {
            LabValue value = row.value();
            List<Object> same = new ArrayList<>(row.key());
            same.addAll(java.util.Arrays.asList(value.at(), value.number() == null ? null
                    : value.number().stripTrailingZeros(), value.text()));
            // The same result from another import (exports overlap; a bundle uploaded twice) is shown once.
            if (seen.add(same)) {
                byTest.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
            }
        }
        return byTest.values().stream().map(test -> {
            Row latest = test.getLast();
            return new LabTest(latest.code(), latest.system(), latest.display(), latest.unit(),
                    latest.value().range(), test.stream().map(Row::value).toList());
        }).sorted(java.util.Comparator.comparing((LabTest t) -> t.display().toLowerCase(java.util.Locale.ROOT))
                .thenComparing(t -> Objects.requireNonNullElse(t.unit(), ""))).toList();
    }
}
