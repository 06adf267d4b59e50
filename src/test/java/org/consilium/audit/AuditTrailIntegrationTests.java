package org.consilium.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit trail as the API's use leaves it: every read, change and denial of a case on record, in one hash chain
 * that shows any edit. Shares its database with the other integration tests, so it looks only at its own cases and
 * puts back anything it tampers with.
 */
@org.consilium.IntegrationTest
class AuditTrailIntegrationTests {

    private static final String DIAGNOSIS = "Audited diagnosis: anaplastic astrocytoma";

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdentityManagement identity;

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    /** Where Flyway signs in: as the schema's owner, the one role that may still edit audit rows, as a DBA could. */
    @Autowired
    org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails schemaOwner;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void a_cases_reads_changes_and_a_denied_probe_are_on_record_and_the_chain_holds() {
        // given: a patient opens, reads and submits a case; another patient probes it
        CaseId caseId = openAndSubmitCase();
        Response probe = api.get(api.token("patient2@example.org"), "/api/v1/cases/" + caseId);
        assertThat(probe.status()).isEqualTo(404);

        // when
        List<AuditEntry> entries = trail.ofCase(caseId);
        long brokenAt = trail.verify();

        // then
        assertThat(brokenAt).isEqualTo(-1);
        assertThat(entries).extracting(AuditEntry::action)
                .containsSubsequence("CaseOpened", "RecordUploaded", "PatientDataRead", "CaseSubmitted",
                        "AccessDenied");
        assertThat(entries).extracting(AuditEntry::sequence).isSorted().doesNotHaveDuplicates();
        AuditEntry opened = entries.getFirst();
        assertThat(opened.action()).isEqualTo("CaseOpened");
        assertThat(opened.actorId()).isEqualTo(accountOf("patient@example.org"));
        assertThat(opened.actorRole()).isEqualTo(Role.PATIENT);
        assertThat(entries).filteredOn(e -> e.action().equals("PatientDataRead"))
                .anySatisfy(e -> {
                    assertThat(e.actorId()).isEqualTo(accountOf("patient@example.org"));
                    assertThat(e.detail()).isEqualTo("case");
                });
        assertThat(entries).filteredOn(e -> e.action().equals("AccessDenied")).singleElement()
                .satisfies(e -> {
                    assertThat(e.actorId()).isEqualTo(accountOf("patient2@example.org"));
                    assertThat(e.actorRole()).isEqualTo(Role.PATIENT);
                    assertThat(e.detail()).startsWith("read case: ").contains("no grant");
                });
        assertThat(entries).extracting(AuditEntry::detail).noneMatch(d -> d != null && d.contains("astrocytoma"));
    }

    @Test
    void an_action_refused_to_someone_who_can_see_the_case_is_on_record_with_its_rule() {
        // given a submitted case, seen by the coordinators' triage pool
        CaseId caseId = openAndSubmitCase();
        String coordinator = api.token("coordinator@example.org");

        // when a coordinator tries to submit it, an action only its patient may take
        Response refused = api.post(coordinator, "/api/v1/cases/" + caseId + "/submit", null);

        // then the answer is 403 with the reason, and the audit trail names the rule that fired
        assertThat(refused.status()).isEqualTo(403);
        assertThat(trail.ofCase(caseId)).filteredOn(e -> e.action().equals("AccessDenied")).singleElement()
                .satisfies(e -> {
                    assertThat(e.actorRole()).isEqualTo(Role.COORDINATOR);
                    assertThat(e.detail()).isEqualTo("submit: only the patient of this case can submit it");
                });
        assertThat(trail.verify()).isEqualTo(-1);
    }

