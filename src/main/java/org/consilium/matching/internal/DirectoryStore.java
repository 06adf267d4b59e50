package org.consilium.matching.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.consilium.matching.Offer;
import org.consilium.matching.Specialist;
import org.consilium.matching.SpecialistId;
import org.consilium.shared.CaseId;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Centers, specialists and offers. */
@Repository
public class DirectoryStore {

    private static final String SPECIALIST = """
            select s.id, s.account_id, s.display_name, s.title, s.specialties, s.languages, c.name as center_name,
                   c.city as center_city, s.delisted_at is null as listed
            from matching_specialists s join matching_centers c on c.id = s.center_id
            """;

    private final JdbcClient jdbc;

    DirectoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Specialist> specialists(@Nullable Specialty specialty) {
        return jdbc.sql(SPECIALIST + " where (cast(:specialty as text) is null or :specialty = any(s.specialties))"
                        + " and s.delisted_at is null order by s.display_name")
                .param("specialty", specialty == null ? null : specialty.name())
                .query((rs, n) -> specialist(rs))
                .list();
    }

    /** A listed specialist: one taken off the directory cannot be offered a case. */
    public Optional<Specialist> specialist(SpecialistId id) {
        return jdbc.sql(SPECIALIST + " where s.id = ? and s.delisted_at is null").param(id.value())
                .query((rs, n) -> specialist(rs)).optional();
    }

    /** Takes the account's entry off the directory, or puts it back; answers whether anything changed. */
    public boolean setListed(UserId account, boolean listed, Instant now) {
        return jdbc.sql(listed
                        ? "update matching_specialists set delisted_at = null where account_id = ? and delisted_at is not null"
                        : "update matching_specialists set delisted_at = ? where account_id = ? and delisted_at is null")
                .params(listed ? new Object[] {account.value()} : new Object[] {java.sql.Timestamp.from(now),
                        account.value()})
                .update() == 1;
    }

    public Optional<Specialist> specialistOfAccount(UserId account) {
        return jdbc.sql(SPECIALIST + " where s.account_id = ?").param(account.value())
                .query((rs, n) -> specialist(rs)).optional();
    }

    /** A center as stored. */
    public record CenterRow(UUID id, String name, String city, String country, String timeZone,
            List<String> specialties) {
    }

