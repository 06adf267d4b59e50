package org.consilium.matching;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccountAdministered;
import org.consilium.identity.Actor;
import org.consilium.identity.InvitationAccepted;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.InvitationId;
import org.consilium.identity.Role;
import org.consilium.identity.StaffAdministration;
import org.consilium.identity.StepUp;
import org.consilium.matching.DirectoryChanged.What;
import org.consilium.matching.internal.DirectoryStore;
import org.consilium.matching.internal.DirectoryStore.CenterRow;
import org.consilium.shared.Check;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.FieldLabels;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The directory of expert centers and their specialists, kept in the app: administrators add and edit centers and
 * invite specialists with what the directory says of them (center, specialties, title, languages); an invited
 * specialist is listed once they accept, and edits their own entry. Holds no patient data. Every change is audited.
 */
@Service
public class Directory {

    static final int MAX_NAME = 200;
    static final int MAX_CITY = 100;
    static final int MAX_TITLE = 200;
    static final int MAX_LANGUAGES = 12;

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

    private final DirectoryStore store;
    private final StaffAdministration staff;
    private final IdentityManagement identity;
    /** Writes a refusal's audit entry in a transaction of its own, which commits whatever the caller's does. */
    private final org.springframework.transaction.support.TransactionTemplate refusals;
    private final StepUp stepUp;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Directory(DirectoryStore store, StaffAdministration staff, IdentityManagement identity, StepUp stepUp,
            ApplicationEventPublisher events, Clock clock,
            org.springframework.transaction.PlatformTransactionManager transactionManager) {
        this.identity = identity;
        this.refusals = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
        this.refusals.setPropagationBehavior(
                org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.stepUp = stepUp;
        this.store = store;
        this.staff = staff;
        this.events = events;
        this.clock = clock;
    }

    /** An expert center. */
    public record Center(CenterId id, String name, String city, String country, ZoneId timeZone,
            Set<Specialty> specialties) {

        /** The country's name in English, for pages. */
        public String countryName() {
            return Locale.of("", country).getDisplayCountry(Locale.ENGLISH);
        }
    }

    /** What a center is, checked: every problem reported at once. */
    public record CenterDetails(String name, String city, String country, ZoneId timeZone,
            Set<Specialty> specialties) {

        public static CenterDetails parse(@Nullable String name, @Nullable String city, @Nullable String country,
                @Nullable String timeZone, @Nullable List<String> specialties) {
            Check check = new Check().required("name", name, MAX_NAME).required("city", city, MAX_CITY);
            String countryCode = Check.trimToNull(country) == null ? null
                    : country.strip().toUpperCase(Locale.ROOT);
            check.that(countryCode != null && COUNTRIES.contains(countryCode), "country",
                    FieldLabels.of("country") + " must be a two-letter ISO 3166 code, such as US or DE");
            ZoneId zone = zone(timeZone);
            check.that(zone != null, "timeZone",
                    FieldLabels.of("timeZone") + " must be an IANA time zone, such as America/New_York");
            Set<Specialty> offered = parseSpecialties(check, "specialties", specialties);
            check.orThrow();
            return new CenterDetails(Objects.requireNonNull(name).strip(), Objects.requireNonNull(city).strip(),
                    countryCode, zone, offered);
        }
    }

    /** What the directory says of a specialist, checked: every problem reported at once. */
    public record ProfileDetails(String title, Set<Specialty> specialties, List<String> languages) {

        /**
         * @param languages ISO 639-1 codes, separated by commas or spaces ({@code "en, it"})
         */
        public static ProfileDetails parse(@Nullable String title, @Nullable List<String> specialties,
                @Nullable String languages) {
            Check check = new Check().required("title", title, MAX_TITLE);
            Set<Specialty> practised = parseSpecialties(check, "specialties", specialties);
            List<String> spoken = parseLanguages(check, languages);
            check.orThrow();
            return new ProfileDetails(Objects.requireNonNull(title).strip(), practised, spoken);
        }
    }

    @Transactional(readOnly = true)
    public List<Center> centers() {
        return store.centers().stream().map(Directory::center).toList();
    }

    /**
     * Adds a center.
     *
     * @throws InvalidInputException on {@code name} when another center has it
     */
    @Transactional
    public CenterId addCenter(AccessScope scope, CenterDetails details) {
        Actor actor = administrator(scope);
        stepUp.require(scope, "Adding a center");
        CenterId id = new CenterId(store.insertCenter(details.name(), details.city(), details.country(),
                details.timeZone().getId(), details.specialties()).orElseThrow(() -> nameTaken()));
        publish(actor, What.CENTER_ADDED, "center " + id + ": " + details.name());
        return id;
    }

    @Transactional
    public void editCenter(AccessScope scope, CenterId id, CenterDetails details) {
        Actor actor = administrator(scope);
        store.center(id.value()).orElseThrow(() -> new NotFoundException("center not found"));
        stepUp.require(scope, "Editing a center");
        if (!store.updateCenter(id.value(), details.name(), details.city(), details.country(),
                details.timeZone().getId(), details.specialties())) {
            throw nameTaken();
        }
        publish(actor, What.CENTER_EDITED, "center " + id + ": " + details.name());
    }

    /**
     * Invites a specialist of a center, for an administrator or one of the center's own administrators: the invitation
     * goes out like any staff invitation (the same answer whether or not the address has an account), and the
     * directory lists them, as described here, once they accept it.
     */
    @Transactional
    public InvitationId inviteSpecialist(AccessScope scope, @Nullable String email, @Nullable String displayName,
            CenterId center, ProfileDetails profile) {
        store.center(center.value()).orElseThrow(() -> new InvalidInputException("centerId",
                "no center has this id"));
        Actor actor = keeperOf(scope, center);
        String address = Check.normalisedEmail(Objects.requireNonNull(email));
        // An invitation waiting at another center is that center's: only an administrator moves it. An address that
        // has an account, or waits on an invitation to another role, is listed as waiting like any other, and, as
        // with administrators' invitations to taken addresses, never accepted: the list must not tell them apart.
        boolean ours = actor.is(Role.ADMIN) || store.specialistInvitation(address)
                .filter(waiting -> !waiting.accepted() && !waiting.centerId().equals(center.value())).isEmpty();
        InvitationId invitation = staff.inviteSpecialist(scope, email, displayName, ours);
        if (ours) {
            store.putSpecialistInvitation(address, center.value(), profile.title(), profile.specialties(),
                    profile.languages(), clock.instant());
        }
        publish(actor, What.SPECIALIST_INVITED, "invitation " + invitation + " at center " + center);
        return invitation;
    }

    /** An invited specialist accepted: they are listed as their invitation described them. */
    @EventListener
    public void on(InvitationAccepted accepted) {
        if (accepted.role() != Role.SPECIALIST) {
            return;
        }
        store.specialistInvitation(accepted.email()).ifPresent(invited -> {
            store.invitationAccepted(accepted.email(), accepted.at());
            if (store.insertSpecialist(invited.centerId(), accepted.accountId(), accepted.displayName(),
                    invited.title(), invited.specialties(), invited.languages())) {
                events.publishEvent(new DirectoryChanged(accepted.accountId(), Role.SPECIALIST,
                        What.SPECIALIST_LISTED, "center " + invited.centerId(), accepted.at()));
            }
        });
    }

    /**
     * A specialist's account was suspended or given another role: they come off the directory, so no case is offered
     * to someone who cannot take it; reactivated, or a specialist again, they are back. In the administrator's
     * transaction.
     */
    @EventListener
    public void on(AccountAdministered changed) {
        if (changed.refused() || changed.accountId() == null) {
            return;
        }
        Boolean listed = switch (changed.what()) {
            case SUSPENDED -> false;
            case REACTIVATED, ROLE_CHANGED -> changed.accountRole() == Role.SPECIALIST;
            default -> null;
        };
        if (listed != null && store.setListed(changed.accountId(), listed, changed.at())) {
            events.publishEvent(new DirectoryChanged(changed.actorId(), changed.actorRole(),
                    listed ? What.SPECIALIST_LISTED : What.SPECIALIST_DELISTED, "account " + changed.accountId(),
                    changed.at()));
        }
    }

    /**
     * Lists a specialist whose account exists already (the demo's), as an accepted invitation would.
     */
    @Transactional
    public void list(AccessScope scope, UserId account, String displayName, CenterId center, ProfileDetails profile) {
        Actor actor = administrator(scope);
        if (store.insertSpecialist(center.value(), account, displayName, profile.title(), profile.specialties(),
                profile.languages())) {
            publish(actor, What.SPECIALIST_LISTED, "account " + account + " at center " + center);
        }
    }

    /** Someone appointed to administer a center's specialists. */
    public record CenterAdministrator(UserId accountId, String displayName, Role role) {
    }

    /**
     * What a center's page shows its keepers: the center, its administrators, its specialists (listed or not) and the
     * invitations still waiting.
     */
    public record CenterTeam(Center center, List<CenterAdministrator> administrators, List<Member> specialists,
            List<WaitingInvitation> invitations) {
    }

    /** One of a center's specialists; not listed while their account is suspended or has another role. */
    public record Member(Specialist specialist, boolean listed) {
    }

    /** An invitation of a specialist to the center, not accepted yet. */
    public record WaitingInvitation(String email, String title, Instant invitedAt) {
    }

    /**
     * Appoints a staff member to administer a center: they may then invite its specialists. For administrators.
     *
     * @throws InvalidInputException on {@code email} when no staff account has the address
     * @throws IllegalTransitionException when they administer the center already
     */
    @Transactional
    public void appointAdministrator(AccessScope scope, CenterId center, @Nullable String email) {
        Actor actor = administrator(scope);
        store.center(center.value()).orElseThrow(() -> new NotFoundException("center not found"));
        new Check().required("email", email, 254).orThrow();
        stepUp.require(scope, "Appointing a center's administrator");
        Actor appointed = identity.findByEmail(Check.normalisedEmail(Objects.requireNonNull(email)))
                .map(org.consilium.identity.AccountDetails::actor)
                .filter(a -> StaffAdministration.STAFF_ROLES.contains(a.role()))
                .orElseThrow(() -> new InvalidInputException("email", "no staff account has this address: invite "
                        + "them as staff first, then appoint them"));
        if (!store.appointAdministrator(center.value(), appointed.id(), actor.id(), clock.instant())) {
            throw new IllegalTransitionException(appointed.displayName() + " administers this center already");
        }
        publish(actor, What.CENTER_ADMINISTRATOR_APPOINTED, "account " + appointed.id() + " at center " + center);
    }

    /** Ends a staff member's appointment to administer a center. For administrators. */
    @Transactional
    public void endAdministrator(AccessScope scope, CenterId center, UserId account) {
        Actor actor = administrator(scope);
        stepUp.require(scope, "Ending a center administrator's appointment");
        if (!store.endAdministrator(center.value(), account, actor.id(), clock.instant())) {
            throw new NotFoundException("they do not administer this center");
        }
        publish(actor, What.CENTER_ADMINISTRATOR_ENDED, "account " + account + " at center " + center);
    }

    /** The centers the caller administers (none for most people). */
    @Transactional(readOnly = true)
    public List<Center> administeredCenters(AccessScope scope) {
        return store.administeredCenters(scope.actor().id()).stream().map(Directory::center).toList();
    }

    /**
     * A center's team, for an administrator or the center's own administrators.
     *
     * @throws NotFoundException when there is no such center, or the caller keeps neither it nor the service
     */
    @Transactional(readOnly = true)
    public CenterTeam team(AccessScope scope, CenterId id) {
        Center center = store.center(id.value()).map(Directory::center)
                .orElseThrow(() -> new NotFoundException("center not found"));
        keeperOf(scope, id);
        List<CenterAdministrator> administrators = store.administrators(id.value()).stream()
                .map(account -> identity.actor(account).map(a -> new CenterAdministrator(a.id(), a.displayName(),
                        a.role())))
                .flatMap(java.util.Optional::stream).toList();
        return new CenterTeam(center, administrators, store.specialistsOfCenter(id.value()).stream()
                .map(m -> new Member(m.specialist(), m.listed())).toList(),
                store.waitingInvitations(id.value()).stream()
                        .map(w -> new WaitingInvitation(w.email(), w.title(), w.invitedAt())).toList());
    }

    /** The caller, when they keep the center: an administrator of the service, or one appointed to it. */
    private Actor keeperOf(AccessScope scope, CenterId center) {
        Actor actor = scope.actor();
        if (actor.is(Role.ADMIN) || (StaffAdministration.STAFF_ROLES.contains(actor.role())
                && store.administers(center.value(), actor.id()))) {
            return actor;
        }
        refusals.executeWithoutResult(status -> events.publishEvent(new org.consilium.identity.AccessDenied(
                actor.id(), actor.role(), null, "keep the team of center " + center, "not-the-center-s-administrator",
                clock.instant())));
        throw new ForbiddenActionException("only an administrator, or this center's administrator, keeps its "
                + "specialists");
    }

    /** The caller's own directory entry, when they are a listed specialist. */
    @Transactional(readOnly = true)
    public java.util.Optional<Specialist> ownEntry(AccessScope scope) {
        return store.specialistOfAccount(scope.actor().id());
    }

    /**
     * A specialist edits their own entry: title, specialties, languages. Their center is the administrators' to
     * change.
     */
    @Transactional
    public Specialist editOwnEntry(AccessScope scope, ProfileDetails profile) {
        Actor actor = scope.actor();
        if (!actor.is(Role.SPECIALIST)) {
            throw new ForbiddenActionException("only a specialist has a directory entry to edit");
        }
        Specialist entry = store.specialistOfAccount(actor.id()).orElseThrow(() -> new NotFoundException(
                "you are not listed in the directory yet; an administrator lists you"));
        store.updateProfile(actor.id(), profile.title(), profile.specialties(), profile.languages());
        publish(actor, What.PROFILE_EDITED, "specialist " + entry.id());
        return store.specialistOfAccount(actor.id()).orElseThrow();
    }

    private static Center center(CenterRow row) {
        Set<Specialty> offered = EnumSet.noneOf(Specialty.class);
        row.specialties().forEach(s -> offered.add(Specialty.valueOf(s)));
        return new Center(new CenterId(row.id()), row.name(), row.city(), row.country(), ZoneId.of(row.timeZone()),
                offered);
    }

    private static Actor administrator(AccessScope scope) {
        if (!scope.actor().is(Role.ADMIN)) {
            throw new ForbiddenActionException("only an administrator keeps the directory");
        }
        return scope.actor();
    }

    private static InvalidInputException nameTaken() {
        return new InvalidInputException("name", "another center has this name");
    }

    private void publish(Actor actor, What what, String detail) {
        events.publishEvent(new DirectoryChanged(actor.id(), actor.role(), what, detail, clock.instant()));
    }

    private static @Nullable ZoneId zone(@Nullable String timeZone) {
        String text = Check.trimToNull(timeZone);
        // Region ids only (America/New_York), not offsets: a center's clock follows its region's daylight saving.
        if (text == null || !ZoneId.getAvailableZoneIds().contains(text)) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Set<Specialty> parseSpecialties(Check check, String field, @Nullable List<String> names) {
        Set<Specialty> chosen = EnumSet.noneOf(Specialty.class);
        List<String> unknown = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            Specialty specialty = name == null ? null : java.util.Arrays.stream(Specialty.values())
                    .filter(s -> s.isChosen() && s.name().equals(name.strip())).findFirst().orElse(null);
            if (specialty == null) {
                unknown.add(name == null ? "null" : Check.shown(name));
            } else {
                chosen.add(specialty);
            }
        }
        check.that(unknown.isEmpty(), field, FieldLabels.of(field) + " must be among " + Specialty.practised()
                .stream().map(Enum::name).toList() + "; not " + unknown);
        check.that(!unknown.isEmpty() || !chosen.isEmpty(), field, "choose at least one specialty");
        return chosen;
    }

    private static List<String> parseLanguages(Check check, @Nullable String languages) {
        Set<String> codes = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : (languages == null ? "" : languages).split("[,\\s]+")) {
            String code = part.strip().toLowerCase(Locale.ROOT);
            if (code.isEmpty()) {
                continue;
            }
            if (code.length() == 2 && LANGUAGES.contains(code)) {
                codes.add(code);
            } else {
                unknown.add(Check.shown(part.strip()));
            }
        }
        check.that(unknown.isEmpty(), "languages", FieldLabels.of("languages")
                + " must be two-letter ISO 639-1 codes, such as en, es, it; not " + unknown);
        check.that(!unknown.isEmpty() || !codes.isEmpty(), "languages", "give at least one language, such as en");
        check.that(codes.size() <= MAX_LANGUAGES, "languages", "give at most " + MAX_LANGUAGES + " languages");
        return List.copyOf(codes);
    }
}
