package org.consilium.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.consilium.shared.CaseId;
import org.consilium.shared.Decision;
import org.consilium.shared.OfferedAction;
import org.jspecify.annotations.Nullable;

/**
 * A case as one caller may see it, with what the caller may do to it. This read model, not the aggregate, is what
 * intake hands to pages, API answers and other modules. It holds only what the caller may see: a specialist who has
 * only been offered the case does not learn who the patient is.
 */
public final class CaseView {

    private final SecondOpinionCase c;
    private final CaseRelation relation;
    private final CasePolicy.Facts facts;
    private final Set<CaseAction> allowed;
    private final LocalDate today;
    private final Supplier<String> accountHolderName;
    private @Nullable String accountHolder;

    /**
     * @param accountHolderName the name of the account that opened the case; asked only when a page names the
     *                          patient, so reading a case costs no extra query
     */
    CaseView(SecondOpinionCase c, CaseRelation relation, LocalDate today, Supplier<String> accountHolderName) {
        this.c = c;
        this.relation = relation;
        this.facts = c.facts();
        this.allowed = Set.copyOf(CasePolicy.allowed(relation, facts));
        this.today = today;
        this.accountHolderName = accountHolderName;
    }

    public CaseId id() {
        return c.id();
    }

    public String reference() {
        return c.reference();
    }

    public CaseStatus status() {
        return c.status();
    }

    /** What the case is about. For a caller who may not see who the patient is, without the proxy's identity. */
    public CaseDetails details() {
        CaseDetails d = c.details();
        return d.proxy() == null || may(CaseAction.READ_PATIENT_IDENTITY) ? d : d.withoutProxy();
    }

    /**
     * For a case opened for someone else: how the account holder is related to the patient, and the patient's age in
     * years. Shown to everyone who sees the case, since age matters clinically while name and birth date identify.
     */
    public Optional<ProxySummary> proxySummary() {
        CaseProxy proxy = c.details().proxy();
        return proxy == null ? Optional.empty()
                : Optional.of(new ProxySummary(proxy.relationship(),
                        Period.between(proxy.patientBirthDate(), today).getYears()));
    }

    /**
     * Whom the case is about, by name: the patient a proxy named, or else the account holder. Empty for a caller who may
     * not know who the patient is (a specialist who has only been offered the case).
     */
    public Optional<String> patientName() {
        if (!may(CaseAction.READ_PATIENT_IDENTITY)) {
            return Optional.empty();
        }
        CaseProxy proxy = c.details().proxy();
        if (proxy != null) {
            return Optional.of(proxy.patientName());
        }
        if (accountHolder == null) {
            accountHolder = accountHolderName.get();
        }
        return Optional.of(accountHolder);
    }

    /** Who opened the case for whom, without naming them. */
    public record ProxySummary(Relationship relationship, int patientAge) {
    }

    public List<Question> questions() {
        return c.questions();
    }

    public Optional<Question> question(QuestionId id) {
        return c.question(id);
    }

    public Instant openedAt() {
        return c.openedAt();
    }

    public Optional<Instant> submittedAt() {
        return c.submittedAt();
    }

    /** When the case last changed: the order of case lists, and the time a new grant on it is filed under. */
    public Instant updatedAt() {
        return c.updatedAt();
    }

    public Optional<String> declineReason() {
        return c.declineReason();
    }

    /** The caller's relation to the case, which other modules' policies decide from. */
    public CaseRelation relation() {
        return relation;
    }

    public CasePolicy.Facts facts() {
        return facts;
    }

    public boolean inTriagePool() {
        return CasePolicy.inTriagePool(facts);
    }

    /** Whether the caller is this case's patient (or the proxy who opened it). */
    public boolean isOwnedByCaller() {
        return relation.holds(org.consilium.identity.GrantReason.OWNER, org.consilium.identity.Role.PATIENT);
    }

    public boolean may(CaseAction action) {
        return allowed.contains(action);
    }

    public Decision decide(CaseAction action) {
        return CasePolicy.decide(relation, facts, action);
    }

    /** The actions the caller may take on the case now. */
    public Set<CaseAction> allowedActions() {
        return allowed;
    }

    /** The {@link #allowedActions()} that clients see, by their wire names. */
    public List<String> allowedActionNames() {
        return OfferedAction.allowedNames(CaseAction.values(), allowed::contains);
    }

    /** The case's version, which changes with every change of the case: its ETag, and a draft form's hidden field. */
    public long version() {
        return c.version();
    }

    @Override
    public String toString() {
        return "CaseView[" + c.reference() + " " + c.status() + " for " + relation + "]";
    }
}
