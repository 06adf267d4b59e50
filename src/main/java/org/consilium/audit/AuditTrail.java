package org.consilium.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import org.consilium.audit.internal.AuditChain;
import org.consilium.audit.internal.AuditLog;
import org.consilium.audit.internal.AuditLog.Line;
import org.consilium.identity.AccessDenied;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccountAdministered;
import org.consilium.identity.AccountRegistered;
import org.consilium.identity.CredentialEvent;
import org.consilium.identity.AdministrativeRead;
import org.consilium.platform.MasterKeyRotated;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.PatientDataListed;
import org.consilium.identity.PersonalDataExported;
import org.consilium.identity.PatientDataRead;
import org.consilium.identity.AccessGrants;
import org.consilium.identity.Grant;
import org.consilium.identity.GrantReason;
import org.consilium.identity.Role;
import org.consilium.identity.SignInFailed;
import org.consilium.identity.SignedIn;
import org.consilium.identity.SignedOut;
import org.consilium.intake.BreakGlassOpened;
import org.consilium.intake.CaseAction;
import org.consilium.intake.CaseEvent;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.identity.DelegationChanged;
import org.consilium.matching.DirectoryChanged;
import org.consilium.records.RecordDetailsEdited;
import org.consilium.records.ChecklistItemWaived;
import org.consilium.records.ChecklistWaiverWithdrawn;
import org.consilium.records.RecordRecategorised;
import org.consilium.records.RecordScanned;
import org.consilium.records.RecordVoided;
import org.consilium.records.RecordUploaded;
import org.consilium.review.OpinionDraftSaved;
import org.consilium.review.OpinionSigned;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes the audit trail. Reads and changes are collected in the transaction of the request that made them and
 * written just before it commits, in the same transaction: there is no change without its audit entries, and every
 * entry is written before the response. Writing takes no lock; {@link AuditChainer} links the committed entries into
 * the keyed chain right after. A refusal is recorded after the refused request's transaction has ended, in one of its
 * own, because the refusal rolls the request back. Each entry carries the client's address and user agent.
 */
@Service
public class AuditTrail {

    /** The stored action names: explicit, stable strings, never derived from class names. */
    static final String READ = "PatientDataRead";
    static final String BREAK_GLASS = "BreakGlass";
    static final String DENIED = "AccessDenied";

    private static final int MAX_USER_AGENT = 512;

    private final AuditLog log;
    private final AuditChain chain;
    private final AuditChainer chainer;
    private final CaseManagement cases;
    private final IdentityManagement identity;
    private final AccessGrants grants;
    private final TransactionTemplate separately;

