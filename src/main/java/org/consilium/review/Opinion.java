package org.consilium.review;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.consilium.identity.Actor;
import org.consilium.identity.Role;
import org.consilium.intake.Question;
import org.consilium.shared.CaseId;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * The specialist's answer to a case. Written as a draft, then signed; once signed it never changes (corrections will
 * be amendments).
 */
public final class Opinion {

    private final OpinionId id;
    private final CaseId caseId;
    private final UserId authorId;
    private OpinionContent content;
    private OpinionStatus status;
    private long version;
    private @Nullable Signature signature;

    private Opinion(OpinionId id, CaseId caseId, UserId authorId, OpinionContent content, OpinionStatus status,
            long version, @Nullable Signature signature) {
        this.id = id;
        this.caseId = caseId;
        this.authorId = authorId;
        this.content = content;
        this.status = status;
        this.version = version;
        this.signature = signature;
    }

    /** The reviewing specialist starts an opinion. */
    public static Opinion start(CaseId caseId, Actor specialist) {
        requireSpecialist(specialist);
        return new Opinion(OpinionId.random(), caseId, specialist.id(), OpinionContent.empty(), OpinionStatus.DRAFT,
                0, null);
    }

    public static Opinion restore(OpinionId id, CaseId caseId, UserId authorId, OpinionContent content,
            OpinionStatus status, long version, @Nullable Signature signature) {
        return new Opinion(id, caseId, authorId, content, status, version, signature);
    }

    /** Replaces the draft's content; a signed opinion cannot be edited. */
    public void revise(Actor actor, OpinionContent newContent) {
        requireAuthor(actor, "edit");
        if (status == OpinionStatus.SIGNED) {
            throw new IllegalTransitionException("the opinion is signed and can no longer be edited");
        }
        content = Objects.requireNonNull(newContent);
    }

    /**
     * Checks the opinion is complete, answering every one of the case's questions, and seals it. The signature is
     * made by the caller from the content's canonical form.
     */
    public void sign(Actor actor, List<Question> questions, Signature seal) {
        requireAuthor(actor, "sign");
        if (status == OpinionStatus.SIGNED) {
            throw new IllegalTransitionException("the opinion is already signed");
        }
        List<String> missing = content.missingForSignature(questions);
        if (!missing.isEmpty()) {
            throw new IllegalTransitionException("the opinion cannot be signed yet; it still needs "
                    + String.join(", ", missing));
        }
        status = OpinionStatus.SIGNED;
        signature = seal;
    }

    /** Whether signing would succeed now; the reasons when not. */
    public List<String> missingForSignature(List<Question> questions) {
        return content.missingForSignature(questions);
    }

    private void requireAuthor(Actor actor, String action) {
        requireSpecialist(actor);
        if (!actor.id().equals(authorId)) {
            throw new ForbiddenActionException("only the specialist who writes this opinion can " + action + " it");
        }
    }

    private static void requireSpecialist(Actor actor) {
        if (!actor.is(Role.SPECIALIST)) {
            throw new ForbiddenActionException("only the reviewing specialist writes the opinion");
        }
    }

    void savedAs(long newVersion) {
        version = newVersion;
    }

    public OpinionId id() {
        return id;
    }

    public CaseId caseId() {
        return caseId;
    }

    public UserId authorId() {
        return authorId;
    }

    public OpinionContent content() {
        return content;
    }

    public OpinionStatus status() {
        return status;
    }

    /** Changes with every save; the API's ETag. */
    public long version() {
        return version;
    }

    public Optional<Signature> signature() {
        return Optional.ofNullable(signature);
    }
}
