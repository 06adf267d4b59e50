package org.consilium.review.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.consilium.intake.QuestionId;
import org.consilium.review.DiagnosisAssessment;
import org.consilium.review.Opinion;
import org.consilium.review.OpinionContent;
import org.consilium.review.OpinionId;
import org.consilium.review.OpinionStatus;
import org.consilium.review.PlanRecommendation;
import org.consilium.review.Signature;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Opinions; the content is kept as canonical JSON, and a signed opinion also keeps the exact document signed. */
@Repository
public class OpinionStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    OpinionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Opinion> findByCase(CaseId caseId) {
        return jdbc.sql("select * from review_opinions where case_id = ?")
                .param(caseId.value())
                .query((rs, n) -> restore(rs))
                .optional();
    }

    /** Inserts a new opinion or updates a draft, if its version is still {@code opinion.version()}; the new one. */
    public long save(Opinion opinion, Instant now) {
        String content = CanonicalJson.write(toMap(opinion.content()));
        if (opinion.version() == 0) {
            jdbc.sql("""
                    insert into review_opinions (id, case_id, author_id, status, content, version, created_at,
                        updated_at)
                    values (?, ?, ?, ?, ?, 1, ?, ?)
                    """)
                    .params(opinion.id().value(), opinion.caseId().value(), opinion.authorId().value(),
                            opinion.status().name(), content, Timestamp.from(now), Timestamp.from(now))
                    .update();
            return 1;
        }
        int updated = jdbc.sql("""
                update review_opinions set status = ?, content = ?, version = version + 1, updated_at = ?
                where id = ? and version = ? and status = 'DRAFT'
                """)
                .params(opinion.status().name(), content, Timestamp.from(now), opinion.id().value(),
                        opinion.version())
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException("opinion " + opinion.id() + " changed concurrently");
        }
        return opinion.version() + 1;
    }

    /** A signed opinion as its verification code finds it: the exact document signed and its seal. */
    public record Sealed(CaseId caseId, String document, String signature, String signerName, Instant signedAt) {
    }

    public Optional<Sealed> findByVerificationCode(String code) {
        return jdbc.sql("""
                select case_id, signed_document, signature, signer_name, signed_at from review_opinions
                where verification_code = ? and signed_at is not null
                """)
                .param(code)
                .query((rs, n) -> new Sealed(new CaseId(rs.getObject(1, UUID.class)), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()))
                .optional();
    }

    /** The case reference written into a signed document. */
    public static String referenceIn(String signedDocument) {
        return String.valueOf(JSON.readTree(signedDocument).get("caseReference").asString());
    }

    /** Stores the seal of a just-signed opinion, with the exact document that was signed. */
    public void seal(Opinion opinion, String signedDocument) {
        Signature s = opinion.signature().orElseThrow();
        jdbc.sql("""
                update review_opinions set signed_document = ?, content_sha256 = ?, signature = ?, key_id = ?,
                    signer_name = ?, authentication_method = ?, signed_at = ?, verification_code = ?
                where id = ? and status = 'SIGNED' and signed_at is null
                """)
                .params(signedDocument, s.contentSha256(), s.signatureBase64(), s.keyId(), s.signerName(),
                        s.authenticationMethod(), Timestamp.from(s.signedAt()), s.verificationCode(),
                        opinion.id().value())
                .update();
    }

    /** The opinion's content as plain maps and lists, ready for canonical JSON. */
    public static Map<String, Object> toMap(OpinionContent c) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("diagnosisAssessment", c.diagnosisAssessment() == null ? null : c.diagnosisAssessment().name());
        map.put("revisedDiagnosis", c.revisedDiagnosis());
        map.put("planRecommendation", c.planRecommendation() == null ? null : c.planRecommendation().name());
        map.put("recommendedPlan", c.recommendedPlan());
        List<Map<String, Object>> answers = new ArrayList<>();
        c.answers().forEach((id, text) -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("questionId", id.toString());
            answer.put("text", text);
            answers.add(answer);
        });
        map.put("answers", answers);
        map.put("furtherTests", c.furtherTests());
        map.put("patientSummary", c.patientSummary());
        return map;
    }

    @SuppressWarnings("unchecked")
    private static OpinionContent fromJson(String json) {
        Map<String, Object> map = JSON.readValue(json, Map.class);
        Map<QuestionId, String> answers = new LinkedHashMap<>();
        for (Map<String, Object> answer : (List<Map<String, Object>>) map.get("answers")) {
            answers.put(new QuestionId(UUID.fromString((String) answer.get("questionId"))),
                    (String) answer.get("text"));
        }
        String assessment = (String) map.get("diagnosisAssessment");
        String plan = (String) map.get("planRecommendation");
        return new OpinionContent(assessment == null ? null : DiagnosisAssessment.valueOf(assessment),
                (String) map.get("revisedDiagnosis"), plan == null ? null : PlanRecommendation.valueOf(plan),
                (String) map.get("recommendedPlan"), answers, (List<String>) map.get("furtherTests"),
                (String) map.get("patientSummary"));
    }

    private static Opinion restore(ResultSet rs) throws SQLException {
        Timestamp signedAt = rs.getTimestamp("signed_at");
        Signature signature = signedAt == null ? null : new Signature(rs.getString("content_sha256"),
                rs.getString("signature"), rs.getString("key_id"), new UserId(rs.getObject("author_id", UUID.class)),
                rs.getString("signer_name"), rs.getString("authentication_method"), signedAt.toInstant(),
                rs.getString("verification_code"));
        return Opinion.restore(new OpinionId(rs.getObject("id", UUID.class)),
                new CaseId(rs.getObject("case_id", UUID.class)), new UserId(rs.getObject("author_id", UUID.class)),
                fromJson(rs.getString("content")), OpinionStatus.valueOf(rs.getString("status")),
                rs.getLong("version"), signature);
    }
}
