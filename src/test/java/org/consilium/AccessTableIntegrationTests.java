package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.consilium.AccessTableIntegrationTests.Outcome.CONFLICT;
import static org.consilium.AccessTableIntegrationTests.Outcome.FORBIDDEN;
import static org.consilium.AccessTableIntegrationTests.Outcome.NOT_FOUND;
import static org.consilium.AccessTableIntegrationTests.Outcome.OK;
import static org.consilium.AccessTableIntegrationTests.Outcome.UNAUTHENTICATED;
import static org.consilium.AccessTableIntegrationTests.Relation.ADMINISTRATOR;
import static org.consilium.AccessTableIntegrationTests.Relation.CARER;
import static org.consilium.AccessTableIntegrationTests.Relation.CASE_COORDINATOR;
import static org.consilium.AccessTableIntegrationTests.Relation.DOCTOR;
import static org.consilium.AccessTableIntegrationTests.Relation.EMERGENCY;
import static org.consilium.AccessTableIntegrationTests.Relation.NONE;
import static org.consilium.AccessTableIntegrationTests.Relation.OFFERED;
import static org.consilium.AccessTableIntegrationTests.Relation.OWNER;
import static org.consilium.AccessTableIntegrationTests.Relation.POOL;
import static org.consilium.AccessTableIntegrationTests.Relation.REVIEWER;
import static org.consilium.AccessTableIntegrationTests.Relation.SUSPENDED;
import static org.consilium.AccessTableIntegrationTests.State.CLOSED;
import static org.consilium.AccessTableIntegrationTests.State.COLLECTING_RECORDS;
import static org.consilium.AccessTableIntegrationTests.State.DECLINED;
import static org.consilium.AccessTableIntegrationTests.State.DISCARDED;
import static org.consilium.AccessTableIntegrationTests.State.DRAFT;
import static org.consilium.AccessTableIntegrationTests.State.IN_REVIEW;
import static org.consilium.AccessTableIntegrationTests.State.IN_REVIEW_DRAFTED;
import static org.consilium.AccessTableIntegrationTests.State.OFFER_DECLINED;
import static org.consilium.AccessTableIntegrationTests.State.OPINION_DELIVERED;
import static org.consilium.AccessTableIntegrationTests.State.READY_FOR_MATCHING;
import static org.consilium.AccessTableIntegrationTests.State.SUBMITTED;
import static org.consilium.AccessTableIntegrationTests.State.WITHDRAWN;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.Delegations;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Registration;
import org.consilium.identity.Role;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.intake.OpenCase;
import org.consilium.intake.Question;
import org.consilium.matching.MatchingManagement;
import org.consilium.matching.SpecialistId;
import org.consilium.records.MedicalRecord;
import org.consilium.records.RecordManagement;
import org.consilium.review.OpinionDraft;
import org.consilium.review.ReviewManagement;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every case route, API and page, asked by every kind of caller about a case in every state, against one table of
 * who may do what. The routes come from the application's own handler mappings, so a new case route without a row
 * here fails the test. The table is written out independently of the policies it checks: where the two disagree,
 * one of them is wrong.
 *
 * <p>A refused request must leave the case as it was; an allowed change is tried on a fresh case of that state.
 */
@IntegrationTest
class AccessTableIntegrationTests {

    /**
     * What a caller is to the case in a given state. {@code DOCTOR} and {@code CARER} are people the patient let in:
     * their doctor, who may add records and read the opinion, and a caregiver, who may withdraw the case.
     * {@code SUSPENDED} is an account suspended after it signed in: its token and session still exist.
     * {@code EMERGENCY} is a medical director who opened the case by emergency access (break-glass);
     * {@code ADMINISTRATOR} sees no case, but may open one so.
     */
    enum Relation {
        OWNER, CASE_COORDINATOR, POOL, OFFERED, REVIEWER, DOCTOR, CARER, EMERGENCY, SUSPENDED, ADMINISTRATOR, NONE;

        /** Whether the case exists for the caller: everyone but a stranger to it, and an administrator. */
        boolean sees() {
            return this != NONE && this != ADMINISTRATOR;
        }
    }

    /**
     * The answer a request gets, as the table states it. Pages show 403 and 409 refusals as a message, and send a
     * caller who is not signed in (any more) to the sign-in page.
     */
    enum Outcome {
        OK, NOT_FOUND, FORBIDDEN, CONFLICT, UNAUTHENTICATED
    }

    /** The callers: demo accounts, and a second coordinator made for this test. */
    enum Caller {
        PATIENT("patient@example.org"),
        OTHER_PATIENT("patient2@example.org"),
        COORDINATOR("coordinator@example.org"),
        OTHER_COORDINATOR("second-coordinator.access-table@example.org"),
        ONCOLOGIST("oncologist@example.org"),
        SURGEON("surgeon@example.org"),
        ADMIN("admin@example.org"),
        DIRECTOR("director@example.org"),
        DOCTOR_DELEGATE("doctor.access-table@example.org"),
        CARER_DELEGATE("carer.access-table@example.org"),
        SUSPENDED_COORDINATOR("suspended.access-table@example.org");

        final String email;

        Caller(String email) {
            this.email = email;
        }
    }

    /** The states a case is probed in: every status, and the in-between states that change who sees what. */
    enum State {
        DRAFT, SUBMITTED, DECLINED, COLLECTING_RECORDS, READY_FOR_MATCHING, OFFERED, OFFER_DECLINED, IN_REVIEW,
        IN_REVIEW_DRAFTED, OPINION_DELIVERED, CLOSED, WITHDRAWN, DISCARDED;

