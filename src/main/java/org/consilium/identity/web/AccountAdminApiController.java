package org.consilium.identity.web;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consilium.identity.AccessScope;
import org.consilium.identity.InvitationId;
import org.consilium.identity.StaffAdministration;
import org.consilium.identity.StaffAdministration.StaffAccount;
import org.consilium.shared.ApiErrors;
import org.consilium.shared.Ids;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Staff accounts for administrators: invitations, roles, suspension; and the first administrator, for the operator. */
@RestController
@RequestMapping("/api/v1/admin")
class AccountAdminApiController {

    private final StaffAdministration staff;

    AccountAdminApiController(StaffAdministration staff) {
        this.staff = staff;
    }

    record AccountResponse(String id, String email, String displayName, String role, String state, Instant createdAt,
            @Nullable Instant suspendedAt, @Nullable String suspensionReason) {

        static AccountResponse of(StaffAccount a) {
            return new AccountResponse(a.id().value().toString(), a.email(), a.displayName(), a.role().name(),
                    a.state().name(), a.createdAt(), a.suspendedAt(), a.suspensionReason());
        }
    }

    record InvitationResponse(String id, String email, String displayName, String role, Instant invitedAt,
            Instant expiresAt, boolean expired) {

        static InvitationResponse of(StaffAdministration.PendingInvitation i) {
            return new InvitationResponse(i.id().toString(), i.email(), i.displayName(), i.role().name(),
                    i.invitedAt(), i.expiresAt(), i.expired());
        }
    }

    record AccountsResponse(List<AccountResponse> items, List<InvitationResponse> invitations) {
    }

    @Operation(summary = "List staff accounts and invitations", description = "Every activated staff account (coordinators, specialists, medical directors, billing and sponsor administrators, administrators), by role and name, with its state (ACTIVE or SUSPENDED); and every invitation not accepted yet, newest first, with whether its link expired. An invitation to an address that had an account is listed like any other never accepted.")
    @ApiErrors({403})
    @GetMapping("/accounts")
    AccountsResponse accounts(AccessScope scope) {
        StaffAdministration.Staff all = staff.staff(scope);
        return new AccountsResponse(all.accounts().stream().map(AccountResponse::of).toList(),
                all.invitations().stream().map(InvitationResponse::of).toList());
    }

    record InvitationRequest(@Nullable String email, @Nullable String displayName, @Nullable String role) {
    }

    @Operation(summary = "Invite a staff member", description = "Makes the account with the role and mails the address a link to choose a password, valid 3 days. The answer is the same when the address has an account: then nothing changes, its holder is told, and the invitation waits like one never accepted. An invitation to an address with one waiting takes its place, with the name and role given now.")
    @ApiErrors(value = {400, 403}, stepUp = true)
    @PostMapping("/invitations")
    ResponseEntity<Map<String, String>> invite(AccessScope scope, @RequestBody InvitationRequest request) {
        InvitationId invitation = staff.invite(scope, request.email(), request.displayName(), request.role());
        return ResponseEntity.accepted().body(Map.of("status", "The invitation is sent.", "invitationId",
                invitation.toString()));
    }

    @Operation(summary = "Send an invitation again", description = "Sends an invitation not yet accepted again, with its name and role and a new link valid 3 days; it takes the place of the earlier one.")
    @ApiErrors(value = {403, 404}, stepUp = true)
    @PostMapping("/invitations/{id}/renewal")
    ResponseEntity<Map<String, String>> resend(AccessScope scope, @PathVariable String id) {
        InvitationId invitation = staff.resend(scope, InvitationId.parse(id));
        return ResponseEntity.accepted().body(Map.of("status", "The invitation is sent again.", "invitationId",
                invitation.toString()));
    }

    record SuspensionRequest(@Nullable String reason) {
    }

    @Operation(summary = "Suspend an account", description = "The account can no longer sign in; its tokens and browser sessions end at once. Nothing is deleted. A reason is required. You cannot suspend your own account or the last administrator who can act (409).")
    @ApiErrors(value = {400, 403, 404, 409}, stepUp = true)
    @PostMapping("/accounts/{id}/suspension")
    ResponseEntity<Void> suspend(AccessScope scope, @PathVariable String id, @RequestBody SuspensionRequest request) {
        staff.suspend(scope, account(id), request.reason());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Reactivate an account", description = "Lifts a suspension; the holder signs in again with their password.")
    @ApiErrors(value = {403, 404, 409}, stepUp = true)
    @PostMapping("/accounts/{id}/reactivation")
    ResponseEntity<Void> reactivate(AccessScope scope, @PathVariable String id) {
        staff.reactivate(scope, account(id));
        return ResponseEntity.noContent().build();
    }

    record RoleRequest(@Nullable String role) {
    }

    @Operation(summary = "Change a staff account's role", description = "Gives a staff account another staff role, counting from the holder's next request. Not for your own account, a patient's, or the last administrator who can act (409).")
    @ApiErrors(value = {400, 403, 404, 409}, stepUp = true)
    @PutMapping("/accounts/{id}/role")
    ResponseEntity<Void> changeRole(AccessScope scope, @PathVariable String id, @RequestBody RoleRequest request) {
        staff.changeRole(scope, account(id), request.role());
        return ResponseEntity.noContent().build();
    }

    record FirstAdministratorRequest(@Nullable String email, @Nullable String displayName) {
    }

    record FirstAdministratorResponse(URI setPasswordLink) {
    }

    @Operation(summary = "Create the first administrator", description = "For the local operator (`./consilium admin create`), on an installation with no administrator: makes the account and answers the single-use link, valid 3 days, with which its holder chooses a password. Nothing is mailed. Once an administrator exists, answers 409: invite more from the app.")
    @ApiErrors({400, 403, 409})
    @PostMapping("/first-administrator")
    ResponseEntity<FirstAdministratorResponse> firstAdministrator(AccessScope scope,
            @RequestBody FirstAdministratorRequest request) {
        URI link = staff.createFirstAdministrator(scope, request.email(), request.displayName());
        return ResponseEntity.status(201).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new FirstAdministratorResponse(link));
    }

    private static UserId account(String id) {
        return new UserId(Ids.parse(id, "account"));
    }
}