    AuditTrail(AuditLog log, AuditChain chain, AuditChainer chainer, CaseManagement cases,
            IdentityManagement identity, AccessGrants grants, PlatformTransactionManager transactions) {
        this.grants = grants;
        this.log = log;
        this.chain = chain;
        this.chainer = chainer;
        this.cases = cases;
        this.identity = identity;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    public void on(CaseEvent event) {
        String detail = switch (event) {
            case CaseEvent.CaseOpened opened -> opened.reference();
            case CaseEvent.CaseOffered offered -> "offered to " + offered.specialistAccount();
            case CaseEvent.SpecialtyChanged changed -> changed.from() + " to " + changed.to();
            default -> null;
        };
        record(line(event.at(), event.actorId(), event.actorRole(), event.type(), event.caseId(), "OK", null,
                detail));
    }

    @EventListener
    public void on(RecordUploaded event) {
        record(line(event.at(), event.actorId(), event.actorRole(), "RecordUploaded", event.caseId(), "OK", null,
                "record " + event.recordId() + " sha256 " + event.sha256()));
    }

    @EventListener
    public void on(RecordRecategorised event) {
        record(line(event.at(), event.actorId(), event.actorRole(), "RecordRecategorised", event.caseId(), "OK",
                null, "record " + event.recordId() + " " + event.from() + " to " + event.to()));
    }

    @EventListener
    public void on(RecordDetailsEdited event) {
        record(line(event.at(), event.actorId(), event.actorRole(), "RecordDetailsEdited", event.caseId(), "OK",
                null, "record " + event.recordId() + " " + String.join(", ", event.fields())));
    }

    @EventListener
    public void on(RecordVoided event) {
        record(line(event.at(), event.actorId(), event.actorRole(), "RecordVoided", event.caseId(), "OK", null,
                "record " + event.recordId() + " because: " + event.reason()));
    }

    /** The scanner's answer; no person acted. */
    @EventListener
    public void on(RecordScanned event) {
        record(line(event.at(), null, null, "RecordScanned", event.caseId(), "OK", null, "record "
                + event.recordId() + " " + event.state() + (event.finding() == null ? "" : " " + event.finding())));
    }

    @EventListener
    public void on(ChecklistItemWaived event) {
        record(line(event.at(), event.actorId(), event.actorRole(), "ChecklistItemWaived", event.caseId(), "OK",
                null, "checklist item " + event.itemKey()));
    }

    @EventListener
    public void on(ChecklistWaiverWithdrawn event) {
        record(line(event.at(), event.actorId(), event.actorRole(), "ChecklistWaiverWithdrawn", event.caseId(),
                "OK", null, "checklist item " + event.itemKey()));
    }

    @EventListener
    public void on(OpinionDraftSaved event) {
        record(line(event.at(), event.actorId(), event.actorRole(), "OpinionDraftSaved", event.caseId(), "OK", null,
                "opinion " + event.opinionId() + " version " + event.version()));
    }

    @EventListener
    public void on(OpinionSigned event) {
        record(line(event.at(), event.actorId(), event.actorRole(), "OpinionSigned", event.caseId(), "OK", null,
                "opinion " + event.opinionId() + " sha256 " + event.contentSha256()));
    }

    @EventListener
    public void on(PatientDataRead event) {
        record(line(event.at(), event.actorId(), event.actorRole(), READ, event.caseId(), "OK", null, event.what()));
    }

    /** One entry for a page of a list, naming every case it showed: each case's access log finds it. */
    @EventListener
    public void on(PatientDataListed event) {
        record(line(event.at(), event.actorId(), event.actorRole(), READ, null, "OK", null, event.what())
                .listing(event.caseIds()));
    }

    @EventListener
    public void on(AccountRegistered event) {
        record(line(event.at(), event.accountId(), event.role(), "AccountRegistered", null, "OK", null,
                "privacy notice " + event.privacyNoticeVersion() + ", terms " + event.termsVersion()));
    }

    @EventListener
    public void on(SignedIn event) {
        record(line(event.at(), event.accountId(), event.role(), "SignedIn", null, "OK", null, event.channel()));
    }

    @EventListener
    public void on(SignedOut event) {
        record(line(event.at(), event.accountId(), event.role(), "SignedOut", null, "OK", null, event.channel()));
    }

    /**
     * A failed or slowed-down sign-in, in the attempt's transaction, which commits (it counts the attempt): a
     * transaction of its own would take a second connection per attempt, and a flood of guesses would drain the pool.
     */
    @EventListener
    public void on(SignInFailed event) {
        record(line(event.at(), event.accountId(), event.role(), "SignInFailed", null, "FAILED", event.reason(),
                event.channel()));
    }

    /** In the transaction that did it, or, for a refusal, in one that records the attempt and commits. */
    @EventListener
    public void on(CredentialEvent event) {
        record(line(event.at(), event.accountId(), event.role(), event.what().action(), null,
                event.refused() ? "FAILED" : "OK", event.refusal(), null));
    }

    /** The administrator is the actor; the account acted on is named in the detail. */
    @EventListener
    public void on(AccountAdministered event) {
        String detail = (event.accountId() == null ? "" : "account " + event.accountId())
                + (event.detail() == null ? "" : (event.accountId() == null ? "" : ": ") + event.detail());
        record(line(event.at(), event.actorId(), event.actorRole(), event.what().action(), null,
                event.refused() ? "FAILED" : "OK", event.refusal(), detail.isEmpty() ? null : detail));
    }

    @EventListener
    public void on(PersonalDataExported event) {
        record(line(event.at(), event.accountId(), event.role(), "PersonalDataExported", null, "OK", null,
                event.cases() + " cases"));
    }

    /** The reason is the detail: the patient's access log and the medical directors' review show it. */
    @EventListener
    public void on(BreakGlassOpened event) {
        record(line(event.at(), event.actorId(), event.actorRole(), BREAK_GLASS, event.caseId(), "OK", null,
                event.reason()));
    }

    /** The patient is the actor; the delegate's account, who they are and their rights are in the detail. */
    @EventListener
    public void on(DelegationChanged event) {
        record(line(event.at(), event.patient(), Role.PATIENT, event.what().action(), event.caseId(), "OK", null,
                "account " + event.delegate() + (event.detail() == null ? "" : ": " + event.detail())));
    }

    @EventListener
    public void on(DirectoryChanged event) {
        record(line(event.at(), event.actorId(), event.actorRole(), event.what().action(), null, "OK", null,
                event.detail()));
    }

    /** The administrator or the local operator is the actor; the versions are the detail, never a key. */
    @EventListener
    public void on(MasterKeyRotated event) {
        record(line(event.at(), event.actorId(), event.actorRole(), event.what().action(), null, "OK", null,
                event.detail()));
    }

    @EventListener
    public void on(AdministrativeRead event) {
        record(line(event.at(), event.actorId(), event.actorRole(), "AdministrativeRead", null, "OK", null,
                event.what()));
    }

    /**
     * A refusal rolls its transaction back, so its entry is written once that transaction is over. In a web request
     * that is when the request completes ({@link DenialFlush}), after the request's connection went back to the
     * pool: writing it any earlier would take a second connection per refused request. A refusal outside any
     * transaction (the security layer's) is written at once.
     */
    @EventListener
    public void on(AccessDenied event) {
        Line line = line(event.at(), event.actorId(), event.actorRole(), DENIED, event.caseId(), "DENIED",
                event.rule(), event.action());
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            writeSeparately(List.of(line));
        } else if (request != null) {
            @SuppressWarnings("unchecked")
            List<Line> pending = (List<Line>) request.getAttribute(DenialFlush.PENDING, RequestAttributes.SCOPE_REQUEST);
            if (pending == null) {
                pending = new ArrayList<>();
                request.setAttribute(DenialFlush.PENDING, pending, RequestAttributes.SCOPE_REQUEST);
            }
            pending.add(line);
        } else {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    writeSeparately(List.of(line));
                }
            });
        }
    }

    /** The trail of one case, oldest first. */
    @Transactional
    public List<AuditEntry> ofCase(CaseId caseId) {
        return log.ofCase(caseId);
    }

    /**
     * Who other than the patient looked at the case, for the patient: reads by one person within a minute of each
     * other count as one visit. Anyone but the case's patient is refused.
     */
    @Transactional
    public List<CaseAccess> accessLog(AccessScope scope, CaseId caseId) {
        CaseView c = cases.access(scope, caseId, "read access log");
        cases.enforce(scope, caseId, "read access log", c.decide(CaseAction.READ_ACCESS_LOG));
        Map<UserId, String> names = new HashMap<>();
        // Those the patient let in, then or now: their visits say so.
        Set<UserId> letIn = grants.history(caseId).stream().filter(g -> g.reason() == GrantReason.DELEGATE)
                .map(Grant::account).collect(java.util.stream.Collectors.toSet());
        List<CaseAccess> openings = new ArrayList<>();
        for (AuditEntry opened : log.ofCase(caseId, BREAK_GLASS)) {
            if (opened.actorId() != null && opened.actorRole() != null) {
                openings.add(new CaseAccess(opened.at(), names.computeIfAbsent(opened.actorId(), identity::displayName),
                        opened.actorRole(), false, opened.detail(), List.of()));
            }
        }
        List<CaseAccess> visits = new ArrayList<>();
        AuditEntry previous = null;
        for (AuditEntry read : log.ofCase(caseId, READ)) {
            if (read.actorId() == null || read.actorId().equals(scope.actor().id()) || read.actorRole() == null) {
                continue;
            }
            boolean sameVisit = previous != null && read.actorId().equals(previous.actorId())
                    && Duration.between(previous.at(), read.at()).compareTo(Duration.ofMinutes(1)) < 0;
            List<String> what = read.detail() == null ? List.of() : List.of(read.detail().split(", "));
            if (sameVisit) {
                CaseAccess last = visits.removeLast();
                List<String> merged = new ArrayList<>(last.what());
                what.stream().filter(w -> !merged.contains(w)).forEach(merged::add);
                visits.add(new CaseAccess(last.at(), last.who(), last.role(), last.letIn(), null, merged));
            } else {
                String who = names.computeIfAbsent(read.actorId(), identity::displayName);
                visits.add(new CaseAccess(read.at(), who, read.actorRole(), letIn.contains(read.actorId()), null,
                        what));
            }
            previous = read;
        }
        visits.addAll(openings);
        visits.sort(java.util.Comparator.comparing(CaseAccess::at).reversed());
        return visits;
    }

    /** Checks the whole trail: the chain, the entries against it, and the signed checkpoints. */
    public AuditVerification verify() {
        chainer.chainNow(false);
        return chain.verify();
    }

    /** Adds the line to the current transaction's batch, or writes it at once when there is no transaction. */
    private void record(Line line) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            writeSeparately(List.of(line));
            return;
        }
        Batch batch = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(Batch.class::isInstance)
                .map(Batch.class::cast)
                .findFirst()
                .orElseGet(() -> {
                    Batch created = new Batch();
                    TransactionSynchronizationManager.registerSynchronization(created);
                    return created;
                });
        batch.add(line);
    }

    void writeSeparately(List<Line> lines) {
        separately.executeWithoutResult(status -> log.appendAll(lines));
        chainer.nudge();
    }

    /** A line of this request: the client's address and user agent come from the request, when there is one. */
    private static Line line(java.time.Instant at, @Nullable UserId actorId, @Nullable Role actorRole, String action,
            @Nullable CaseId caseId, String outcome, @Nullable String rule, @Nullable String detail) {
        String address = null;
        String agent = null;
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            address = request.getRemoteAddr();
            agent = printable(request.getHeader("User-Agent"));
        }
        return new Line(at, actorId, actorRole, null, action, caseId, outcome, rule, detail, address, agent,
                List.of());
    }

    /** A user agent as it may be stored: printable characters only, and not longer than a user agent needs. */
    private static @Nullable String printable(@Nullable String userAgent) {
        if (userAgent == null) {
            return null;
        }
        String cleaned = userAgent.codePoints()
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return cleaned.length() > MAX_USER_AGENT ? cleaned.substring(0, MAX_USER_AGENT) : cleaned;
    }

    /**
     * One transaction's audit lines, written in {@code beforeCommit}: still inside the transaction, so a failure to
     * write them rolls the change back. After the commit the chainer is nudged. A synchronization, so a nested
     * transaction gets its own batch.
     */
    private final class Batch implements TransactionSynchronization {

        private final List<Line> lines = new ArrayList<>();

        /**
         * Adds the line; reads of one case by one person in one transaction (a page and its panels) become one line
         * naming everything read, so one page view is one audit entry.
         */
        void add(Line line) {
            if (READ.equals(line.action()) && line.caseId() != null) {
                for (int i = 0; i < lines.size(); i++) {
                    Line earlier = lines.get(i);
                    if (READ.equals(earlier.action()) && line.caseId().equals(earlier.caseId())
                            && Objects.equals(line.actorId(), earlier.actorId())) {
                        lines.set(i, earlier.alsoRead(line.detail()));
                        return;
                    }
                }
            }
            lines.add(line);
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            log.appendAll(lines);
        }

        @Override
        public void afterCommit() {
            chainer.nudge();
        }
    }
}