        /** The case status the state stands in. */
        String status() {
            return switch (this) {
                case OFFER_DECLINED -> "READY_FOR_MATCHING";
                case IN_REVIEW_DRAFTED -> "IN_REVIEW";
                default -> name();
            };
        }
    }

    /**
     * Who each caller is to the case: the patient opened it; the coordinator triaged it (and holds a declined case
     * for a while); the oncologist was offered it, then reviews it, and loses it when the patient withdraws or when
     * they decline the offer.
     */
    static Relation relation(Caller caller, State state) {
        return switch (caller) {
            case PATIENT -> OWNER;
            case DOCTOR_DELEGATE -> DOCTOR;
            case CARER_DELEGATE -> CARER;
            case SUSPENDED_COORDINATOR -> SUSPENDED;
            case COORDINATOR -> switch (state) {
                case DRAFT, DISCARDED -> NONE;
                case SUBMITTED -> POOL;
                default -> CASE_COORDINATOR;
            };
            case OTHER_COORDINATOR -> state == SUBMITTED ? POOL : NONE;
            case ONCOLOGIST -> switch (state) {
                case OFFERED -> OFFERED;
                case IN_REVIEW, IN_REVIEW_DRAFTED, OPINION_DELIVERED, CLOSED -> REVIEWER;
                default -> NONE;
            };
            case DIRECTOR -> EMERGENCY;
            case ADMIN -> ADMINISTRATOR;
            case OTHER_PATIENT, SURGEON -> NONE;
        };
    }

    /**
     * A rule of the table: the outcome for a caller of this relation on a case in this state. A suspended account is
     * signed out by every request, whatever the rule.
     */
    interface Rule {
        Outcome decide(Relation relation, State state);

        default Outcome expect(Relation relation, State state) {
            return relation == SUSPENDED ? UNAUTHENTICATED : decide(relation, state);
        }
    }

    /** Anyone who sees the case. */
    static Rule seen() {
        return (r, s) -> !r.sees() ? NOT_FOUND : OK;
    }

    /** These parties, in these states; another party who sees the case is forbidden, a right party too early or late is in conflict. */
    static Rule party(Set<Relation> who, Set<State> when) {
        return (r, s) -> !r.sees() ? NOT_FOUND : !who.contains(r) ? FORBIDDEN : when.contains(s) ? OK : CONFLICT;
    }

    /** These parties in these states; everyone else who sees the case is told there is nothing to show. */
    static Rule onlyShownTo(Set<Relation> who, Set<State> when) {
        return (r, s) -> who.contains(r) && when.contains(s) ? OK : NOT_FOUND;
    }

    static final Set<State> WITHDRAWABLE = EnumSet.of(DRAFT, SUBMITTED, COLLECTING_RECORDS, READY_FOR_MATCHING,
            State.OFFERED, OFFER_DECLINED, IN_REVIEW, IN_REVIEW_DRAFTED);
    static final Set<State> GATHERING_RECORDS = EnumSet.of(DRAFT, SUBMITTED, COLLECTING_RECORDS);
    static final Set<State> SPECIALTY_CHANGEABLE = EnumSet.of(SUBMITTED, COLLECTING_RECORDS, READY_FOR_MATCHING,
            OFFER_DECLINED);
    static final Set<Relation> COORDINATORS = EnumSet.of(POOL, CASE_COORDINATOR);
    static final Set<State> MATCHING = EnumSet.of(READY_FOR_MATCHING, OFFER_DECLINED);
    static final Set<State> REVIEWING = EnumSet.of(IN_REVIEW, IN_REVIEW_DRAFTED);
    static final Set<State> SIGNED = EnumSet.of(OPINION_DELIVERED, CLOSED);
    static final Set<Relation> CARE_TEAM = EnumSet.of(OWNER, CASE_COORDINATOR, REVIEWER);
    /** Who reads the records themselves: the care team, and everyone the patient let in. */
    static final Set<Relation> RECORD_READERS = EnumSet.of(OWNER, CASE_COORDINATOR, REVIEWER, DOCTOR, CARER,
            EMERGENCY);
    /** Who reads the signed opinion: the care team, and the doctor the patient let read it. */
    static final Set<Relation> OPINION_READERS = EnumSet.of(OWNER, CASE_COORDINATOR, REVIEWER, DOCTOR, EMERGENCY);

    /**
     * Emergency access: a medical director or an administrator opens any case, in any state; anyone else is refused
     * by role, before the case is looked up, so even a stranger learns nothing of it.
     */
    static Rule emergencyAccess() {
        return (r, s) -> r == EMERGENCY || r == ADMINISTRATOR ? OK : FORBIDDEN;
    }
    static final Set<Relation> UPLOADERS = EnumSet.of(OWNER, CASE_COORDINATOR, DOCTOR);
    /**
     * Who edits or voids the fixture's record: whoever added it (the patient) and the case's coordinator; the doctor
     * adds records but did not add this one.
     */
    static final Set<Relation> RECORD_EDITORS = EnumSet.of(OWNER, CASE_COORDINATOR);
    static final Set<Relation> WITHDRAWERS = EnumSet.of(OWNER, CARER);
    /** Everyone can be let into a case but a discarded draft and a case that ended before its opinion. */
    static final Set<State> DELEGABLE = EnumSet.complementOf(EnumSet.of(DISCARDED, WITHDRAWN, DECLINED));

