package org.consilium.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.BrowserForms;
import org.consilium.IntegrationTest;
import org.consilium.Mailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The directory kept in the app: centers by administrators, invited specialists listed on accepting. */
@IntegrationTest
class DirectoryIntegrationTests {

    private static final String PASSWORD = "granite lighthouse tea";

    @LocalServerPort
    int port;

    @Autowired
    Mailbox mailbox;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    ApiClient api;
    String admin;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        admin = api.token("admin@example.org");
    }

    @Test
    void the_demo_centers_came_through_the_same_path_with_their_time_zones() {
        assertThat(centers()).anySatisfy(c -> {
            assertThat(c.get("name").asString()).isEqualTo("Northbridge Cancer Institute");
            assertThat(c.get("timeZone").asString()).isEqualTo("America/New_York");
            assertThat(c.get("country").asString()).isEqualTo("US");
            assertThat(c.get("specialties").values().stream().map(JsonNode::asString).toList())
                    .contains("MEDICAL_ONCOLOGY", "HEMATOLOGY");
        });
    }

    @Test
    void an_administrator_adds_and_edits_a_center_and_bad_ones_are_refused_field_by_field() {
        // when
        String name = "Rhine Valley Tumor Center " + System.nanoTime();
        Response added = api.post(admin, "/api/v1/admin/centers", center(name, "de", "Europe/Berlin",
                List.of("RADIATION_ONCOLOGY")));
        String id = added.json().get("id").asString();
        Response edited = api.put(admin, "/api/v1/admin/centers/" + id, center(name, "DE", "Europe/Berlin",
                List.of("RADIATION_ONCOLOGY", "NEUROSURGERY")), null);
        Response duplicate = api.post(admin, "/api/v1/admin/centers", center(name, "DE", "Europe/Berlin",
                List.of("CARDIOLOGY")));
        Response bad = api.post(admin, "/api/v1/admin/centers", center("Elsewhere " + System.nanoTime(), "XX",
                "Mars/Olympus", List.of("UNSURE", "ASTROLOGY")));
        Response empty = api.post(admin, "/api/v1/admin/centers", Map.of());
        Response unknown = api.put(admin, "/api/v1/admin/centers/" + java.util.UUID.randomUUID(),
                center("Nowhere " + System.nanoTime(), "DE", "Europe/Berlin", List.of("CARDIOLOGY")), null);
        Response notAdmin = api.post(api.token("coordinator@example.org"), "/api/v1/admin/centers",
                center("Coordinator's " + System.nanoTime(), "DE", "Europe/Berlin", List.of("CARDIOLOGY")));

        // then
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        assertThat(edited.status()).as("%s", edited).isEqualTo(204);
        JsonNode center = centers().stream().filter(c -> c.get("id").asString().equals(id)).findFirst()
                .orElseThrow();
        assertThat(center.get("country").asString()).isEqualTo("DE");
        assertThat(center.get("specialties").values().stream().map(JsonNode::asString).toList())
                .containsExactly("NEUROSURGERY", "RADIATION_ONCOLOGY");
        assertProblem(duplicate, 400);
        assertThat(fields(duplicate)).containsExactly("name");
        assertProblem(bad, 400);
        assertThat(fields(bad)).containsExactlyInAnyOrder("country", "timeZone", "specialties");
        assertProblem(empty, 400);
        assertThat(fields(empty)).containsExactlyInAnyOrder("name", "city", "country", "timeZone", "specialties");
        assertProblem(unknown, 404);
        assertProblem(notAdmin, 403);
    }

    @Test
    void an_invited_specialist_is_listed_as_invited_once_they_accept_and_edits_their_own_entry() {
        // given a center, and a specialist invited to it
        String centerId = api.post(admin, "/api/v1/admin/centers", center("Fjord Sarcoma Unit " + System.nanoTime(),
                "NO", "Europe/Oslo", List.of("SURGICAL_ONCOLOGY"))).json().get("id").asString();
        String email = "sarcoma-" + System.nanoTime() + "@example.org";
        Response invited = api.post(admin, "/api/v1/admin/specialist-invitations", Map.of("email", email,
                "displayName", "Dr. Ingrid Berg", "centerId", centerId, "title", "Sarcoma surgeon",
                "specialties", List.of("SURGICAL_ONCOLOGY"), "languages", "no, en"));
        assertThat(invited.status()).as("%s", invited).isEqualTo(202);
        assertThat(listed("Dr. Ingrid Berg")).as("not before accepting").isEmpty();

        // when the invitation is sent again from the accounts list, and they accept the new one
        Response resent = api.post(admin, "/api/v1/admin/invitations/" + invited.json().get("invitationId")
                .asString() + "/renewal", null);
        assertThat(resent.status()).isEqualTo(202);
        api.post(null, "/api/v1/auth/password-reset/confirm", Map.of("token",
                mailbox.secretOf(email, "/account/reset/"), "newPassword", PASSWORD));

        // then coordinators find them in the directory, as the invitation described them
        JsonNode entry = listed("Dr. Ingrid Berg").getFirst();
        assertThat(entry.get("title").asString()).isEqualTo("Sarcoma surgeon");
        assertThat(entry.get("center").asString()).startsWith("Fjord Sarcoma Unit");
        assertThat(entry.get("languages").values().stream().map(JsonNode::asString).toList())
                .containsExactly("no", "en");

        // when they edit their entry, once badly
        String token = api.signIn(email, PASSWORD).json().get("access_token").asString();
        Response bad = api.put(token, "/api/v1/directory/me", Map.of("title", "Surgeon", "specialties",
                List.of(), "languages", "english"), null);
        Response saved = api.put(token, "/api/v1/directory/me", Map.of("title", "Sarcoma and soft-tissue surgeon",
                "specialties", List.of("SURGICAL_ONCOLOGY", "ORTHOPEDICS"), "languages", "no en de"), null);

        // then
        assertProblem(bad, 400);
        assertThat(fields(bad)).containsExactlyInAnyOrder("specialties", "languages");
        assertThat(saved.status()).as("%s", saved).isEqualTo(200);
        JsonNode now = listed("Dr. Ingrid Berg").getFirst();
        assertThat(now.get("title").asString()).isEqualTo("Sarcoma and soft-tissue surgeon");
        assertThat(now.get("specialties").values().stream().map(JsonNode::asString).toList())
                .containsExactly("ORTHOPEDICS", "SURGICAL_ONCOLOGY");
        assertProblem(api.put(api.token("coordinator@example.org"), "/api/v1/directory/me", Map.of("title", "X",
                "specialties", List.of("CARDIOLOGY"), "languages", "en"), null), 403);
    }

    @Test
    void a_center_s_administrator_invites_its_specialists_and_nothing_else_until_the_appointment_ends() {
        // given two centers, and the medical director appointed to administer the first
        String center = api.post(admin, "/api/v1/admin/centers", center("Lakeside Neuro " + System.nanoTime(), "CH",
                "Europe/Zurich", List.of("NEUROSURGERY"))).json().get("id").asString();
        String other = api.post(admin, "/api/v1/admin/centers", center("Hillside Heart " + System.nanoTime(), "CH",
                "Europe/Zurich", List.of("CARDIOLOGY"))).json().get("id").asString();
        String director = api.token("director@example.org");
        String coordinator = api.token("coordinator@example.org");
        Response appointed = api.post(admin, "/api/v1/admin/centers/" + center + "/administrators",
                Map.of("email", "director@example.org"));
        Response again = api.post(admin, "/api/v1/admin/centers/" + center + "/administrators",
                Map.of("email", "director@example.org"));
        Response patientAddress = api.post(admin, "/api/v1/admin/centers/" + center + "/administrators",
                Map.of("email", "patient@example.org"));
        Response selfAppointed = api.post(director, "/api/v1/admin/centers/" + other + "/administrators",
                Map.of("email", "director@example.org"));
        assertThat(appointed.status()).as("%s", appointed).isEqualTo(204);
        assertProblem(again, 409);
        assertProblem(patientAddress, 400);
        assertThat(fields(patientAddress)).containsExactly("email");
        assertProblem(selfAppointed, 403);

        // when the director invites a specialist of their center, of the other center, and the coordinator tries too
        String email = "neuro-" + System.nanoTime() + "@example.org";
        Map<String, Object> invitation = Map.of("email", email, "displayName", "Dr. Lena Fischer", "title",
                "Neurosurgeon", "specialties", List.of("NEUROSURGERY"), "languages", "de, en");
        Response invited = api.post(director, "/api/v1/centers/" + center + "/specialist-invitations", invitation);
        Response elsewhere = api.post(director, "/api/v1/centers/" + other + "/specialist-invitations", invitation);
        Response byCoordinator = api.post(coordinator, "/api/v1/centers/" + center + "/specialist-invitations",
                invitation);
        Response anyRole = api.post(director, "/api/v1/admin/invitations", Map.of("email", "x-" + email,
                "displayName", "Someone", "role", "ADMIN"));

        // then only their own center's invitation goes out, and its team shows it waiting
        assertThat(invited.status()).as("%s", invited).isEqualTo(202);
        assertProblem(elsewhere, 403);
        assertProblem(byCoordinator, 403);
        assertProblem(anyRole, 403);
        JsonNode team = api.get(director, "/api/v1/centers/" + center + "/team").json();
        assertThat(team.get("administrators").get(0).get("displayName").asString()).isEqualTo("Dr. Ingrid Halvorsen");
        assertThat(team.get("invitations").get(0).get("email").asString()).isEqualTo(email);
        assertProblem(api.get(director, "/api/v1/centers/" + other + "/team"), 403);
        assertProblem(api.get(coordinator, "/api/v1/centers/" + center + "/team"), 403);

        // and an address another center, or another role, waits on is theirs: answered alike, changed in nothing
        String elsewhereEmail = "hillside-" + System.nanoTime() + "@example.org";
        api.post(admin, "/api/v1/admin/specialist-invitations", Map.of("email", elsewhereEmail, "displayName",
                "Dr. Hill", "centerId", other, "title", "Cardiologist", "specialties", List.of("CARDIOLOGY"),
                "languages", "de"));
        String coordinatorEmail = "coord-" + System.nanoTime() + "@example.org";
        api.post(admin, "/api/v1/admin/invitations", Map.of("email", coordinatorEmail, "displayName", "Cora",
                "role", "COORDINATOR"));
        Response movedAway = api.post(director, "/api/v1/centers/" + center + "/specialist-invitations",
                Map.of("email", elsewhereEmail, "displayName", "Dr. Taken", "title", "Neurosurgeon", "specialties",
                        List.of("NEUROSURGERY"), "languages", "de"));
        Response demoted = api.post(director, "/api/v1/centers/" + center + "/specialist-invitations",
                Map.of("email", coordinatorEmail, "displayName", "Dr. Cora", "title", "Neurosurgeon", "specialties",
                        List.of("NEUROSURGERY"), "languages", "de"));
        assertThat(movedAway.status()).isEqualTo(202);
        assertThat(demoted.status()).isEqualTo(202);
        assertThat(api.get(admin, "/api/v1/centers/" + other + "/team").json().get("invitations").values().stream()
                .map(w -> w.get("email").asString()).toList()).contains(elsewhereEmail);
        List<String> waiting = api.get(director, "/api/v1/centers/" + center + "/team").json().get("invitations")
                .values().stream().map(w -> w.get("email").asString()).toList();
        assertThat(waiting).doesNotContain(elsewhereEmail);
        assertThat(waiting).as("listed like any, never to be accepted").contains(coordinatorEmail);
        assertThat(jdbc.sql("select role || ' ' || display_name from identity_accounts where email in (?, ?) "
                + "order by email").params(coordinatorEmail, elsewhereEmail).query(String.class).list())
                .containsExactly("COORDINATOR Cora", "SPECIALIST Dr. Hill");

        // when the specialist accepts
        api.post(null, "/api/v1/auth/password-reset/confirm", Map.of("token",
                mailbox.secretOf(email, "/account/reset/"), "newPassword", PASSWORD));

        // then they are listed at the center, and no invitation waits any more
        JsonNode accepted = api.get(director, "/api/v1/centers/" + center + "/team").json();
        assertThat(accepted.get("specialists").get(0).get("displayName").asString()).isEqualTo("Dr. Lena Fischer");
        assertThat(accepted.get("specialists").get(0).get("listed").asBoolean()).isTrue();
        assertThat(accepted.get("invitations").values().stream().map(w -> w.get("email").asString()).toList())
                .containsExactly(coordinatorEmail);

        // when the appointment ends
        String directorId = team.get("administrators").get(0).get("accountId").asString();
        Response ended = api.post(admin, "/api/v1/admin/centers/" + center + "/administrators/" + directorId
                + "/end", null);

        // then the director keeps the center no longer, and both changes are on the audit trail
        assertThat(ended.status()).as("%s", ended).isEqualTo(204);
        assertProblem(api.post(director, "/api/v1/centers/" + center + "/specialist-invitations",
                Map.of("email", "late-" + email, "displayName", "Dr. Late", "title", "Neurosurgeon", "specialties",
                        List.of("NEUROSURGERY"), "languages", "de")), 403);
        assertProblem(api.post(admin, "/api/v1/admin/centers/" + center + "/administrators/" + directorId + "/end",
                null), 404);
        assertThat(jdbc.sql("select action from audit_entries where action like 'CenterAdministrator%' and detail like ?"
                        + " order by id").param("%" + center).query(String.class).list())
                .containsExactly("CenterAdministratorAppointed", "CenterAdministratorEnded");
    }

    @Test
    void a_suspended_specialist_or_one_given_another_role_comes_off_the_directory_and_back() {
        // given a listed specialist
        String centerId = centers().getFirst().get("id").asString();
        String email = "listed-" + System.nanoTime() + "@example.org";
        api.post(admin, "/api/v1/admin/specialist-invitations", Map.of("email", email, "displayName",
                "Dr. Ada Listed", "centerId", centerId, "title", "Hematologist", "specialties",
                List.of("HEMATOLOGY"), "languages", "en"));
        api.post(null, "/api/v1/auth/password-reset/confirm", Map.of("token",
                mailbox.secretOf(email, "/account/reset/"), "newPassword", PASSWORD));
        String account = api.get(admin, "/api/v1/admin/accounts").json().get("items").values().stream()
                .filter(a -> a.get("email").asString().equals(email)).findFirst().orElseThrow().get("id").asString();
        assertThat(listed("Dr. Ada Listed")).hasSize(1);

        // when suspended, then reactivated, then made a coordinator
        api.post(admin, "/api/v1/admin/accounts/" + account + "/suspension", Map.of("reason", "On leave"));
        List<JsonNode> whileSuspended = listed("Dr. Ada Listed");
        api.post(admin, "/api/v1/admin/accounts/" + account + "/reactivation", null);
        List<JsonNode> afterReactivation = listed("Dr. Ada Listed");
        api.put(admin, "/api/v1/admin/accounts/" + account + "/role", Map.of("role", "COORDINATOR"), null);

        // then
        assertThat(whileSuspended).isEmpty();
        assertThat(afterReactivation).hasSize(1);
        assertThat(listed("Dr. Ada Listed")).isEmpty();
    }

    @Test
    void a_specialist_invited_at_an_address_with_an_account_is_answered_alike_and_never_listed() {
        // when a patient's address is invited as a specialist
        Response invited = api.post(admin, "/api/v1/admin/specialist-invitations", Map.of("email",
                "patient2@example.org", "displayName", "Not A Doctor", "centerId", centers().getFirst().get("id")
                        .asString(), "title", "Oncologist", "specialties", List.of("MEDICAL_ONCOLOGY"),
                "languages", "en"));

        // then
        assertThat(invited.status()).isEqualTo(202);
        assertThat(invited.json().get("status").asString()).isEqualTo("The invitation is sent.");
        assertThat(listed("Not A Doctor")).isEmpty();
    }

    @Test
    void the_directory_page_adds_a_center_and_keeps_what_was_typed_when_refused() {
        // given
        BrowserForms browser = new BrowserForms(port);
        browser.signIn("admin@example.org", ApiClient.DEMO_PASSWORD);
        String name = "Harbour Heart Clinic " + System.nanoTime();

        // when a center is added with a wrong country, then right
        HttpResponse<String> refused = browser.post("/admin/directory", "/admin/centers", Map.of("name", name,
                "city", "Lisbon", "country", "Portugal", "timeZone", "Europe/Lisbon", "specialties", "CARDIOLOGY"));
        HttpResponse<String> added = browser.post("/admin/directory", "/admin/centers", Map.of("name", name,
                "city", "Lisbon", "country", "PT", "timeZone", "Europe/Lisbon", "specialties", "CARDIOLOGY"));

        // then
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("Country must be a two-letter ISO 3166 code")
                .contains("value=\"" + name + "\"").contains("value=\"Portugal\"");
        assertThat(added.statusCode()).isEqualTo(302);
        assertThat(browser.get("/admin/directory").body()).contains(name).contains("Lisbon, Portugal");
    }

    private static Map<String, Object> center(String name, String country, String timeZone,
            List<String> specialties) {
        return Map.of("name", name, "city", "Somewhere", "country", country, "timeZone", timeZone, "specialties",
                specialties);
    }

    private List<JsonNode> centers() {
        return api.get(admin, "/api/v1/centers").json().values().stream().toList();
    }

    private List<JsonNode> listed(String name) {
        return api.get(api.token("coordinator@example.org"), "/api/v1/specialists").json().values().stream()
                .filter(s -> s.get("name").asString().equals(name)).toList();
    }

    private static List<String> fields(Response response) {
        return response.json().path("errors").values().stream().map(e -> e.get("field").asString()).toList();
    }
}