    @Test
    void a_read_is_on_record_only_if_its_transaction_commits() {
        // given two reads of a made-up case, each in its own transaction
        CaseId caseId = CaseId.random();
        UserId reader = accountOf("coordinator@example.org");
        var read = new org.consilium.identity.PatientDataRead(reader, Role.COORDINATOR, caseId, "case",
                java.time.Instant.now());

        // when one transaction rolls back and the other commits
        transactions.executeWithoutResult(status -> {
            events.publishEvent(read);
            status.setRollbackOnly();
        });
        assertThat(trail.ofCase(caseId)).isEmpty();
        transactions.executeWithoutResult(status -> events.publishEvent(read));

        // then only the committed read is on record, chained
        assertThat(trail.ofCase(caseId)).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("PatientDataRead"));
        assertThat(trail.verify()).isEqualTo(-1);
    }

    @Test
    void many_refused_probes_at_once_are_each_answered_404_and_each_audited() throws Exception {
        // given one caller and forty made-up case ids, more than the connection pool holds
        String token = api.token("patient2@example.org");
        List<CaseId> probed = java.util.stream.Stream.generate(CaseId::random).limit(40).toList();

        // when they are all asked for at once
        List<Integer> statuses;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(40)) {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (CaseId id : probed) {
                answers.add(pool.submit(() -> api.get(token, "/api/v1/cases/" + id).status()));
            }
            statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
        }

        // then every probe is a 404, and every one left its denial in the chain
        assertThat(statuses).containsOnly(404);
        assertThat(probed).allSatisfy(id -> assertThat(trail.ofCase(id)).extracting(AuditEntry::action)
                .containsExactly("AccessDenied"));
        assertThat(trail.verify()).isEqualTo(-1);
    }

    @Test
    void the_patient_sees_who_else_viewed_the_case_and_no_one_else_sees_that_list() {
        // given a submitted case that the coordinator reads twice within a minute
        CaseId caseId = openAndSubmitCase();
        String coordinator = api.token("coordinator@example.org");
        assertThat(api.get(coordinator, "/api/v1/cases/" + caseId).status()).isEqualTo(200);
        assertThat(api.get(coordinator, "/api/v1/cases/" + caseId + "/timeline").status()).isEqualTo(200);

        // when the patient, the coordinator and another patient ask for the access log
        Response mine = api.get(api.token("patient@example.org"), "/api/v1/cases/" + caseId + "/access-log");
        Response coordinators = api.get(coordinator, "/api/v1/cases/" + caseId + "/access-log");
        Response strangers = api.get(api.token("patient2@example.org"), "/api/v1/cases/" + caseId + "/access-log");

        // then the patient sees one visit by the coordinator, by name and role, and no one else may ask
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json()).hasSize(1);
        assertThat(mine.json().get(0).get("who").asString()).isEqualTo("Nora Lindqvist");
        assertThat(mine.json().get(0).get("role").asString()).isEqualTo("COORDINATOR");
        assertThat(mine.json().get(0).get("what").toString()).contains("case").contains("timeline");
        assertThat(coordinators.status()).isEqualTo(403);
        assertThat(strangers.status()).isEqualTo(404);
    }

    @Test
    void the_chain_links_each_entry_to_the_one_before() {
        // given
        CaseId caseId = openAndSubmitCase();

        // when
        List<AuditEntry> entries = trail.ofCase(caseId);

        // then
        AuditEntry last = entries.getLast();
        String previousHash = jdbc.sql("select hash from audit_events where sequence = ?")
                .param(last.sequence() - 1).query(String.class).single();
        assertThat(last.previousHash()).isEqualTo(previousHash);
        assertThat(entries).extracting(AuditEntry::hash).allMatch(h -> h.matches("[0-9a-f]{64}"))
                .doesNotHaveDuplicates();
    }

    @Test
    void an_edited_row_breaks_the_chain_at_that_row() {
        // given: a clean chain and one of this test's own rows
        CaseId caseId = openAndSubmitCase();
        assertThat(trail.verify()).isEqualTo(-1);
        AuditEntry target = trail.ofCase(caseId).getFirst();
        String original = target.detail();
        assertThat(original).isNotNull();

        JdbcClient owner = asSchemaOwner();

        long brokenAt;
        try {
            // when
            int updated = owner.sql("update audit_events set detail = 'x' where sequence = ?")
                    .param(target.sequence()).update();
            assertThat(updated).isEqualTo(1);
            brokenAt = trail.verify();
        } finally {
            // the database is shared: put the row back whatever happened
            owner.sql("update audit_events set detail = ? where sequence = ?")
                    .params(original, target.sequence()).update();
        }

        // then
        assertThat(brokenAt).isEqualTo(target.sequence());
        assertThat(trail.verify()).isEqualTo(-1);
    }

    @Test
    void a_reordered_time_breaks_the_chain_too() {
        // given
        CaseId caseId = openAndSubmitCase();
        AuditEntry target = trail.ofCase(caseId).getLast();

        JdbcClient owner = asSchemaOwner();

        long brokenAt;
        try {
            // when
            owner.sql("update audit_events set occurred_at = occurred_at - interval '1 second' where sequence = ?")
                    .param(target.sequence()).update();
            brokenAt = trail.verify();
        } finally {
            owner.sql("update audit_events set occurred_at = occurred_at + interval '1 second' where sequence = ?")
                    .param(target.sequence()).update();
        }

        // then
        assertThat(brokenAt).isEqualTo(target.sequence());
        assertThat(trail.verify()).isEqualTo(-1);
    }

    @Test
    void the_database_refuses_the_apps_own_connections_any_change_to_the_trail() {
        // given a row of the trail
        CaseId caseId = openAndSubmitCase();
        long sequence = trail.ofCase(caseId).getFirst().sequence();

        // when the app's own connections try to change, delete or empty the trail, then the database refuses
        for (String tamper : List.of("update audit_events set detail = 'x' where sequence = ?",
                "delete from audit_events where sequence = ?")) {
            assertThatThrownBy(() -> jdbc.sql(tamper).param(sequence).update()).as(tamper)
                    .rootCause().hasMessageContaining("permission denied for table audit_events");
        }
        assertThatThrownBy(() -> jdbc.sql("truncate audit_events").update())
                .rootCause().hasMessageContaining("permission denied for table audit_events");
        assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo("consilium_app");
        assertThat(trail.verify()).isEqualTo(-1);
    }

    private JdbcClient asSchemaOwner() {
        return JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                schemaOwner.getJdbcUrl(), schemaOwner.getUsername(), schemaOwner.getPassword()));
    }

    /** A case of patient@example.org with one record, read once and submitted. */
    private CaseId openAndSubmitCase() {
        String patient = api.token("patient@example.org");
        Response opened = api.post(patient, "/api/v1/cases", Map.of(
                "diagnosis", DIAGNOSIS,
                "specialty", "NEUROSURGERY",
                "questions", List.of(Map.of("kind", "TREATMENT_OPTIONS", "text", "Is resection possible?"))));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        String id = opened.json().get("id").asString();
        Response uploaded = api.upload(patient, "/api/v1/cases/" + id + "/records", "mri-report.pdf",
                org.consilium.FileFixtures.pdf("MRI report " + id), Map.of("category", "IMAGING_REPORT"));
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        assertThat(api.get(patient, "/api/v1/cases/" + id).status()).isEqualTo(200);
        assertThat(api.post(patient, "/api/v1/cases/" + id + "/submit", null).status()).isEqualTo(200);
        return CaseId.parse(id);
    }

    private UserId accountOf(String email) {
        return identity.findByEmail(email).orElseThrow().actor().id();
    }
}