    /** Opinion reads: the reviewer sees the draft; its readers see the signed opinion; others see nothing. */
    static Rule opinionRead() {
        return (r, s) -> r == REVIEWER && s == IN_REVIEW_DRAFTED || OPINION_READERS.contains(r) && SIGNED.contains(s)
                ? OK : NOT_FOUND;
    }

    // ---- the table ---------------------------------------------------------------------------------------------

    /** What a request needs from the case it probes. */
    record Fixture(State state, CaseId caseId, UUID recordId, List<UUID> questionIds, long opinionVersion,
            long caseVersion, UUID delegationId) {
    }

    /** How to send one route's request for a fixture. */
    interface Request {
        Sent send(Client client, Fixture f);
    }

    record Route(String method, String pattern, Rule rule, Request request) {

        boolean changes() {
            return !method.equals("GET");
        }

        boolean page() {
            return !pattern.startsWith("/api/");
        }
    }

    private List<Route> table() {
        String c = "/api/v1/cases/{id}";
        String p = "/cases/{id}";
        List<Route> routes = new ArrayList<>();
        // The API.
        routes.add(new Route("GET", c, seen(), (cl, f) -> cl.api("GET", api(f, ""), null, null)));
        routes.add(new Route("GET", c + "/timeline", seen(), (cl, f) -> cl.api("GET", api(f, "/timeline"), null, null)));
        routes.add(new Route("GET", c + "/access-log", party(Set.of(OWNER), EnumSet.allOf(State.class)),
                (cl, f) -> cl.api("GET", api(f, "/access-log"), null, null)));
        routes.add(new Route("POST", c + "/submit", party(Set.of(OWNER), Set.of(DRAFT)),
                (cl, f) -> cl.api("POST", api(f, "/submit"), null, null)));
        routes.add(new Route("PUT", c, party(Set.of(OWNER), Set.of(DRAFT)),
                (cl, f) -> cl.api("PUT", api(f, ""), CASE_JSON, "\"" + f.caseVersion() + "\"")));
        routes.add(new Route("POST", c + "/discard", party(Set.of(OWNER), Set.of(DRAFT)),
                (cl, f) -> cl.api("POST", api(f, "/discard"), null, null)));
        routes.add(new Route("POST", c + "/specialty", party(COORDINATORS, SPECIALTY_CHANGEABLE),
                (cl, f) -> cl.api("POST", api(f, "/specialty"), "{\"specialty\":\"HEMATOLOGY\",\"reason\":\"probe\"}",
                        null)));
        routes.add(new Route("POST", c + "/triage", party(Set.of(POOL, CASE_COORDINATOR), Set.of(SUBMITTED)),
                (cl, f) -> cl.api("POST", api(f, "/triage"), "{\"decision\":\"ACCEPT\"}", null)));
        routes.add(new Route("POST", c + "/records-complete", party(Set.of(CASE_COORDINATOR), Set.of(COLLECTING_RECORDS)),
                (cl, f) -> cl.api("POST", api(f, "/records-complete"), null, null)));
        routes.add(new Route("POST", c + "/withdraw", party(WITHDRAWERS, WITHDRAWABLE),
                (cl, f) -> cl.api("POST", api(f, "/withdraw"), "{\"reason\":\"probe\"}", null)));
        routes.add(new Route("POST", c + "/close", party(Set.of(CASE_COORDINATOR), Set.of(OPINION_DELIVERED)),
                (cl, f) -> cl.api("POST", api(f, "/close"), null, null)));
        routes.add(new Route("POST", c + "/offers", party(Set.of(CASE_COORDINATOR), MATCHING),
                (cl, f) -> cl.api("POST", api(f, "/offers"), "{\"specialistId\":\"" + oncologistId + "\"}", null)));
        routes.add(new Route("GET", c + "/offers", party(Set.of(CASE_COORDINATOR), EnumSet.allOf(State.class)),
                (cl, f) -> cl.api("GET", api(f, "/offers"), null, null)));
        routes.add(new Route("POST", c + "/accept", party(Set.of(OFFERED, REVIEWER), Set.of(State.OFFERED)),
                (cl, f) -> cl.api("POST", api(f, "/accept"), null, null)));
        routes.add(new Route("POST", c + "/decline", party(Set.of(OFFERED, REVIEWER), Set.of(State.OFFERED)),
                (cl, f) -> cl.api("POST", api(f, "/decline"), "{\"reason\":\"No capacity\"}", null)));
        routes.add(new Route("GET", "/api/v1/cases/{caseId}/records", seen(),
                (cl, f) -> cl.api("GET", api(f, "/records"), null, null)));
        routes.add(new Route("POST", "/api/v1/cases/{caseId}/records", party(UPLOADERS, GATHERING_RECORDS),
                (cl, f) -> cl.upload(api(f, "/records"), false)));
        routes.add(new Route("PATCH", "/api/v1/cases/{caseId}/records/{recordId}", party(RECORD_EDITORS, GATHERING_RECORDS),
                (cl, f) -> cl.api("PATCH", api(f, "/records/" + f.recordId()), "{\"category\":\"LAB_RESULT\"}",
                        null)));
        routes.add(new Route("POST", "/api/v1/cases/{caseId}/records/{recordId}/void",
                party(RECORD_EDITORS, GATHERING_RECORDS), (cl, f) -> cl.api("POST",
                        api(f, "/records/" + f.recordId() + "/void"), "{\"reason\":\"Uploaded twice\"}", null)));
        routes.add(new Route("GET", "/api/v1/cases/{caseId}/records/search",
                party(RECORD_READERS, EnumSet.allOf(State.class)),
                (cl, f) -> cl.api("GET", api(f, "/records/search?q=pathology"), null, null)));
        routes.add(new Route("GET", "/api/v1/cases/{caseId}/records/{recordId}/thumbnail",
                party(RECORD_READERS, EnumSet.allOf(State.class)),
                (cl, f) -> cl.api("GET", api(f, "/records/" + f.recordId() + "/thumbnail"), null, null)));
        routes.add(new Route("GET", "/api/v1/cases/{caseId}/records/{recordId}/content",
                party(RECORD_READERS, EnumSet.allOf(State.class)),
                (cl, f) -> cl.api("GET", api(f, "/records/" + f.recordId() + "/content"), null, null)));
        routes.add(new Route("GET", "/api/v1/cases/{caseId}/checklist", party(RECORD_READERS, EnumSet.allOf(State.class)),
                (cl, f) -> cl.api("GET", api(f, "/checklist"), null, null)));
        routes.add(new Route("POST", "/api/v1/cases/{caseId}/checklist/{itemKey}/waiver",
                party(Set.of(CASE_COORDINATOR), Set.of(COLLECTING_RECORDS)),
                (cl, f) -> cl.api("POST", api(f, "/checklist/" + UNWAIVED_ITEM + "/waiver"),
                        "{\"reason\":\"probe\"}", null)));
        routes.add(new Route("POST", "/api/v1/cases/{caseId}/checklist/{itemKey}/waiver/withdrawal",
                party(Set.of(CASE_COORDINATOR), Set.of(COLLECTING_RECORDS)),
                (cl, f) -> cl.api("POST", api(f, "/checklist/" + WAIVED_ITEM + "/waiver/withdrawal"), null, null)));
        routes.add(new Route("GET", "/api/v1/cases/{caseId}/clinical-summary",
                party(RECORD_READERS, EnumSet.allOf(State.class)),
                (cl, f) -> cl.api("GET", api(f, "/clinical-summary"), null, null)));
        routes.add(new Route("GET", c + "/opinion", opinionRead(),
                (cl, f) -> cl.api("GET", api(f, "/opinion"), null, null)));
        routes.add(new Route("PUT", c + "/opinion", party(Set.of(REVIEWER), REVIEWING),
                (cl, f) -> cl.api("PUT", api(f, "/opinion"), opinionJson(f),
                        f.opinionVersion() == 0 ? null : "\"" + f.opinionVersion() + "\"")));
        routes.add(new Route("POST", c + "/opinion/sign", party(Set.of(REVIEWER), Set.of(IN_REVIEW_DRAFTED)),
                (cl, f) -> cl.api("POST", api(f, "/opinion/sign"), null, null)));
        routes.add(new Route("POST", c + "/break-glass", emergencyAccess(),
                (cl, f) -> cl.api("POST", api(f, "/break-glass"), "{\"reason\":\"Probe of the access table\"}", null)));
        routes.add(new Route("GET", c + "/delegates", party(Set.of(OWNER), EnumSet.allOf(State.class)),
                (cl, f) -> cl.api("GET", api(f, "/delegates"), null, null)));
        routes.add(new Route("POST", c + "/delegates", party(Set.of(OWNER), DELEGABLE),
                (cl, f) -> cl.api("POST", api(f, "/delegates"), DELEGATE_JSON, null)));
        routes.add(new Route("POST", c + "/delegates/{delegateId}/revocation",
                party(Set.of(OWNER), EnumSet.allOf(State.class)),
                (cl, f) -> cl.api("POST", api(f, "/delegates/" + f.delegationId() + "/revocation"), null, null)));
        // The pages.
        routes.add(new Route("GET", p, seen(), (cl, f) -> cl.page("GET", page(f, ""), Map.of())));
        routes.add(new Route("GET", p + "/access-log", party(Set.of(OWNER), EnumSet.allOf(State.class)),
                (cl, f) -> cl.page("GET", page(f, "/access-log"), Map.of())));
        routes.add(new Route("POST", p + "/submit", party(Set.of(OWNER), Set.of(DRAFT)),
                (cl, f) -> cl.page("POST", page(f, "/submit"), Map.of())));
        routes.add(new Route("GET", p + "/edit", party(Set.of(OWNER), Set.of(DRAFT)),
                (cl, f) -> cl.page("GET", page(f, "/edit"), Map.of())));
        routes.add(new Route("POST", p + "/edit", party(Set.of(OWNER), Set.of(DRAFT)),
                (cl, f) -> cl.page("POST", page(f, "/edit"), caseForm(f))));
        routes.add(new Route("POST", p + "/discard", party(Set.of(OWNER), Set.of(DRAFT)),
                (cl, f) -> cl.page("POST", page(f, "/discard"), Map.of())));
        routes.add(new Route("POST", p + "/specialty", party(COORDINATORS, SPECIALTY_CHANGEABLE),
                (cl, f) -> cl.page("POST", page(f, "/specialty"), Map.of("specialty", "HEMATOLOGY", "reason",
                        "probe"))));
        routes.add(new Route("POST", p + "/withdraw", party(WITHDRAWERS, WITHDRAWABLE),
                (cl, f) -> cl.page("POST", page(f, "/withdraw"), Map.of("reason", "probe"))));
        routes.add(new Route("POST", p + "/triage", party(Set.of(POOL, CASE_COORDINATOR), Set.of(SUBMITTED)),
                (cl, f) -> cl.page("POST", page(f, "/triage"), Map.of("decision", "ACCEPT"))));
        routes.add(new Route("POST", p + "/records-complete", party(Set.of(CASE_COORDINATOR), Set.of(COLLECTING_RECORDS)),
                (cl, f) -> cl.page("POST", page(f, "/records-complete"), Map.of())));
        routes.add(new Route("POST", p + "/close", party(Set.of(CASE_COORDINATOR), Set.of(OPINION_DELIVERED)),
                (cl, f) -> cl.page("POST", page(f, "/close"), Map.of())));
        routes.add(new Route("POST", p + "/records", party(UPLOADERS, GATHERING_RECORDS),
                (cl, f) -> cl.upload(page(f, "/records"), true)));
        routes.add(new Route("POST", p + "/records/{recordId}/details", party(RECORD_EDITORS, GATHERING_RECORDS),
                (cl, f) -> cl.page("POST", page(f, "/records/" + f.recordId() + "/details"),
                        Map.of("category", "PATHOLOGY_REPORT", "description", "Biopsy report"))));
        routes.add(new Route("POST", p + "/records/{recordId}/void", party(RECORD_EDITORS, GATHERING_RECORDS),
                (cl, f) -> cl.page("POST", page(f, "/records/" + f.recordId() + "/void"),
                        Map.of("reason", "Uploaded twice"))));
        routes.add(new Route("GET", p + "/records/{recordId}/thumbnail", party(RECORD_READERS, EnumSet.allOf(State.class)),
                (cl, f) -> cl.page("GET", page(f, "/records/" + f.recordId() + "/thumbnail"), Map.of())));
        routes.add(new Route("GET", p + "/records/search", party(RECORD_READERS, EnumSet.allOf(State.class)),
                (cl, f) -> cl.page("GET", page(f, "/records/search?q=pathology"), Map.of())));
        routes.add(new Route("POST", p + "/records/{recordId}/category", party(RECORD_EDITORS, GATHERING_RECORDS),
                (cl, f) -> cl.page("POST", page(f, "/records/" + f.recordId() + "/category"),
                        Map.of("category", "LAB_RESULT"))));
        routes.add(new Route("GET", p + "/records/{recordId}/content", party(RECORD_READERS, EnumSet.allOf(State.class)),
                (cl, f) -> cl.page("GET", page(f, "/records/" + f.recordId() + "/content"), Map.of())));
        routes.add(new Route("GET", p + "/records/{recordId}/inline", party(RECORD_READERS, EnumSet.allOf(State.class)),
                (cl, f) -> cl.page("GET", page(f, "/records/" + f.recordId() + "/inline"), Map.of())));
        routes.add(new Route("POST", p + "/checklist/{itemKey}/waiver",
                party(Set.of(CASE_COORDINATOR), Set.of(COLLECTING_RECORDS)),
                (cl, f) -> cl.page("POST", page(f, "/checklist/" + UNWAIVED_ITEM + "/waiver"),
                        Map.of("reason", "probe"))));
        routes.add(new Route("POST", p + "/checklist/{itemKey}/waiver/withdrawal",
                party(Set.of(CASE_COORDINATOR), Set.of(COLLECTING_RECORDS)),
                (cl, f) -> cl.page("POST", page(f, "/checklist/" + WAIVED_ITEM + "/waiver/withdrawal"), Map.of())));
        routes.add(new Route("GET", p + "/specialist-options", party(Set.of(CASE_COORDINATOR), MATCHING),
                (cl, f) -> cl.page("GET", page(f, "/specialist-options?specialty=MEDICAL_ONCOLOGY"), Map.of())));
        routes.add(new Route("POST", p + "/offers", party(Set.of(CASE_COORDINATOR), MATCHING),
                (cl, f) -> cl.page("POST", page(f, "/offers"), Map.of("specialistId", oncologistId.toString()))));
        routes.add(new Route("POST", p + "/accept", party(Set.of(OFFERED, REVIEWER), Set.of(State.OFFERED)),
                (cl, f) -> cl.page("POST", page(f, "/accept"), Map.of())));
        routes.add(new Route("POST", p + "/decline", party(Set.of(OFFERED, REVIEWER), Set.of(State.OFFERED)),
                (cl, f) -> cl.page("POST", page(f, "/decline"), Map.of("reason", "No capacity"))));
        routes.add(new Route("GET", p + "/opinion/edit", party(Set.of(REVIEWER), REVIEWING),
                (cl, f) -> cl.page("GET", page(f, "/opinion/edit"), Map.of())));
        routes.add(new Route("POST", p + "/opinion", party(Set.of(REVIEWER), REVIEWING),
                (cl, f) -> cl.page("POST", page(f, "/opinion"), opinionForm(f))));
        routes.add(new Route("GET", p + "/people", party(Set.of(OWNER), EnumSet.allOf(State.class)),
                (cl, f) -> cl.page("GET", page(f, "/people"), Map.of())));
        routes.add(new Route("POST", p + "/people", party(Set.of(OWNER), DELEGABLE),
                (cl, f) -> cl.page("POST", page(f, "/people"), Map.of("email", "probe.access-table@example.org",
                        "displayName", "Probe Person", "kind", "CAREGIVER"))));
        routes.add(new Route("POST", p + "/people/{delegateId}/revocation",
                party(Set.of(OWNER), EnumSet.allOf(State.class)),
                (cl, f) -> cl.page("POST", page(f, "/people/" + f.delegationId() + "/revocation"), Map.of())));
        routes.add(new Route("GET", p + "/opinion", onlyShownTo(OPINION_READERS, SIGNED),
                (cl, f) -> cl.page("GET", page(f, "/opinion"), Map.of())));
        return routes;
    }

