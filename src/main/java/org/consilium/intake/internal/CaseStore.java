package org.consilium.intake.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.consilium.identity.Role;
import org.consilium.intake.CaseDetails;
import org.consilium.intake.CasePolicy;
import org.consilium.intake.CaseProxy;
import org.consilium.intake.CasePage;
import org.consilium.intake.CaseStatus;
import org.consilium.intake.CaseSummary;
import org.consilium.intake.CaseTransition;
import org.consilium.intake.Question;
import org.consilium.intake.QuestionId;
import org.consilium.intake.QuestionKind;
import org.consilium.intake.Relationship;
import org.consilium.intake.SecondOpinionCase;
import org.consilium.intake.Urgency;
import org.consilium.shared.CaseId;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Cases, their questions and their timelines, in plain SQL. */
@Repository
public class CaseStore {

    private final JdbcClient jdbc;

    CaseStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next human reference, {@code C-2026-000123}. */
    public String nextReference(Instant now) {
        long number = jdbc.sql("select nextval('intake_case_reference_seq')").query(Long.class).single();
        return "C-%d-%06d".formatted(now.atZone(ZoneOffset.UTC).getYear(), number);
    }

    /** Stores a new case; answers its first version. */
    public long insert(SecondOpinionCase c, Instant now) {
        JdbcClient.StatementSpec statement = jdbc.sql("""
                insert into intake_cases (id, reference, patient_id, status, diagnosis, icd10_code, cancer_type,
                    stage, biomarkers, treatment_so_far, proposed_plan, specialty, urgency, decision_deadline,
                    proxy_patient_name, proxy_patient_birth_date, proxy_relationship, opened_at, updated_at, version)
                values (:id, :reference, :patient, :status, :diagnosis, :icd10, :cancerType, :stage, :biomarkers,
                    :treatment, :plan, :specialty, :urgency, :deadline, :proxyName, :proxyBirthDate,
                    :proxyRelationship, :now, :now, 1)
                """);
        withDetails(statement, c.details())
                .param("id", c.id().value())
                .param("reference", c.reference())
                .param("patient", c.patientId().value())
                .param("status", c.status().name())
                .param("now", Timestamp.from(now))
                .update();
        int position = 0;
        for (Question q : c.questions()) {
            insertQuestion(c.id(), q, position++);
        }
        return 1;
    }

    /** Binds what the case is about, as the insert and the update of a case name it. */
    private static JdbcClient.StatementSpec withDetails(JdbcClient.StatementSpec statement, CaseDetails d) {
        return statement
                .param("diagnosis", d.diagnosis())
                .param("icd10", d.icd10Code())
                .param("cancerType", d.cancerType())
                .param("stage", d.stage())
                .param("biomarkers", d.biomarkers())
                .param("treatment", d.treatmentSoFar())
                .param("plan", d.proposedPlan())
                .param("specialty", d.specialty().name())
                .param("urgency", d.urgency().name())
                .param("deadline", d.decisionDeadline() == null ? null : Date.valueOf(d.decisionDeadline()))
                .param("proxyName", d.proxy() == null ? null : d.proxy().patientName())
                .param("proxyBirthDate", d.proxy() == null ? null : Date.valueOf(d.proxy().patientBirthDate()))
                .param("proxyRelationship", d.proxy() == null ? null : d.proxy().relationship().name());
    }

    private void insertQuestion(CaseId caseId, Question q, int position) {
        jdbc.sql("insert into intake_questions (id, case_id, position, kind, text) values (?, ?, ?, ?, ?)")
                .params(q.id().value(), caseId.value(), position, q.kind().name(), q.text())
                .update();
    }

