package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.consilium.IntegrationTest;
import org.consilium.QueryCounter;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Registration;
import org.consilium.matching.MatchingManagement;
import org.consilium.shared.CaseId;
import org.consilium.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.consilium.web.LoopCases;
import org.springframework.beans.factory.annotation.Autowired;

/** The case list pages with a cursor and costs the same few statements whatever the page size. */
@IntegrationTest
class CaseListIntegrationTests {

    @Autowired
    CaseManagement cases;

    @Autowired
    IdentityManagement identity;

    @Autowired
    AccessScopes scopes;

    @Autowired
    MatchingManagement matching;

    @Autowired
    LoopCases loopCases;

    @Test
    void pages_through_every_case_newest_first_without_repeats() {
        // given a patient with five cases
        AccessScope patient = newPatientWithCases(5);

        // when the list is read two at a time
        List<CaseId> seen = new ArrayList<>();
        CasePage page = cases.list(scopes.of(patient.actor()), null, 2);
        int pages = 1;
        seen.addAll(page.items().stream().map(CaseSummary::id).toList());
        while (page.nextCursor() != null) {
            page = cases.list(scopes.of(patient.actor()), CasePage.Cursor.decode(page.nextCursor()), 2);
            seen.addAll(page.items().stream().map(CaseSummary::id).toList());
            pages++;
        }

        // then three pages hold all five cases once, newest first
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        List<CaseSummary> all = cases.list(scopes.of(patient.actor()), null, 50).items();
        assertThat(all).extracting(CaseSummary::id).containsExactlyElementsOf(seen);
        assertThat(all).extracting(CaseSummary::updatedAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void a_page_costs_the_same_number_of_statements_for_two_rows_as_for_twelve() {
        // given a patient with twelve cases
        AccessScope patient = newPatientWithCases(12);

        // when a page of two and a page of twelve are read
        int[] small = new int[1];
        int[] large = new int[1];
        CasePage two = QueryCounter.counted(() -> cases.list(patient, null, 2), small);
        CasePage twelve = QueryCounter.counted(() -> cases.list(patient, null, 12), large);

        // then both pages cost the same few statements: no query per row, audit rows included
        assertThat(two.items()).hasSize(2);
        assertThat(twelve.items()).hasSize(12);
        assertThat(small[0]).as("statements counted").isPositive();
        assertThat(large[0]).isEqualTo(small[0]).isLessThanOrEqualTo(6);
    }

    @Test
    void discarded_drafts_are_left_out_of_full_pages_unless_asked_for() {
        // given a patient with five cases, the three newest of them discarded
        AccessScope patient = newPatientWithCases(5);
        List<CaseSummary> all = cases.list(patient, null, 50).items();
        for (CaseSummary discarded : all.subList(0, 3)) {
            cases.discard(scopes.of(patient.actor()), discarded.id());
        }

        // when the list is read two at a time, with and without discarded drafts
        CasePage kept = cases.list(scopes.of(patient.actor()), null, 2);
        CasePage withDiscarded = cases.list(scopes.of(patient.actor()), null, 2, true);
        CasePage everything = cases.list(scopes.of(patient.actor()), null, 50, true);

        // then the first page still holds two cases, the two that were not discarded, and no further page
        assertThat(kept.items()).extracting(CaseSummary::id)
                .containsExactlyInAnyOrderElementsOf(all.subList(3, 5).stream().map(CaseSummary::id).toList());
        assertThat(kept.nextCursor()).isNull();
        assertThat(withDiscarded.items()).hasSize(2)
                .allSatisfy(s -> assertThat(s.status()).isEqualTo(CaseStatus.DISCARDED));
        assertThat(withDiscarded.nextCursor()).isNotNull();
        assertThat(everything.items()).hasSize(5);
    }

    @Test
    void refuses_a_cursor_it_did_not_hand_out_and_a_limit_out_of_bounds() {
        assertThatThrownBy(() -> CasePage.Cursor.decode("not-a-cursor"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> CasePage.limit(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> CasePage.limit(CasePage.MAX_LIMIT + 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("between 1 and 200");
        assertThat(CasePage.limit(null)).isEqualTo(CasePage.DEFAULT_LIMIT);
    }

    @Test
    void a_proxy_s_list_says_whom_each_case_is_for_and_an_offered_specialist_s_list_does_not() {
        // given a parent's case for their child, offered to a specialist, and the parent's own case
        AccessScope parent = newPatientWithCases(1);
        CaseView forChild = cases.open(parent, OpenCase.parse("Wilms tumour", null, null, null, null, null, null,
                "MEDICAL_ONCOLOGY", null, null, List.of(new OpenCase.RawQuestion("OTHER", "Can the kidney stay?")),
                new OpenCase.RawProxy("SOMEONE_ELSE", "Lucas Santos", LocalDate.now().minusYears(6).toString(),
                        "PARENT")));
        AccessScope coordinator = scopes.of(identity.findByEmail("coordinator@example.org").orElseThrow());
        AccessScope oncologist = scopes.of(identity.findByEmail("oncologist@example.org").orElseThrow());
        cases.submit(scopes.of(parent.actor()), forChild.id());
        cases.acceptAtTriage(coordinator, forChild.id());
        loopCases.waiveChecklist(coordinator, forChild.id());
        cases.completeRecords(scopes.of(coordinator.actor()), forChild.id());
        matching.offer(scopes.of(coordinator.actor()), forChild.id(),
                matching.specialistOfAccount(oncologist.actor().id()).orElseThrow().id());

        // when each reads their list
        List<CaseSummary> parents = cases.list(scopes.of(parent.actor()), null, 50).items();
        CaseSummary coordinators = row(scopes.of(coordinator.actor()), forChild.id());
        CaseSummary offered = row(scopes.of(oncologist.actor()), forChild.id());

        // then the parent and the coordinator learn whom it is for; the specialist, who has not accepted, does not
        assertThat(parents).hasSize(2);
        assertThat(parents.getFirst().patient())
                .isEqualTo(new CaseSummary.Patient("Lucas Santos", Relationship.PARENT));
        assertThat(parents.getLast().patient()).isNull();
        assertThat(coordinators.patient()).isEqualTo(new CaseSummary.Patient("Lucas Santos", Relationship.PARENT));
        assertThat(offered.patient()).isNull();

        // and once the specialist accepts, their list says it too
        matching.accept(scopes.of(oncologist.actor()), forChild.id());
        assertThat(row(scopes.of(oncologist.actor()), forChild.id()).patient()).isNotNull();
    }

    private CaseSummary row(AccessScope scope, CaseId id) {
        return cases.list(scope, null, CasePage.MAX_LIMIT).items().stream().filter(c -> c.id().equals(id))
                .findFirst().orElseThrow();
    }

    private AccessScope newPatientWithCases(int count) {
        String email = "list-" + System.nanoTime() + "@example.org";
        identity.registerVerified(Registration.patient(email, "List Patient", "a-long-enough-password", true));
        AccessScope patient = scopes.of(identity.findByEmail(email).orElseThrow());
        for (int i = 0; i < count; i++) {
            cases.open(patient, OpenCase.parse("Diagnosis " + i, null, null, null, null, null, null,
                    "CARDIOLOGY", null, null, List.of(new OpenCase.RawQuestion("OTHER", "Question " + i))));
            patient = scopes.of(patient.actor());
        }
        return patient;
    }
}