    /** Of the fixture's breast cancer checklist: satisfied by its pathology report, not waived. */
    static final String UNWAIVED_ITEM = "biopsy-pathology";
    /** Of the same checklist: waived by the coordinator once the case collects records. */
    static final String WAIVED_ITEM = "receptor-status";

    // ---- the test ----------------------------------------------------------------------------------------------

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    IdentityManagement identity;

    @Autowired
    AccessScopes scopes;

    @Autowired
    CaseManagement cases;

    @Autowired
    RecordManagement records;

    @Autowired
    org.consilium.records.internal.RecordProcessing processing;

    @Autowired
    MatchingManagement matching;

    @Autowired
    ReviewManagement review;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.consilium.web.LoopCases loopCases;

    @Autowired
    org.consilium.identity.StaffAdministration staff;

    @Autowired
    org.consilium.identity.OperatorAccess operator;

    SpecialistId oncologistId;

    @BeforeEach
    void accounts() {
        identity.registerVerified(new Registration(Caller.OTHER_COORDINATOR.email, "Second Coordinator",
                ApiClient.DEMO_PASSWORD, Role.COORDINATOR, true));
        identity.registerVerified(new Registration(Caller.DOCTOR_DELEGATE.email, "Dr. Table Rivera",
                ApiClient.DEMO_PASSWORD, Role.REFERRING_PHYSICIAN, true));
        identity.registerVerified(new Registration(Caller.CARER_DELEGATE.email, "Carer Table",
                ApiClient.DEMO_PASSWORD, Role.PATIENT, true));
        identity.registerVerified(new Registration(Caller.SUSPENDED_COORDINATOR.email, "Suspended Coordinator",
                ApiClient.DEMO_PASSWORD, Role.COORDINATOR, true));
        oncologistId = matching.specialistOfAccount(scope(Caller.ONCOLOGIST).actor().id()).orElseThrow().id();
    }

