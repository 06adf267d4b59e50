package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.consilium.IntegrationTest;
import org.consilium.QueryCounter;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Registration;
import org.consilium.shared.CaseId;
import org.consilium.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
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

    private AccessScope newPatientWithCases(int count) {
        String email = "list-" + System.nanoTime() + "@example.org";
        identity.register(Registration.patient(email, "List Patient", "a-long-enough-password", true));
        AccessScope patient = scopes.of(identity.findByEmail(email).orElseThrow());
        for (int i = 0; i < count; i++) {
            cases.open(patient, OpenCase.parse("Diagnosis " + i, null, null, null, null, null, null,
                    "CARDIOLOGY", null, null, List.of(new OpenCase.RawQuestion("OTHER", "Question " + i))));
            patient = scopes.of(patient.actor());
        }
        return patient;
    }
}
