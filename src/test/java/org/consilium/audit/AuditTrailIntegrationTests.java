package org.consilium.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.consilium.ApiClient;
import org.consilium.audit.internal.AuditChain;
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
    org.consilium.Mailbox mailbox;

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdentityManagement identity;

    @Autowired
    org.consilium.identity.OperatorAccess operator;

    @Autowired
    AuditChain chain;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    org.consilium.audit.internal.AuditLog log;

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
        AuditVerification verification = trail.verify();

        // then
        assertThat(verification.ok()).as(verification.summary()).isTrue();
        assertThat(entries).extracting(AuditEntry::action)
                .containsSubsequence("CaseOpened", "RecordUploaded", "PatientDataRead", "CaseSubmitted",
                        "AccessDenied");
        assertThat(entries).extracting(AuditEntry::id).isSorted().doesNotHaveDuplicates();
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(e.userAgent()).startsWith("Java-http-client");
        });
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
                    assertThat(e.outcome()).isEqualTo("DENIED");
                    assertThat(e.detail()).isEqualTo("read case");
                    assertThat(e.rule()).contains("no grant");
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
                    assertThat(e.detail()).isEqualTo("submit");
                    assertThat(e.rule()).isEqualTo("only the patient of this case can submit it");
                });
        assertThat(trail.verify().ok()).isTrue();
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
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void an_entry_whose_transaction_commits_after_later_entries_were_chained_is_chained_after_them()
            throws Exception {
        // given an entry written by a transaction still in flight, so with a lower id than the next one
        CaseId caseId = CaseId.random();
        UserId reader = accountOf("coordinator@example.org");
        long lateId;
        try (java.sql.Connection inFlight = dataSource.getConnection()) {
            inFlight.setAutoCommit(false);
            try (var insert = inFlight.prepareStatement("""
                    insert into audit_entries (occurred_at, actor_id, actor_role, action, case_id, outcome)
                    values (now(), ?, 'COORDINATOR', 'PatientDataRead', ?, 'OK') returning id""")) {
                insert.setObject(1, reader.value());
                insert.setObject(2, caseId.value());
                try (var rs = insert.executeQuery()) {
                    rs.next();
                    lateId = rs.getLong(1);
                }
            }
            // and a later entry, committed and chained before it
            transactions.executeWithoutResult(status -> events.publishEvent(new org.consilium.identity.PatientDataRead(
                    reader, Role.COORDINATOR, caseId, "case", java.time.Instant.now())));
            assertThat(trail.verify().ok()).isTrue();
            long laterId = trail.ofCase(caseId).getLast().id();
            assertThat(laterId).isGreaterThan(lateId);

            // when the first transaction commits
            inFlight.commit();

            // then the next check chains it, after the later entry, and the chain holds
            assertThat(trail.verify().ok()).isTrue();
            long latePosition = jdbc.sql("select position from audit_chain where entry_id = ?").param(lateId)
                    .query(Long.class).single();
            long laterPosition = jdbc.sql("select position from audit_chain where entry_id = ?").param(laterId)
                    .query(Long.class).single();
            assertThat(latePosition).isGreaterThan(laterPosition);
            assertThat(trail.ofCase(caseId)).hasSize(2);
        }
    }

    @Test
    void a_page_of_a_case_list_is_one_entry_that_each_listed_case_s_trail_finds() {
        // given two cases newly in the triage pool
        CaseId first = openAndSubmitCase();
        CaseId second = openAndSubmitCase();
        UserId coordinator = accountOf("coordinator@example.org");

        // when a coordinator lists the cases
        Response listed = api.get(api.token("coordinator@example.org"), "/api/v1/cases?limit=20");
        assertThat(listed.status()).isEqualTo(200);

        // then one entry for the page names both cases, and each case's reads include it
        java.util.function.Function<CaseId, AuditEntry> listingOf = id -> trail.ofCase(id).stream()
                .filter(e -> coordinator.equals(e.actorId()) && "case list".equals(e.detail()))
                .reduce((a, b) -> b).orElseThrow();
        AuditEntry page = listingOf.apply(first);
        assertThat(listingOf.apply(second).id()).isEqualTo(page.id());
        assertThat(page.caseId()).isNull();
        assertThat(page.action()).isEqualTo("PatientDataRead");
        assertThat(page.listedCases()).contains(first, second).hasSizeLessThanOrEqualTo(20);
        assertThat(jdbc.sql("select count(*) from audit_entries where id > ? and actor_id = ?")
                .params(page.id() - 1, coordinator.value()).query(Long.class).single()).isEqualTo(1);
        assertThat(log.ofCase(second, "PatientDataRead")).extracting(AuditEntry::id).contains(page.id());
        assertThat(trail.verify().ok()).isTrue();
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
        assertThat(trail.verify().ok()).isTrue();
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
    void the_chain_links_each_entry_to_the_one_before_under_a_key() {
        // given
        CaseId caseId = openAndSubmitCase();
        assertThat(trail.verify().ok()).isTrue();

        // when
        AuditEntry last = trail.ofCase(caseId).getLast();
        record Link(long position, String previousHash, String hash, String keyId) {
        }
        Link link = jdbc.sql("select position, previous_hash, hash, key_id from audit_chain where entry_id = ?")
                .param(last.id()).query((rs, n) -> new Link(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4))).single();
        String before = jdbc.sql("select hash from audit_chain where position = ?").param(link.position() - 1)
                .query(String.class).single();

        // then
        assertThat(link.previousHash()).isEqualTo(before);
        assertThat(link.hash()).matches("[0-9a-f]{64}").isNotEqualTo(before);
        assertThat(link.keyId()).matches("[0-9a-f]{16}");
    }

    @Test
    void an_edited_entry_breaks_the_chain_at_its_row() {
        // given: a clean chain and one of this test's own entries
        CaseId caseId = openAndSubmitCase();
        assertThat(trail.verify().ok()).isTrue();
        AuditEntry target = trail.ofCase(caseId).getFirst();
        String original = target.detail();
        assertThat(original).isNotNull();

        AuditVerification verification;
        try {
            // when
            int updated = tamper().sql("update audit_entries set detail = 'x' where id = ?")
                    .param(target.id()).update();
            assertThat(updated).isEqualTo(1);
            verification = trail.verify();
        } finally {
            // the database is shared: put the entry back whatever happened
            tamper().sql("update audit_entries set detail = ? where id = ?").params(original, target.id()).update();
        }

        // then
        assertThat(verification.ok()).isFalse();
        assertThat(verification.brokenAt()).isEqualTo(positionOf(target));
        assertThat(verification.problem()).isEqualTo("entry " + target.id() + " of row " + positionOf(target)
                + " was altered after it was written");
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void a_moved_time_breaks_the_chain_too() {
        // given
        CaseId caseId = openAndSubmitCase();
        AuditEntry target = trail.ofCase(caseId).getLast();
        trail.verify();

        AuditVerification verification;
        try {
            // when
            tamper().sql("update audit_entries set occurred_at = occurred_at - interval '1 second' where id = ?")
                    .param(target.id()).update();
            verification = trail.verify();
        } finally {
            tamper().sql("update audit_entries set occurred_at = occurred_at + interval '1 second' where id = ?")
                    .param(target.id()).update();
        }

        // then
        assertThat(verification.brokenAt()).isEqualTo(positionOf(target));
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void a_rewritten_link_is_found_even_when_its_hash_is_recomputed_without_the_key() {
        // given
        CaseId caseId = openAndSubmitCase();
        AuditEntry target = trail.ofCase(caseId).getFirst();
        trail.verify();
        long position = positionOf(target);
        String original = tamper().sql("select hash from audit_chain where position = ?").param(position)
                .query(String.class).single();

        AuditVerification verification;
        try {
            // when: someone without the key recomputes the link as a plain SHA-256
            tamper().sql("update audit_chain set hash = encode(sha256(convert_to(previous_hash || entry_mac, "
                    + "'UTF8')), 'hex') where position = ?").param(position).update();
            verification = trail.verify();
        } finally {
            tamper().sql("update audit_chain set hash = ? where position = ?").params(original, position).update();
        }

        // then
        assertThat(verification.brokenAt()).isEqualTo(position);
        assertThat(verification.problem()).isEqualTo("the link of row " + position + " was rewritten");
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void a_tail_cut_below_a_signed_checkpoint_is_found() {
        // given: this test's entries chained and covered by a fresh checkpoint
        openAndSubmitCase();
        assertThat(trail.verify().ok()).isTrue();
        chain.checkpointIfDue(true);
        long head = jdbc.sql("select max(position) from audit_chain").query(Long.class).single();
        assertThat(chain.lastCheckpoint()).hasValueSatisfying(c -> assertThat(c.position()).isEqualTo(head));
        Map<String, Object> link = tamper().sql("select * from audit_chain where position = ?").param(head)
                .query().singleRow();
        Map<String, Object> entry = tamper().sql("select * from audit_entries where id = ?")
                .param(link.get("entry_id")).query().singleRow();

        AuditVerification verification;
        // The chainers are kept out meanwhile, so none links a newer entry into the place that was cut.
        try (var held = new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                schemaOwner.getJdbcUrl(), schemaOwner.getUsername(), schemaOwner.getPassword(), true)) {
            JdbcClient owner = JdbcClient.create(held);
            owner.sql("select pg_advisory_lock(?)").param(AuditChain.CHAIN_LOCK).query((rs, n) -> 1).list();
            try {
                // when the last entry and its link are cut away
                owner.sql("delete from audit_chain where position = ?").param(head).update();
                owner.sql("delete from audit_entries where id = ?").param(entry.get("id")).update();
                verification = chain.verify();
            } finally {
                restore("audit_entries", entry);
                restore("audit_chain", link);
                owner.sql("select pg_advisory_unlock(?)").param(AuditChain.CHAIN_LOCK).query((rs, n) -> 1).list();
            }
        }

        // then
        assertThat(verification.ok()).isFalse();
        assertThat(verification.problem()).startsWith("the chain was cut: a checkpoint signed at ")
                .endsWith("covers " + head + " rows, but only " + (head - 1) + " are left");
        assertThat(trail.verify().ok()).isTrue();
    }

    /** Puts a deleted row back as it was, identity column included. */
    private void restore(String table, Map<String, Object> row) {
        String columns = String.join(", ", row.keySet());
        String marks = String.join(", ", java.util.Collections.nCopies(row.size(), "?"));
        tamper().sql("insert into " + table + " (" + columns + ") overriding system value values (" + marks + ")")
                .params(new java.util.ArrayList<>(row.values())).update();
    }

    @Test
    void failed_sign_ins_are_on_record_without_the_email_that_was_tried() {
        // given an account of this test's own, so no other test's sign-in count is touched
        String email = "audited-" + java.util.UUID.randomUUID() + "@example.org";
        api.post(null, "/api/v1/auth/register", Map.of("email", email, "displayName", "Audited Person",
                "password", "the-right-password", "acceptPrivacyNoticeAndTerms", true));
        mailbox.confirm(api, email, "the-right-password");
        String stranger = "nobody-" + java.util.UUID.randomUUID() + "@example.org";

        // when
        assertThat(api.signIn(email, "a-wrong-password").status()).isEqualTo(401);
        assertThat(api.signIn(stranger, "a-wrong-password").status()).isEqualTo(401);

        // then
        List<Map<String, Object>> failures = jdbc.sql("""
                select actor_id, outcome, rule, detail, client_address from audit_entries
                where action = 'SignInFailed' order by id desc limit 2""").query().listOfRows();
        assertThat(failures).hasSize(2);
        assertThat(failures.get(1)).containsEntry("actor_id", accountOf(email).value())
                .containsEntry("outcome", "FAILED").containsEntry("rule", "wrong-password")
                .containsEntry("detail", "api-token").containsEntry("client_address", "127.0.0.1");
        assertThat(failures.get(0)).containsEntry("actor_id", null).containsEntry("rule", "unknown-email");
        assertThat(jdbc.sql("select count(*) from audit_entries where detail like ? or rule like ?")
                .params("%" + stranger + "%", "%" + stranger + "%").query(Long.class).single()).isZero();
    }

    @Test
    void signing_out_of_the_api_is_on_record() {
        // given a token of its own, not the shared one
        Response issued = api.signIn("patient@example.org", ApiClient.DEMO_PASSWORD);
        String token = issued.json().get("access_token").asString();

        // when
        Response out = api.post(token, "/api/v1/auth/logout", null);

        // then
        assertThat(out.status()).isEqualTo(204);
        assertThat(latest("SignedOut")).containsEntry("actor_id", accountOf("patient@example.org").value())
                .containsEntry("detail", "api-token");
    }

    @Test
    void an_administrator_s_read_of_the_metrics_is_on_record_and_another_role_s_try_is_refused_on_record() {
        // when
        Response admin = api.get(api.token("admin@example.org"), "/actuator/metrics");
        Response patient = api.get(api.token("patient@example.org"), "/actuator/metrics");

        // then
        assertThat(admin.status()).isEqualTo(200);
        assertThat(patient.status()).isEqualTo(403);
        assertThat(latest("AdministrativeRead")).containsEntry("actor_id", accountOf("admin@example.org").value())
                .containsEntry("detail", "GET /actuator/metrics");
        assertThat(latest("AccessDenied")).containsEntry("actor_id", accountOf("patient@example.org").value())
                .containsEntry("detail", "GET /actuator/metrics")
                .containsEntry("rule", "the caller's role may not use this endpoint");
    }

    @Test
    void an_administrator_and_the_local_operator_check_the_trail_over_the_api_and_no_one_else_can() {
        // when
        Response admin = api.get(api.token("admin@example.org"), "/api/v1/admin/audit/verification");
        Response operatorAnswer = api.get(operator.token(), "/api/v1/admin/audit/verification");
        Response coordinator = api.get(api.token("coordinator@example.org"), "/api/v1/admin/audit/verification");
        Response operatorElsewhere = api.get(operator.token(), "/api/v1/cases");

        // then
        assertThat(admin.status()).as("%s", admin).isEqualTo(200);
        assertThat(admin.json().get("ok").asBoolean()).isTrue();
        assertThat(admin.json().get("summary").asString()).startsWith("OK ");
        assertThat(admin.json().get("rows").asLong()).isPositive();
        assertThat(operatorAnswer.status()).isEqualTo(200);
        assertThat(coordinator.status()).isEqualTo(403);
        assertThat(operatorElsewhere.status()).isEqualTo(401);
    }

    private Map<String, Object> latest(String action) {
        return jdbc.sql("select actor_id, outcome, rule, detail from audit_entries where action = ? "
                + "order by id desc limit 1").param(action).query().singleRow();
    }

    /** Where the entry sits in the chain. */
    private long positionOf(AuditEntry entry) {
        return jdbc.sql("select position from audit_chain where entry_id = ?").param(entry.id()).query(Long.class)
                .single();
    }

    /**
     * A connection that may change the audit tables, as the schema's owner: what an intruder with the database's keys
     * would use. The app's own role may not (see below).
     */
    private JdbcClient tamper() {
        return JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                schemaOwner.getJdbcUrl(), schemaOwner.getUsername(), schemaOwner.getPassword()));
    }

    @Test
    void the_database_refuses_the_apps_own_connections_any_change_to_the_trail() {
        // given an entry of the trail, chained
        CaseId caseId = openAndSubmitCase();
        long id = trail.ofCase(caseId).getFirst().id();
        trail.verify();

        // when the app's own connections try to change, delete or empty the trail, then the database refuses
        for (String table : List.of("audit_entries", "audit_chain", "audit_checkpoints")) {
            String key = table.equals("audit_chain") ? "entry_id" : "id";
            String column = switch (table) {
                case "audit_entries" -> "detail";
                case "audit_chain" -> "hash";
                default -> "head_hash";
            };
            for (String tamper : List.of("update " + table + " set " + column + " = " + column + " where " + key
                    + " = ?",
                    "delete from " + table + " where " + key + " = ?")) {
                assertThatThrownBy(() -> jdbc.sql(tamper).param(id).update()).as(tamper)
                        .rootCause().hasMessageContaining("permission denied for table " + table);
            }
            assertThatThrownBy(() -> jdbc.sql("truncate " + table + " cascade").update()).as("truncate " + table)
                    .rootCause().hasMessageContaining("permission denied for table");
        }
        assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo("consilium_app");
        assertThat(trail.verify().ok()).isTrue();
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