    @Test
    void every_case_route_has_a_row_in_the_table() {
        // given
        Set<String> inTable = table().stream().map(r -> r.method() + " " + r.pattern())
                .collect(Collectors.toCollection(TreeSet::new));

        // when
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if ((pattern.startsWith("/cases/{") || pattern.startsWith("/api/v1/cases/{"))) {
                    info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + pattern));
                }
            }
        }

        // then
        assertThat(mapped).as("case routes of the application").isEqualTo(inTable);
    }

    @Test
    void every_caller_gets_what_the_table_says_on_every_case_route_in_every_state() throws Exception {
        // given: a case in each state, and every caller signed in to the API and in a browser session
        Map<State, Fixture> shared = new EnumMap<>(State.class);
        for (State state : State.values()) {
            Fixture fixture = fixture(state);
            // Its thumbnail (and text, which the search finds) made, as the schedule does after an upload.
            processing.process(new org.consilium.records.RecordId(fixture.recordId()));
            shared.put(state, fixture);
        }
        // Each probing thread signs in its own browsers, as four people would: one browser's requests one at a time,
        // so a page's message (kept in its session until the next page) is never another request's to take.
        // They sign in one after another, before probing: sign-ins of one account at once would be throttled.
        List<Map<Caller, Client>> browsers = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            Map<Caller, Client> clients = new EnumMap<>(Caller.class);
            for (Caller caller : Caller.values()) {
                clients.put(caller, new Client(caller));
            }
            browsers.add(clients);
        }
        // Suspended once signed in everywhere: its tokens and sessions exist, and must not work.
        staff.suspend(scopes.of(operator.operator()), identity.findByEmail(Caller.SUSPENDED_COORDINATOR.email)
                .orElseThrow().actor().id(), "Left the service");
        java.util.concurrent.atomic.AtomicInteger handedOut = new java.util.concurrent.atomic.AtomicInteger();
        ThreadLocal<Map<Caller, Client>> clientsOfThread = ThreadLocal.withInitial(() ->
                browsers.get(handedOut.getAndIncrement()));
        List<String> mismatches = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();

        // when: every probe, four at a time (each is independent: a refusal changes nothing, an allowed change
        // gets a case of its own)
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (Route route : table()) {
                for (State state : State.values()) {
                    for (Caller caller : Caller.values()) {
                        running.add(pool.submit(() -> {
                            Outcome expected = route.rule().expect(relation(caller, state), state);
                            boolean fresh = expected == OK && route.changes();
                            Fixture f = fresh ? fixture(state) : shared.get(state);
                            Sent sent = route.request().send(clientsOfThread.get().get(caller), f);
                            probes.incrementAndGet();
                            if (!sent.matches(expected, route.page())) {
                                mismatches.add("%s %s as %s (%s) on a %s case: expected %s, got %s".formatted(
                                        route.method(), route.pattern(), caller, relation(caller, state), state,
                                        expected, sent));
                            }
                        }));
                    }
                }
            }
            for (var probe : running) {
                probe.get();
            }
        }

        // then: every refusal left the shared cases as they were, and every probe got the table's answer
        for (State state : State.values()) {
            assertThat(statusOf(shared.get(state).caseId())).as("the shared %s case after every probe", state)
                    .isEqualTo(state.status());
        }
        assertThat(probes.get()).isEqualTo(table().size() * State.values().length * Caller.values().length);
        assertThat(mismatches).as("probes that did not get the table's answer").isEmpty();
    }

    // ---- fixtures: cases made through the façades, as the API would make them -----------------------------------

    private Fixture fixture(State state) {
        AccessScope patient = scope(Caller.PATIENT);
        AccessScope coordinator = scope(Caller.COORDINATOR);
        AccessScope oncologist = scope(Caller.ONCOLOGIST);
        CaseView opened = cases.open(patient, OpenCase.parse("Invasive ductal carcinoma, left breast", "C50.9",
                "Breast cancer", "IIA", "ER+, PR+, HER2-", "Lumpectomy", "Adjuvant chemotherapy",
                "MEDICAL_ONCOLOGY", "URGENT", null,
                List.of(new OpenCase.RawQuestion("TREATMENT_OPTIONS", "Is chemotherapy needed?"),
                        new OpenCase.RawQuestion("RISKS_AND_BENEFITS", "What are the risks?"))));
        CaseId id = opened.id();
        List<UUID> questions = opened.questions().stream().map(q -> q.id().value()).toList();
        MedicalRecord record = records.upload(patient, id, "PATHOLOGY_REPORT", "pathology.pdf",
                FileFixtures.pdf("Pathology"), null);
        // Letting someone in takes a recent sign-in.
        AccessScope patientNow = signedIn(Caller.PATIENT);
        UUID delegation = cases.inviteDelegate(patientNow, id, Delegations.Invitation.parse(
                Caller.DOCTOR_DELEGATE.email, "Dr. Table Rivera", "REFERRING_PHYSICIAN",
                List.of("upload-records", "read-report"))).value();
        cases.inviteDelegate(patientNow, id, Delegations.Invitation.parse(Caller.CARER_DELEGATE.email,
                "Carer Table", "CAREGIVER", List.of("withdraw")));
        long version = 0;
        if (state == DISCARDED) {
            cases.discard(patient, id);
        } else if (state != DRAFT) {
            cases.submit(patient, id);
        }
        if (state == DECLINED) {
            cases.declineCase(coordinator, id, "Outside our scope");
        } else if (state.ordinal() >= COLLECTING_RECORDS.ordinal() && state != DISCARDED) {
            cases.acceptAtTriage(coordinator, id);
            // The pathology report satisfies its item; the coordinator waives the rest, so the records can be
            // completed, and a waiver can be withdrawn.
            loopCases.waiveChecklist(coordinator, id);
        }
        if (state.ordinal() >= READY_FOR_MATCHING.ordinal() && state != DISCARDED) {
            cases.completeRecords(coordinator, id);
        }
        if (state.ordinal() >= State.OFFERED.ordinal() && state != DISCARDED) {
            matching.offer(coordinator, id, oncologistId);
        }
        if (state == OFFER_DECLINED) {
            matching.decline(oncologist, id, "No capacity");
        } else if (state.ordinal() >= IN_REVIEW.ordinal() && state != DISCARDED) {
            matching.accept(oncologist, id);
        }
        if (state.ordinal() >= IN_REVIEW_DRAFTED.ordinal() && state != DISCARDED) {
            version = review.saveDraft(oncologist, id, draft(opened.questions()), null).version();
        }
        if (state == OPINION_DELIVERED || state == CLOSED) {
            review.sign(signedIn(Caller.ONCOLOGIST), id);
        }
        if (state == CLOSED) {
            cases.close(coordinator, id);
        }
        if (state == WITHDRAWN) {
            cases.withdraw(patient, id, "Staying with my own oncologist");
        }
        cases.breakGlass(signedIn(Caller.DIRECTOR), id, "Reviewing a complaint about this case");
        assertThat(statusOf(id)).as("fixture " + state).isEqualTo(state.status());
        long caseVersion = jdbc.sql("select version from intake_cases where id = ?").param(id.value())
                .query(Long.class).single();
        return new Fixture(state, id, record.id().value(), questions, version, caseVersion, delegation);
    }

    private static OpinionDraft draft(List<Question> questions) {
        return new OpinionDraft("CONFIRMED", null, "AGREE", null,
                questions.stream().map(q -> new OpinionDraft.RawAnswer(q.id().toString(), "Answered")).toList(),
                List.of(), "Your diagnosis is confirmed.");
    }

    private AccessScope scope(Caller caller) {
        return scopes.of(identity.findByEmail(caller.email).orElseThrow());
    }

    /** The scope of a sign-in made just now: what signing takes (a scope found by email carries no sign-in). */
    private AccessScope signedIn(Caller caller) {
        return identity.authenticate(identity.issueToken(caller.email, ApiClient.DEMO_PASSWORD, null, "127.0.0.1")
                .accessToken()).map(scopes::of).orElseThrow();
    }

    private String statusOf(CaseId id) {
        return jdbc.sql("select status from intake_cases where id = ?").param(id.value()).query(String.class)
                .single();
    }

    private static String api(Fixture f, String rest) {
        return "/api/v1/cases/" + f.caseId() + rest;
    }

    private static String page(Fixture f, String rest) {
        return "/cases/" + f.caseId() + rest;
    }

    private static String opinionJson(Fixture f) {
        String answers = f.questionIds().stream()
                .map(q -> "{\"questionId\":\"" + q + "\",\"text\":\"Answered again\"}")
                .collect(Collectors.joining(","));
        return "{\"diagnosisAssessment\":\"CONFIRMED\",\"planRecommendation\":\"AGREE\",\"answers\":[" + answers
                + "],\"furtherTests\":[],\"patientSummary\":\"Confirmed.\"}";
    }

    private static final String DELEGATE_JSON = """
            {"email": "probe.access-table@example.org", "displayName": "Probe Person", "kind": "CAREGIVER",
             "rights": ["read-report"]}""";

    /** A draft's new content, the same body as opening a case. */
    private static final String CASE_JSON = """
            {"diagnosis": "Invasive lobular carcinoma, left breast", "specialty": "SURGICAL_ONCOLOGY",
             "questions": [{"kind": "TREATMENT_OPTIONS", "text": "Is surgery first the right order?"}]}""";

    private static Map<String, String> caseForm(Fixture f) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("diagnosis", "Invasive lobular carcinoma, left breast");
        form.put("specialty", "SURGICAL_ONCOLOGY");
        form.put("urgency", "ROUTINE");
        form.put("forWhom", "SELF");
        form.put("questions[0].kind", "TREATMENT_OPTIONS");
        form.put("questions[0].text", "Is surgery first the right order?");
        form.put("version", Long.toString(f.caseVersion()));
        return form;
    }

    private static Map<String, String> opinionForm(Fixture f) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("diagnosisAssessment", "CONFIRMED");
        form.put("planRecommendation", "AGREE");
        f.questionIds().forEach(q -> form.put("answer-" + q, "Answered again"));
        form.put("patientSummary", "Confirmed.");
        form.put("version", Long.toString(f.opinionVersion()));
        return form;
    }

    // ---- the callers' two doors --------------------------------------------------------------------------------

    /** What came back: the status, and for a page that redirected, whether the next page told of success. */
    record Sent(int status, String shown) {

        boolean matches(Outcome expected, boolean page) {
            if (!page) {
                return switch (expected) {
                    case OK -> status == 200 || status == 201 || status == 204;
                    case NOT_FOUND -> status == 404;
                    case FORBIDDEN -> status == 403;
                    case CONFLICT -> status == 409;
                    case UNAUTHENTICATED -> status == 401;
                };
            }
            return switch (expected) {
                case OK -> status == 200 || status == 302 && shown.equals("notice");
                case NOT_FOUND -> status == 404;
                // A refused form post returns to its page with the reason; a refused page shows the reason itself.
                case FORBIDDEN -> status == 403 || status == 302 && shown.equals("error");
                case CONFLICT -> status == 409 || status == 302 && shown.equals("error");
                // The request that finds the session ended goes to the sign-in page, which clears its cookie; a form
                // posted after that comes without a session, like a forgery, and is refused unread.
                case UNAUTHENTICATED -> status == 302 && shown.equals("sign-in") || status == 403;
            };
        }

        @Override
        public String toString() {
            return status + (shown.isEmpty() ? "" : " (" + shown + ")");
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** One caller: a bearer token for the API, and a signed-in browser session with its CSRF token for pages. */
    final class Client {

        private final String token;
        private final HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private final ApiClient apiClient;
        private String csrf;

        Client(Caller caller) {
            apiClient = new ApiClient(port);
            token = apiClient.token(caller.email);
            csrf = csrfOf(get("/login"));
            HttpResponse<String> signedIn = post("/login", form(Map.of("email", caller.email, "password",
                    ApiClient.DEMO_PASSWORD, "_csrf", csrf)), "application/x-www-form-urlencoded");
            assertThat(signedIn.statusCode()).as("sign-in of " + caller).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location").orElse("")).as("sign-in of " + caller)
                    .endsWith("/cases");
            csrf = csrfOf(get("/cases"));
        }

        Sent api(String method, String path, String json, String ifMatch) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (json != null) {
                headers.put("Content-Type", "application/json");
            }
            if (ifMatch != null) {
                headers.put("If-Match", ifMatch);
            }
            ApiClient.Response response = apiClient.send(method, path, token, headers,
                    json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
            return new Sent(response.status(), "");
        }

        Sent page(String method, String path, Map<String, String> fields) {
            HttpResponse<String> response = method.equals("GET") ? get(path)
                    : post(path, form(fields), "application/x-www-form-urlencoded");
            return followed(response);
        }

        Sent upload(String path, boolean page) {
            String boundary = "----access-table-" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\n"
                    + "LAB_RESULT\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"labs.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
            body.writeBytes(FileFixtures.pdf("Labs " + UUID.randomUUID()));
            write(body, "\r\n--" + boundary + "--\r\n");
            String type = "multipart/form-data; boundary=" + boundary;
            if (!page) {
                ApiClient.Response response = apiClient.send("POST", path, token, Map.of("Content-Type", type),
                        BodyPublishers.ofByteArray(body.toByteArray()));
                return new Sent(response.status(), "");
            }
            return followed(send(HttpRequest.newBuilder(uri(path)).header("Content-Type", type)
                    .header("X-CSRF-TOKEN", csrf).POST(BodyPublishers.ofByteArray(body.toByteArray()))));
        }

        /** A redirect is followed once, to see whether the page it leads to reports success or a refusal. */
        private Sent followed(HttpResponse<String> response) {
            if (response.statusCode() != 302) {
                return new Sent(response.statusCode(), "");
            }
            String location = response.headers().firstValue("Location").orElseThrow();
            if (URI.create(location).getPath().equals("/login")) {
                return new Sent(302, "sign-in");
            }
            String next = get(URI.create(location).getPath()).body();
            String shown = next.contains("class=\"notice\"") ? "notice" : next.contains("class=\"error\"") ? "error"
                    : "no message";
            return new Sent(302, shown);
        }

        private HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        private HttpResponse<String> post(String path, String body, String type) {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", type).header("X-CSRF-TOKEN", csrf)
                    .POST(BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            return org.consilium.Http.send(browser, request);
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }

    private static String csrfOf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            fail("no CSRF token on " + page.uri());
        }
        return m.group(1);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
