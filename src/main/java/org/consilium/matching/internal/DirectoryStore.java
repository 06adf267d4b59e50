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
                   c.city as center_city
            from matching_specialists s join matching_centers c on c.id = s.center_id
            """;

    private final JdbcClient jdbc;

    DirectoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Specialist> specialists(@Nullable Specialty specialty) {
        return jdbc.sql(SPECIALIST + " where (cast(:specialty as text) is null or :specialty = any(s.specialties))"
                        + " order by s.display_name")
                .param("specialty", specialty == null ? null : specialty.name())
                .query((rs, n) -> specialist(rs))
                .list();
    }

    public Optional<Specialist> specialist(SpecialistId id) {
        return jdbc.sql(SPECIALIST + " where s.id = ?").param(id.value()).query((rs, n) -> specialist(rs)).optional();
    }

    public Optional<Specialist> specialistOfAccount(UserId account) {
        return jdbc.sql(SPECIALIST + " where s.account_id = ?").param(account.value())
                .query((rs, n) -> specialist(rs)).optional();
    }

    public UUID insertCenter(String name, String city, String country) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into matching_centers (id, name, city, country) values (?, ?, ?, ?)")
                .params(id, name, city, country).update();
        return id;
    }

    public void insertSpecialist(UUID centerId, UserId account, String displayName, String title,
            Set<Specialty> specialties, List<String> languages) {
        jdbc.sql("""
                insert into matching_specialists (id, center_id, account_id, display_name, title, specialties, languages)
                values (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(UUID.randomUUID(), centerId, account.value(), displayName, title,
                        specialties.stream().map(Enum::name).toArray(String[]::new), languages.toArray(String[]::new))
                .update();
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

    private static Specialist specialist(ResultSet rs) throws SQLException {
        Set<Specialty> specialties = EnumSet.noneOf(Specialty.class);
        for (String s : (String[]) rs.getArray("specialties").getArray()) {
            specialties.add(Specialty.valueOf(s));
        }
        List<String> languages = Arrays.asList((String[]) rs.getArray("languages").getArray());
        return new Specialist(new SpecialistId(rs.getObject("id", UUID.class)),
                new UserId(rs.getObject("account_id", UUID.class)), rs.getString("display_name"),
                rs.getString("title"), rs.getString("center_name"), rs.getString("center_city"), specialties,
                languages);
    }

}
