package org.consilium.web;

import java.util.List;
import org.consilium.FileFixtures;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.IdentityManagement;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.OpenCase;
import org.consilium.matching.MatchingManagement;
import org.consilium.records.RecordChecklists;
import org.consilium.records.RecordManagement;
import org.consilium.review.OpinionDraft;
import org.consilium.review.ReviewManagement;
import org.consilium.shared.CaseId;

/**
 * Cases of the demo accounts moved into place through the modules' APIs, so a test can look at each stage: Maria
 * Santos's lung cancer case, read by Nora Lindqvist and Dr. Elena Marchetti. A bean of every integration test's
 * context.
 */
public final class LoopCases {

    public static final String PATIENT = "patient@example.org";
    public static final String COORDINATOR = "coordinator@example.org";
    public static final String ONCOLOGIST = "oncologist@example.org";
    public static final String ADMIN = "admin@example.org";

    /** One unbroken string of 300 characters without a break opportunity, as a pasted lab result can be. */
    static final String LONG_BIOMARKERS = "EGFRL858RT790MC797S".repeat(17).substring(0, 300);
    /** A file name of 200 characters without a space. */
    static final String LONG_FILE_NAME = "pathologyreport" + "0123456789".repeat(18) + "v2.pdf";

    private final CaseManagement cases;
    private final MatchingManagement matching;
    private final ReviewManagement review;
    private final IdentityManagement identity;
    private final AccessScopes scopes;
    private final RecordManagement records;
    private final RecordChecklists checklists;
    private final OpenCase.RawProxy proxy;

    @org.springframework.beans.factory.annotation.Autowired
    public LoopCases(CaseManagement cases, MatchingManagement matching, ReviewManagement review,
            IdentityManagement identity, AccessScopes scopes, RecordManagement records, RecordChecklists checklists) {
        this(cases, matching, review, identity, scopes, records, checklists, OpenCase.RawProxy.SELF);
    }

    private LoopCases(CaseManagement cases, MatchingManagement matching, ReviewManagement review,
            IdentityManagement identity, AccessScopes scopes, RecordManagement records, RecordChecklists checklists,
            OpenCase.RawProxy proxy) {
        this.checklists = checklists;
        this.cases = cases;
        this.matching = matching;
        this.review = review;
        this.identity = identity;
        this.scopes = scopes;
        this.records = records;
        this.proxy = proxy;
    }

    /** The same cases, opened by Maria Santos for her child of this name, aged 8. */
    LoopCases forChild(String name) {
        return new LoopCases(cases, matching, review, identity, scopes, records, checklists, new OpenCase.RawProxy(
                "SOMEONE_ELSE", name, java.time.LocalDate.now().minusYears(8).toString(), "PARENT"));
    }

    public AccessScope scope(String email) {
        return identity.findByEmail(email).map(scopes::of).orElseThrow();
    }

    /** A draft with two questions; with {@code longStrings}, 300 unbroken characters of biomarkers and a record of
     * 200 characters' name. */
    public CaseId draft(boolean longStrings) {
        CaseId id = cases.open(scope(PATIENT), OpenCase.parse(
                "Non-small cell lung cancer, stage IIIA", "C34.90", "Lung cancer", "IIIA",
                longStrings ? LONG_BIOMARKERS : "EGFR exon 19 deletion", "Chemoradiation", "Osimertinib",
                "MEDICAL_ONCOLOGY", "URGENT", null,
                List.of(new OpenCase.RawQuestion("TREATMENT_OPTIONS", "Should I have surgery?"),
                        new OpenCase.RawQuestion("QUALITY_OF_LIFE", "Can I keep working?")), proxy)).id();
        if (longStrings) {
            records.upload(scope(PATIENT), id, "PATHOLOGY_REPORT", LONG_FILE_NAME, FileFixtures.pdf("Biopsy"),
                    null);
        }
        return id;
    }

    public CaseId submitted(boolean longStrings) {
        CaseId id = draft(longStrings);
        cases.submit(scope(PATIENT), id);
        return id;
    }

    /** A case its coordinator claimed, still gathering records, holding one record of this name. */
    CaseId collectingRecords(String fileName) {
        CaseId id = submitted(false);
        cases.acceptAtTriage(scope(COORDINATOR), id);
        records.upload(scope(PATIENT), id, "PATHOLOGY_REPORT", fileName, FileFixtures.pdf("Biopsy"), null);
        return id;
    }

    public CaseId readyForMatching(boolean longStrings) {
        CaseId id = submitted(longStrings);
        cases.acceptAtTriage(scope(COORDINATOR), id);
        waiveChecklist(scope(COORDINATOR), id);
        cases.completeRecords(scope(COORDINATOR), id);
        return id;
    }

    CaseId offered(boolean longStrings) {
        CaseId id = readyForMatching(longStrings);
        var oncologist = identity.findByEmail(ONCOLOGIST).orElseThrow();
        matching.offer(scope(COORDINATOR), id,
                matching.specialistOfAccount(oncologist.actor().id()).orElseThrow().id());
        return id;
    }

    public CaseId inReview(boolean longStrings) {
        CaseId id = offered(longStrings);
        matching.accept(scope(ONCOLOGIST), id);
        return id;
    }

    /** A case whose opinion, answering every question, is signed and delivered. */
    public CaseId signed(boolean longStrings) {
        CaseId id = drafted(longStrings);
        review.sign(signedIn(ONCOLOGIST), id);
        return id;
    }

    /** A case in review whose draft opinion answers every question: ready to sign. */
    public CaseId drafted(boolean longStrings) {
        CaseId id = inReview(longStrings);
        List<OpinionDraft.RawAnswer> answers = review.questions(scope(ONCOLOGIST), id).stream()
                .map(q -> new OpinionDraft.RawAnswer(q.id().toString(), "An answer to " + q.text()))
                .toList();
        review.saveDraft(scope(ONCOLOGIST), id, new OpinionDraft("CONFIRMED", null, "AGREE", null, answers,
                List.of("PET-CT"), "The diagnosis and the plan are right."
                        + (longStrings ? " " + LONG_BIOMARKERS : "")), null);
        return id;
    }

    /**
     * The case's coordinator waives every item of the case's records checklist still needed, so its records can be
     * marked complete: for tests about what comes after.
     */
    public void waiveChecklist(AccessScope coordinator, CaseId id) {
        checklists.checklist(coordinator, id).checklist().stillNeeded().forEach(item ->
                checklists.waive(coordinator, id, item.key(), "Not needed for this test"));
    }

    /**
     * The scope of a sign-in made just now, with the demo password: what a guarded action (signing) takes, where a
     * scope found by email carries no authentication at all.
     */
    public AccessScope signedIn(String email) {
        String token = identity.issueToken(email, org.consilium.ApiClient.DEMO_PASSWORD, null, "127.0.0.1")
                .accessToken();
        return identity.authenticate(token).map(scopes::of).orElseThrow();
    }
}