    /**
     * Saves the mutable state, the details included (a draft's edit, a new specialty); fails when someone else saved the
     * case since it was loaded. Questions are saved by {@link #saveQuestions}.
     */
    public long update(SecondOpinionCase c, Instant now) {
        JdbcClient.StatementSpec statement = jdbc.sql("""
                update intake_cases
                set status = :status, coordinator_id = :coordinator, specialist_id = :specialist,
                    decline_reason = :declineReason, submitted_at = :submittedAt, updated_at = :now,
                    diagnosis = :diagnosis, icd10_code = :icd10, cancer_type = :cancerType, stage = :stage,
                    biomarkers = :biomarkers, treatment_so_far = :treatment, proposed_plan = :plan,
                    specialty = :specialty, urgency = :urgency, decision_deadline = :deadline,
                    proxy_patient_name = :proxyName, proxy_patient_birth_date = :proxyBirthDate,
                    proxy_relationship = :proxyRelationship, version = version + 1
                where id = :id and version = :version
                """);
        int updated = withDetails(statement, c.details())
                .param("status", c.status().name())
                .param("coordinator", c.coordinatorId().map(UserId::value).orElse(null))
                .param("specialist", c.specialistId().map(UserId::value).orElse(null))
                .param("declineReason", c.declineReason().orElse(null))
                .param("submittedAt", c.submittedAt().map(Timestamp::from).orElse(null))
                .param("now", Timestamp.from(now))
                .param("id", c.id().value())
                .param("version", c.version())
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException("case " + c.reference() + " was changed concurrently");
        }
        return c.version() + 1;
    }

    /**
     * Saves a draft's questions after an edit. A question that kept its id keeps its row, with its new kind, text and
     * place; one that left the list is retired (stamped, never deleted); a new one gets a row of its own.
     */
    public void saveQuestions(SecondOpinionCase c, Instant now) {
        UUID[] kept = c.questions().stream().map(q -> q.id().value()).toArray(UUID[]::new);
        jdbc.sql("update intake_questions set retired_at = ? where case_id = ? and retired_at is null "
                        + "and id <> all(?)")
                .params(Timestamp.from(now), c.id().value(), kept)
                .update();
        int position = 0;
        for (Question q : c.questions()) {
            int changed = jdbc.sql("update intake_questions set position = ?, kind = ?, text = ? "
                            + "where id = ? and case_id = ? and retired_at is null")
                    .params(position, q.kind().name(), q.text(), q.id().value(), c.id().value())
                    .update();
            if (changed == 0) {
                insertQuestion(c.id(), q, position);
            }
            position++;
        }
    }

    /** A case as stored; intake's façade rebuilds the aggregate from it. */
    public record StoredCase(CaseId id, String reference, UserId patientId, CaseDetails details,
            List<Question> questions, Instant openedAt, CaseStatus status, @Nullable UserId coordinatorId,
            @Nullable UserId specialistId, @Nullable String declineReason, @Nullable Instant submittedAt,
            Instant updatedAt, long version) {
    }

    /** The id of the case with this human reference ({@code C-2026-000123}), if one has it. */
    public Optional<CaseId> idOfReference(String reference) {
        return jdbc.sql("select id from intake_cases where reference = ?").param(reference)
                .query((rs, n) -> new CaseId(rs.getObject(1, java.util.UUID.class))).optional();
    }

    public Optional<StoredCase> find(CaseId id) {
        return load(id, "");
    }

    /** Loads the case for a change, holding its row until the transaction ends. */
    public Optional<StoredCase> findForUpdate(CaseId id) {
        return load(id, " for update of c");
    }

    /** Loads the case and keeps it from changing state until the transaction ends, while others may still read it. */
    public Optional<StoredCase> findShared(CaseId id) {
        return load(id, " for share of c");
    }

    private Optional<StoredCase> load(CaseId id, String lockClause) {
        // One statement, and one scan of the questions, for the case and its live questions: a case read is on every
        // case page and API call. The lock, if any, is on the case's row alone.
        return jdbc.sql("""
                select c.*, q.question_ids, q.question_kinds, q.question_texts
                  from intake_cases c
                  cross join lateral (
                      select coalesce(array_agg(q.id order by q.position), '{}') as question_ids,
                             coalesce(array_agg(q.kind order by q.position), '{}') as question_kinds,
                             coalesce(array_agg(q.text order by q.position), '{}') as question_texts
                        from intake_questions q
                       where q.case_id = c.id and q.retired_at is null) q
                 where c.id = ?""" + lockClause)
                .param(id.value())
                .query((rs, n) -> restore(rs, questions(rs)))
                .optional();
    }

    private static final String SUMMARY_COLUMNS = """
            id, reference, status, diagnosis, specialty, urgency, opened_at, submitted_at, updated_at, coordinator_id,
            proxy_patient_name, proxy_relationship""";

    /**
     * A list row as stored, whom the case is for included, with whether a coordinator has claimed the case: intake's
     * façade decides from these what the caller may see of it.
     */
    public record StoredSummary(CaseSummary summary, boolean claimed) {
    }

    /**
     * A page of the coordinators' triage pool, newest activity first, strictly after the cursor. The condition is the
     * policy's rule, written out as literals so the partial index {@code intake_cases_triage_pool} serves it.
     */
    public List<StoredSummary> triagePool(CasePage.@Nullable Cursor after, int limit) {
        // With and without a cursor as two statements, so that the cursor always bounds the index scan (see
        // GrantStore.page).
        String afterCursor = after == null ? "" : " and (updated_at, id) < (:afterAt, :afterId)";
        return jdbc.sql("select " + SUMMARY_COLUMNS + " from intake_cases where status = '"
                        + CasePolicy.TRIAGE_POOL_STATUS.name() + "' and coordinator_id is null" + afterCursor + """

                order by updated_at desc, id desc
                limit :limit
                """)
                .param("afterAt", after == null ? null : Timestamp.from(after.updatedAt()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query((rs, n) -> summary(rs))
                .list();
    }

    /** The summaries of these cases, in no particular order. */
    public List<StoredSummary> summaries(List<CaseId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + SUMMARY_COLUMNS + " from intake_cases where id = any(?)")
                .param(ids.stream().map(CaseId::value).toArray(UUID[]::new))
                .query((rs, n) -> summary(rs))
                .list();
    }

    private static StoredSummary summary(ResultSet rs) throws SQLException {
        String relationship = rs.getString("proxy_relationship");
        CaseSummary.Patient patient = relationship == null ? null
                : new CaseSummary.Patient(rs.getString("proxy_patient_name"), Relationship.valueOf(relationship));
        return new StoredSummary(new CaseSummary(new CaseId(rs.getObject("id", UUID.class)),
                rs.getString("reference"), CaseStatus.valueOf(rs.getString("status")), rs.getString("diagnosis"),
                Specialty.valueOf(rs.getString("specialty")), Urgency.valueOf(rs.getString("urgency")),
                instant(rs, "opened_at"), nullableInstant(rs, "submitted_at"), instant(rs, "updated_at"), patient),
                rs.getObject("coordinator_id") != null);
    }

    public void appendTransition(CaseId id, CaseTransition t) {
        jdbc.sql("""
                insert into intake_case_transitions (case_id, at, event, actor_id, actor_role, status, note)
                values (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(id.value(), Timestamp.from(t.at()), t.event(), t.actorId().value(), t.actorRole().name(),
                        t.status().name(), t.note())
                .update();
    }

    public List<CaseTransition> timeline(CaseId id) {
        return jdbc.sql("""
                select at, event, actor_id, actor_role, status, note from intake_case_transitions
                where case_id = ? order by id
                """)
                .param(id.value())
                .query((rs, n) -> new CaseTransition(instant(rs, "at"), rs.getString("event"),
                        new UserId(rs.getObject("actor_id", UUID.class)), Role.valueOf(rs.getString("actor_role")),
                        CaseStatus.valueOf(rs.getString("status")), rs.getString("note")))
                .list();
    }

    private static List<Question> questions(ResultSet rs) throws SQLException {
        UUID[] ids = (UUID[]) rs.getArray("question_ids").getArray();
        String[] kinds = (String[]) rs.getArray("question_kinds").getArray();
        String[] texts = (String[]) rs.getArray("question_texts").getArray();
        List<Question> questions = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            questions.add(new Question(new QuestionId(ids[i]), QuestionKind.valueOf(kinds[i]), texts[i]));
        }
        return questions;
    }

    private static StoredCase restore(ResultSet rs, List<Question> questions) throws SQLException {
        Date deadline = rs.getDate("decision_deadline");
        LocalDate decisionDeadline = deadline == null ? null : deadline.toLocalDate();
        CaseDetails details = new CaseDetails(rs.getString("diagnosis"), rs.getString("icd10_code"),
                rs.getString("cancer_type"), rs.getString("stage"), rs.getString("biomarkers"),
                rs.getString("treatment_so_far"), rs.getString("proposed_plan"),
                Specialty.valueOf(rs.getString("specialty")), Urgency.valueOf(rs.getString("urgency")),
                decisionDeadline, proxy(rs));
        return new StoredCase(new CaseId(rs.getObject("id", UUID.class)), rs.getString("reference"),
                new UserId(rs.getObject("patient_id", UUID.class)), details, List.copyOf(questions),
                instant(rs, "opened_at"), CaseStatus.valueOf(rs.getString("status")),
                userId(rs, "coordinator_id"), userId(rs, "specialist_id"), rs.getString("decline_reason"),
                nullableInstant(rs, "submitted_at"), instant(rs, "updated_at"), rs.getLong("version"));
    }

    private static @Nullable CaseProxy proxy(ResultSet rs) throws SQLException {
        String relationship = rs.getString("proxy_relationship");
        if (relationship == null) {
            return null;
        }
        return new CaseProxy(rs.getString("proxy_patient_name"),
                rs.getDate("proxy_patient_birth_date").toLocalDate(), Relationship.valueOf(relationship));
    }

    private static @Nullable UserId userId(ResultSet rs, String column) throws SQLException {
        UUID value = rs.getObject(column, UUID.class);
        return value == null ? null : new UserId(value);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