    /** Inserts the center; answers empty, changing nothing, when another center has the name. */
    public Optional<UUID> insertCenter(String name, String city, String country, String timeZone,
            Set<Specialty> specialties) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                insert into matching_centers (id, name, city, country, time_zone, specialties)
                values (?, ?, ?, ?, ?, ?) on conflict (name) do nothing
                """)
                .params(id, name, city, country, timeZone, names(specialties)).update();
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    /** Updates the center; answers false when another center has the name. Unknown ids change nothing. */
    public boolean updateCenter(UUID id, String name, String city, String country, String timeZone,
            Set<Specialty> specialties) {
        if (jdbc.sql("select exists (select 1 from matching_centers where name = ? and id <> ?)").params(name, id)
                .query(Boolean.class).single()) {
            return false;
        }
        try {
            jdbc.sql("""
                    update matching_centers set name = ?, city = ?, country = ?, time_zone = ?, specialties = ?
                    where id = ?
                    """)
                    .params(name, city, country, timeZone, names(specialties), id).update();
            return true;
        } catch (org.springframework.dao.DuplicateKeyException renamedMeanwhile) {
            return false;
        }
    }

    public List<CenterRow> centers() {
        return jdbc.sql("select id, name, city, country, time_zone, specialties from matching_centers order by name")
                .query((rs, n) -> center(rs)).list();
    }

    public Optional<CenterRow> center(UUID id) {
        return jdbc.sql("select id, name, city, country, time_zone, specialties from matching_centers where id = ?")
                .param(id).query((rs, n) -> center(rs)).optional();
    }

    private static CenterRow center(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new CenterRow(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("city"),
                rs.getString("country"), rs.getString("time_zone"),
                List.of((String[]) rs.getArray("specialties").getArray()));
    }

    /**
     * What an invitation of a specialist says for the directory, until they accept it; a later invitation to the
     * address replaces it.
     */
    public void putSpecialistInvitation(String email, UUID centerId, String title, Set<Specialty> specialties,
            List<String> languages, Instant now) {
        jdbc.sql("""
                insert into matching_specialist_invitations
                    (email, center_id, title, specialties, languages, invited_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (email) do update set center_id = excluded.center_id, title = excluded.title,
                    specialties = excluded.specialties, languages = excluded.languages,
                    invited_at = excluded.invited_at, accepted_at = null
                """)
                .params(email, centerId, title, names(specialties), languages.toArray(String[]::new),
                        java.sql.Timestamp.from(now))
                .update();
    }

    /** A specialist's directory entry as their invitation described it. */
    public record InvitedSpecialist(UUID centerId, String title, Set<Specialty> specialties, List<String> languages,
            boolean accepted) {
    }

    public Optional<InvitedSpecialist> specialistInvitation(String email) {
        return jdbc.sql("""
                select center_id, title, specialties, languages, accepted_at is not null as accepted
                from matching_specialist_invitations where email = ?
                """)
                .param(email)
                .query((rs, n) -> new InvitedSpecialist(rs.getObject("center_id", UUID.class), rs.getString("title"),
                        specialtiesOf(rs.getArray("specialties")), List.of((String[]) rs.getArray("languages")
                                .getArray()), rs.getBoolean("accepted")))
                .optional();
    }

    /** A specialist edits their own entry: what they practise, how they introduce themselves, their languages. */
    public void updateProfile(UserId account, String title, Set<Specialty> specialties, List<String> languages) {
        jdbc.sql("update matching_specialists set title = ?, specialties = ?, languages = ? where account_id = ?")
                .params(title, names(specialties), languages.toArray(String[]::new), account.value())
                .update();
    }

    private static String[] names(Set<Specialty> specialties) {
        return specialties.stream().map(Enum::name).sorted().toArray(String[]::new);
    }

    /** Lists the account in the directory; an account listed already keeps its entry (answers false). */
    public boolean insertSpecialist(UUID centerId, UserId account, String displayName, String title,
            Set<Specialty> specialties, List<String> languages) {
        return jdbc.sql("""
                insert into matching_specialists (id, center_id, account_id, display_name, title, specialties, languages)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (account_id) do nothing
                """)
                .params(UUID.randomUUID(), centerId, account.value(), displayName, title,
                        names(specialties), languages.toArray(String[]::new))
                .update() == 1;
    }

    /** Marks the address's invitation accepted: the center's page no longer lists it as waiting. */
    public void invitationAccepted(String email, Instant now) {
        jdbc.sql("update matching_specialist_invitations set accepted_at = ? where email = ? and accepted_at is null")
                .params(java.sql.Timestamp.from(now), email)
                .update();
    }

    /** An invitation of a specialist to a center, still waiting to be accepted. */
    public record WaitingInvitation(String email, String title, Instant invitedAt) {
    }

    public List<WaitingInvitation> waitingInvitations(UUID centerId) {
        return jdbc.sql("""
                select email, title, invited_at from matching_specialist_invitations
                where center_id = ? and accepted_at is null order by invited_at desc
                """)
                .param(centerId)
                .query((rs, n) -> new WaitingInvitation(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant()))
                .list();
    }

    /** The center's specialists, listed or not (a suspended one is not), by name. */
    public record CenterSpecialist(Specialist specialist, boolean listed) {
    }

    public List<CenterSpecialist> specialistsOfCenter(UUID centerId) {
        return jdbc.sql(SPECIALIST + " where s.center_id = ? order by s.display_name")
                .param(centerId)
                .query((rs, n) -> new CenterSpecialist(specialist(rs), rs.getBoolean("listed")))
                .list();
    }

    // ---- a center's administrators

    /** Appoints the account to administer the center; answers false when it does already. */
    public boolean appointAdministrator(UUID centerId, UserId account, UserId by, Instant now) {
        return jdbc.sql("""
                insert into matching_center_administrators (center_id, account_id, appointed_by, appointed_at)
                values (?, ?, ?, ?) on conflict (center_id, account_id) where ended_at is null do nothing
                """)
                .params(centerId, account.value(), by.value(), java.sql.Timestamp.from(now))
                .update() == 1;
    }

    /** Ends the account's appointment to the center; answers whether it had one. */
    public boolean endAdministrator(UUID centerId, UserId account, UserId by, Instant now) {
        return jdbc.sql("""
                update matching_center_administrators set ended_by = ?, ended_at = ?
                where center_id = ? and account_id = ? and ended_at is null
                """)
                .params(by.value(), java.sql.Timestamp.from(now), centerId, account.value())
                .update() == 1;
    }

    /** The accounts appointed to the center now, longest-serving first. */
    public List<UserId> administrators(UUID centerId) {
        return jdbc.sql("""
                select account_id from matching_center_administrators where center_id = ? and ended_at is null
                order by appointed_at, account_id
                """)
                .param(centerId)
                .query((rs, n) -> new UserId(rs.getObject(1, UUID.class)))
                .list();
    }

    /** The centers the account administers now, by name. */
    public List<CenterRow> administeredCenters(UserId account) {
        return jdbc.sql("""
                select c.id, c.name, c.city, c.country, c.time_zone, c.specialties from matching_centers c
                join matching_center_administrators a on a.center_id = c.id
                where a.account_id = ? and a.ended_at is null order by c.name
                """)
                .param(account.value())
                .query((rs, n) -> center(rs))
                .list();
    }

    public boolean administers(UUID centerId, UserId account) {
        return jdbc.sql("""
                select exists (select 1 from matching_center_administrators
                               where center_id = ? and account_id = ? and ended_at is null)
                """)
                .params(centerId, account.value())
                .query(Boolean.class).single();
    }

    public boolean administersAny(UserId account) {
        return jdbc.sql("""
                select exists (select 1 from matching_center_administrators where account_id = ? and ended_at is null)
                """)
                .param(account.value())
                .query(Boolean.class).single();
    }

    public long countCenters() {
        return jdbc.sql("select count(*) from matching_centers").query(Long.class).single();
    }

    public void insertOffer(CaseId caseId, SpecialistId specialist, UserId offeredBy, Instant now) {
        jdbc.sql("""
                insert into matching_offers (id, case_id, specialist_id, offered_by, offered_at)
                values (?, ?, ?, ?, ?)
                """)
                .params(UUID.randomUUID(), caseId.value(), specialist.value(), offeredBy.value(), Timestamp.from(now))
                .update();
    }

    /** Records the answer to the case's open offer. */
    public void answerOpenOffer(CaseId caseId, Offer.Outcome outcome, @Nullable String reason, Instant now) {
        jdbc.sql("""
                update matching_offers set answered_at = ?, outcome = ?, decline_reason = ?
                where case_id = ? and answered_at is null
                """)
                .params(Timestamp.from(now), outcome.name(), reason, caseId.value())
                .update();
    }

    public List<Offer> offersOf(CaseId caseId) {
        return jdbc.sql("""
                select o.case_id, o.specialist_id, s.display_name, o.offered_at, o.answered_at, o.outcome,
                       o.decline_reason
                from matching_offers o join matching_specialists s on s.id = o.specialist_id
                where o.case_id = ? order by o.offered_at
                """)
                .param(caseId.value())
                .query((rs, n) -> new Offer(new CaseId(rs.getObject(1, UUID.class)),
                        new SpecialistId(rs.getObject(2, UUID.class)), rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                        rs.getString(6) == null ? null : Offer.Outcome.valueOf(rs.getString(6)), rs.getString(7)))
                .list();
    }

    private static Set<Specialty> specialtiesOf(java.sql.Array array) throws SQLException {
        Set<Specialty> specialties = EnumSet.noneOf(Specialty.class);
        for (String s : (String[]) array.getArray()) {
            specialties.add(Specialty.valueOf(s));
        }
        return specialties;
    }

    private static Specialist specialist(ResultSet rs) throws SQLException {
        Set<Specialty> specialties = specialtiesOf(rs.getArray("specialties"));
        List<String> languages = Arrays.asList((String[]) rs.getArray("languages").getArray());
        return new Specialist(new SpecialistId(rs.getObject("id", UUID.class)),
                new UserId(rs.getObject("account_id", UUID.class)), rs.getString("display_name"),
                rs.getString("title"), rs.getString("center_name"), rs.getString("center_city"), specialties,
                languages);
    }

}
