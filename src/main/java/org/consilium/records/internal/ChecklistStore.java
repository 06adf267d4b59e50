package org.consilium.records.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.consilium.identity.Role;
import org.consilium.records.Checklist;
import org.consilium.records.ChecklistTemplate;
import org.consilium.records.ChecklistWaiver;
import org.consilium.records.RecordCategory;
import org.consilium.records.RecordId;
import org.consilium.shared.CaseId;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The kept record checklists, the records as a checklist counts them, and the waivers of each case. */
@Repository
public class ChecklistStore {

    private final JdbcClient jdbc;

    ChecklistStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every kept checklist with its items: a handful of rows, read in one statement. */
    public List<ChecklistTemplate> templates() {
        record Row(String key, int position, String conditionName, List<String> prefixes, List<String> keywords,
                ChecklistTemplate.Item item) {
        }
        List<Row> rows = jdbc.sql("""
                select c.key, c.position, c.condition_name, c.icd10_prefixes, c.keywords, i.item_key,
                       i.position as item_position, i.categories, i.specialties, i.patient_words, i.specialist_words
                from records_checklists c join records_checklist_items i on i.checklist_key = c.key
                order by c.position, i.position
                """)
                .query((rs, n) -> new Row(rs.getString("key"), rs.getInt("position"), rs.getString("condition_name"),
                        texts(rs.getArray("icd10_prefixes")), texts(rs.getArray("keywords")),
                        new ChecklistTemplate.Item(rs.getString("item_key"), rs.getInt("item_position"),
                                texts(rs.getArray("categories")).stream().map(RecordCategory::valueOf)
                                        .collect(Collectors.toSet()),
                                texts(rs.getArray("specialties")).stream().map(Specialty::valueOf)
                                        .collect(Collectors.toSet()),
                                rs.getString("patient_words"), rs.getString("specialist_words"))))
                .list();
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row));
        return byKey.values().stream().map(of -> {
            Row first = of.getFirst();
            return new ChecklistTemplate(first.key(), first.position(), first.conditionName(), first.prefixes(),
                    first.keywords(), of.stream().map(Row::item).toList());
        }).toList();
    }

    /** Every record of the case, voided ones too (marked so), oldest first. */
    public List<Checklist.Filed> filed(CaseId caseId) {
        return jdbc.sql("""
                select id, category, voided_at is not null as voided from records_records
                where case_id = ? order by uploaded_at, id
                """)
                .param(caseId.value())
                .query((rs, n) -> new Checklist.Filed(new RecordId(rs.getObject("id", UUID.class)),
                        RecordCategory.valueOf(rs.getString("category")), rs.getBoolean("voided")))
                .list();
    }

    /** Every waiver the case had, live and withdrawn, in the order they were given. */
    public List<ChecklistWaiver> waivers(CaseId caseId) {
        return jdbc.sql("""
                select id, case_id, item_key, reason, waived_by, waived_by_role, waived_at, withdrawn_by,
                       withdrawn_by_role, withdrawn_at
                from records_checklist_waivers where case_id = ? order by waived_at, id
                """)
                .param(caseId.value())
                .query((rs, n) -> waiver(rs))
                .list();
    }

    /**
     * Keeps a waiver, unless the item has a live one already (two coordinators' clicks at once): answers whether it
     * was kept.
     */
    public boolean insert(ChecklistWaiver w) {
        return jdbc.sql("""
                insert into records_checklist_waivers
                    (id, case_id, item_key, reason, waived_by, waived_by_role, waived_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (case_id, item_key) where withdrawn_at is null do nothing
                """)
                .params(w.id(), w.caseId().value(), w.itemKey(), w.reason(), w.waivedBy().value(),
                        w.waivedByRole().name(), Timestamp.from(w.waivedAt()))
                .update() > 0;
    }

    /** Stamps the item's live waiver withdrawn; answers whether there was one. */
    public boolean withdraw(CaseId caseId, String itemKey, UserId by, Role role, java.time.Instant at) {
        return jdbc.sql("""
                update records_checklist_waivers set withdrawn_by = ?, withdrawn_by_role = ?, withdrawn_at = ?
                where case_id = ? and item_key = ? and withdrawn_at is null
                """)
                .params(by.value(), role.name(), Timestamp.from(at), caseId.value(), itemKey)
                .update() > 0;
    }

    private static ChecklistWaiver waiver(ResultSet rs) throws SQLException {
        UUID withdrawnBy = rs.getObject("withdrawn_by", UUID.class);
        String withdrawnRole = rs.getString("withdrawn_by_role");
        Timestamp withdrawnAt = rs.getTimestamp("withdrawn_at");
        return new ChecklistWaiver(rs.getObject("id", UUID.class), new CaseId(rs.getObject("case_id", UUID.class)),
                rs.getString("item_key"), rs.getString("reason"), new UserId(rs.getObject("waived_by", UUID.class)),
                Role.valueOf(rs.getString("waived_by_role")), rs.getTimestamp("waived_at").toInstant(),
                withdrawnBy == null ? null : new UserId(withdrawnBy),
                withdrawnRole == null ? null : Role.valueOf(withdrawnRole),
                withdrawnAt == null ? null : withdrawnAt.toInstant());
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
