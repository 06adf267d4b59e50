package org.consilium.matching.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.consilium.identity.AccessScope;
import org.consilium.identity.InvitationId;
import org.consilium.matching.CenterId;
import org.consilium.matching.Directory;
import org.consilium.matching.Directory.Center;
import org.consilium.matching.Directory.CenterDetails;
import org.consilium.matching.Directory.ProfileDetails;
import org.consilium.matching.Specialist;
import org.consilium.shared.ApiErrors;
import org.consilium.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The directory kept in the app: centers (administrators), specialist invitations, and a specialist's own entry. */
@RestController
class DirectoryApiController {

    private final Directory directory;

    DirectoryApiController(Directory directory) {
        this.directory = directory;
    }

    record CenterResponse(String id, String name, String city, String country, String timeZone,
            List<String> specialties) {

        static CenterResponse of(Center c) {
            return new CenterResponse(c.id().toString(), c.name(), c.city(), c.country(), c.timeZone().getId(),
                    c.specialties().stream().map(Enum::name).sorted().toList());
        }
    }

    record CenterRequest(@Nullable String name, @Nullable String city, @Nullable String country,
            @Nullable String timeZone, @Nullable List<String> specialties) {

        CenterDetails details() {
            return CenterDetails.parse(name, city, country, timeZone, specialties);
        }
    }

    @Operation(summary = "List expert centers", description = "Every expert center, by name, with its country (ISO 3166 alpha-2), IANA time zone and the specialties it offers. Holds no patient data.")
    @ApiErrors({})
    @GetMapping("/api/v1/centers")
    List<CenterResponse> centers(AccessScope scope) {
        return directory.centers().stream().map(CenterResponse::of).toList();
    }

    @Operation(summary = "Add an expert center", description = "For administrators. A name no other center has, a city, a two-letter ISO 3166 country code, an IANA time zone (such as America/New_York) and at least one specialty.")
    @ApiErrors(value = {400, 403}, stepUp = true)
    @PostMapping("/api/v1/admin/centers")
    ResponseEntity<Map<String, String>> addCenter(AccessScope scope, @RequestBody CenterRequest request) {
        CenterId id = directory.addCenter(scope, request.details());
        return ResponseEntity.status(201).body(Map.of("id", id.toString()));
    }

    @Operation(summary = "Edit an expert center", description = "For administrators: the same fields as adding one, all of them.")
    @ApiErrors(value = {400, 403, 404}, stepUp = true)
    @PutMapping("/api/v1/admin/centers/{id}")
    ResponseEntity<Void> editCenter(AccessScope scope, @PathVariable String id, @RequestBody CenterRequest request) {
        directory.editCenter(scope, CenterId.parse(id), request.details());
        return ResponseEntity.noContent().build();
    }

    record SpecialistInvitationRequest(@Nullable String email, @Nullable String displayName,
            @Nullable String centerId, @Nullable String title, @Nullable List<String> specialties,
            @Nullable String languages) {
    }

    @Operation(summary = "Invite a specialist", description = "For administrators: invites a specialist of a center like any staff member (the same answer whether or not the address has an account), with what the directory will say of them: title, specialties and languages (ISO 639-1 codes, such as \"en, it\"). They are listed once they accept.")
    @ApiErrors(value = {400, 403}, stepUp = true)
    @PostMapping("/api/v1/admin/specialist-invitations")
    ResponseEntity<Map<String, String>> inviteSpecialist(AccessScope scope,
            @RequestBody SpecialistInvitationRequest request) {
        ProfileDetails profile = ProfileDetails.parse(request.title(), request.specialties(), request.languages());
        InvitationId invitation = directory.inviteSpecialist(scope, request.email(), request.displayName(),
                CenterId.fromInput(request.centerId()), profile);
        return ResponseEntity.accepted().body(Map.of("status", "The invitation is sent.", "invitationId",
                invitation.toString()));
    }

    record CenterSpecialistInvitationRequest(@Nullable String email, @Nullable String displayName,
            @Nullable String title, @Nullable List<String> specialties, @Nullable String languages) {
    }

    @Operation(summary = "Invite a specialist of a center", description = "For an administrator, or a staff member an administrator appointed to administer this center: invites a specialist of it, as POST /api/v1/admin/specialist-invitations does. Anyone else gets 403.")
    @ApiErrors(value = {400, 403, 404}, stepUp = true)
    @PostMapping("/api/v1/centers/{id}/specialist-invitations")
    ResponseEntity<Map<String, String>> inviteCenterSpecialist(AccessScope scope, @PathVariable String id,
            @RequestBody CenterSpecialistInvitationRequest request) {
        ProfileDetails profile = ProfileDetails.parse(request.title(), request.specialties(), request.languages());
        InvitationId invitation = directory.inviteSpecialist(scope, request.email(), request.displayName(),
                CenterId.parse(id), profile);
        return ResponseEntity.accepted().body(Map.of("status", "The invitation is sent.", "invitationId",
                invitation.toString()));
    }

    record TeamResponse(CenterResponse center, List<AdministratorResponse> administrators,
            List<MemberResponse> specialists, List<WaitingResponse> invitations) {
    }

    record AdministratorResponse(String accountId, String displayName, String role) {
    }

    record MemberResponse(String specialistId, String displayName, String title, boolean listed) {
    }

    record WaitingResponse(String email, String title, java.time.Instant invitedAt) {
    }

    @Operation(summary = "A center's team", description = "For an administrator, or the center's own administrators: who administers it, its specialists (listed or not) and the invitations not yet accepted.")
    @ApiErrors(value = {403, 404})
    @GetMapping("/api/v1/centers/{id}/team")
    TeamResponse team(AccessScope scope, @PathVariable String id) {
        Directory.CenterTeam team = directory.team(scope, CenterId.parse(id));
        return new TeamResponse(CenterResponse.of(team.center()),
                team.administrators().stream().map(a -> new AdministratorResponse(a.accountId().toString(),
                        a.displayName(), a.role().name())).toList(),
                team.specialists().stream().map(m -> new MemberResponse(m.specialist().id().toString(),
                        m.specialist().displayName(), m.specialist().title(), m.listed())).toList(),
                team.invitations().stream().map(w -> new WaitingResponse(w.email(), w.title(), w.invitedAt()))
                        .toList());
    }

    record AppointmentRequest(@Nullable String email) {
    }

    @Operation(summary = "Appoint a center's administrator", description = "For administrators: the staff account with this address may then invite the center's specialists (and only those: every other role stays the administrators'). 400 on email when no staff account has it; 409 when they administer the center already.")
    @ApiErrors(value = {400, 403, 404, 409}, stepUp = true)
    @PostMapping("/api/v1/admin/centers/{id}/administrators")
    ResponseEntity<Void> appoint(AccessScope scope, @PathVariable String id, @RequestBody AppointmentRequest request) {
        directory.appointAdministrator(scope, CenterId.parse(id), request.email());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "End a center administrator's appointment", description = "For administrators. The appointment stays on record, with who ended it and when.")
    @ApiErrors(value = {403, 404}, stepUp = true)
    @PostMapping("/api/v1/admin/centers/{id}/administrators/{accountId}/end")
    ResponseEntity<Void> endAppointment(AccessScope scope, @PathVariable String id, @PathVariable String accountId) {
        directory.endAdministrator(scope, CenterId.parse(id),
                new org.consilium.shared.UserId(org.consilium.shared.Ids.parse(accountId, "account")));
        return ResponseEntity.noContent().build();
    }

    record ProfileRequest(@Nullable String title, @Nullable List<String> specialties, @Nullable String languages) {
    }

    @Operation(summary = "Your directory entry", description = "For a listed specialist: their own entry, as coordinators see it.")
    @ApiErrors({404})
    @GetMapping("/api/v1/directory/me")
    MatchingApiController.SpecialistResponse ownEntry(AccessScope scope) {
        Specialist entry = directory.ownEntry(scope).orElseThrow(() -> new NotFoundException(
                "you are not listed in the directory"));
        return MatchingApiController.SpecialistResponse.of(entry);
    }

    @Operation(summary = "Edit your directory entry", description = "For a listed specialist: title, specialties and languages. The center is the administrators' to change.")
    @ApiErrors({400, 403, 404})
    @PutMapping("/api/v1/directory/me")
    MatchingApiController.SpecialistResponse editOwnEntry(AccessScope scope, @RequestBody ProfileRequest request) {
        return MatchingApiController.SpecialistResponse.of(directory.editOwnEntry(scope,
                ProfileDetails.parse(request.title(), request.specialties(), request.languages())));
    }
}
