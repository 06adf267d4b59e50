package org.consilium.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.consilium.audit.internal.AuditLog;
import org.consilium.audit.internal.AuditLog.Line;
import org.consilium.identity.AccessDenied;
import org.consilium.identity.AccessScope;
import org.consilium.identity.Actor;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.AccountRegistered;
import org.consilium.identity.PatientDataListed;
import org.consilium.identity.PatientDataRead;
import org.consilium.identity.SignedIn;
import org.consilium.intake.CaseEvent;
import org.consilium.intake.CaseAction;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.records.RecordUploaded;
import org.consilium.review.OpinionDraftSaved;
import org.consilium.review.OpinionSigned;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
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

/**
 * Writes the audit trail. Reads and changes are collected in the transaction of the request that made them and
 * chained just before it commits, in the same transaction: there is no change without its audit row, every row is
 * written before the response, and the chain's lock is held only for the moment of the commit, not for the whole
 * request. A denial is recorded after the refused request's transaction has ended, in one of its own, because the
 * refusal rolls the request back.
 */
@Service
public class AuditTrail {

    /** The action of a read of patient data. */
    static final String READ = "PatientDataRead";

    private final AuditLog log;
    private final CaseManagement cases;
    private final IdentityManagement identity;
    private final TransactionTemplate separately;

    AuditTrail(AuditLog log, CaseManagement cases, IdentityManagement identity,
            PlatformTransactionManager transactions) {
        this.log = log;
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
            default -> null;
        };
        record(new Line(event.at(), event.actorId(), event.actorRole(), event.getClass().getSimpleName(),
                event.caseId(), detail));
    }

    @EventListener
    public void on(RecordUploaded event) {
        record(new Line(event.at(), event.actorId(), event.actorRole(), "RecordUploaded", event.caseId(),
                "record " + event.recordId() + " sha256 " + event.sha256()));
    }

    @EventListener
    public void on(OpinionDraftSaved event) {
        record(new Line(event.at(), event.actorId(), event.actorRole(), "OpinionDraftSaved", event.caseId(),
                "opinion " + event.opinionId() + " version " + event.version()));
    }

    @EventListener
    public void on(OpinionSigned event) {
        record(new Line(event.at(), event.actorId(), event.actorRole(), "OpinionSigned", event.caseId(),
                "opinion " + event.opinionId() + " sha256 " + event.contentSha256()));
    }

    @EventListener
    public void on(PatientDataRead event) {
        record(new Line(event.at(), event.actorId(), event.actorRole(), READ, event.caseId(), event.what()));
    }

    @EventListener
    public void on(PatientDataListed event) {
        event.caseIds().forEach(id -> record(new Line(event.at(), event.actorId(), event.actorRole(), READ, id,
                event.what())));
    }

    @EventListener
    public void on(AccountRegistered event) {
        record(new Line(event.at(), event.accountId(), event.role(), "AccountRegistered", null,
                "privacy notice " + event.privacyNoticeVersion() + ", terms " + event.termsVersion()));
    }

    @EventListener
    public void on(SignedIn event) {
        record(new Line(event.at(), event.accountId(), event.role(), "SignedIn", null, event.channel()));
    }

    /**
     * A refusal rolls its transaction back, so its row is written once that transaction is over. In a web request
     * that is when the request completes ({@link DenialFlush}), after the request's connection went back to the
     * pool: writing it any earlier would take a second connection per refused request.
     */
    @EventListener
    public void on(AccessDenied event) {
        Line line = new Line(event.at(), event.actorId(), event.actorRole(), "AccessDenied", event.caseId(),
                event.action() + ": " + event.rule());
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            @SuppressWarnings("unchecked")
            List<Line> pending = (List<Line>) request.getAttribute(DenialFlush.PENDING, RequestAttributes.SCOPE_REQUEST);
            if (pending == null) {
                pending = new ArrayList<>();
                request.setAttribute(DenialFlush.PENDING, pending, RequestAttributes.SCOPE_REQUEST);
            }
            pending.add(line);
        } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    writeSeparately(List.of(line));
                }
            });
        } else {
            writeSeparately(List.of(line));
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
        List<CaseAccess> visits = new ArrayList<>();
        AuditEntry previous = null;
        for (AuditEntry read : log.ofCase(caseId, READ)) {
            if (read.actorId() == null || read.actorId().equals(scope.actor().id()) || read.actorRole() == null) {
                continue;
            }
            boolean sameVisit = previous != null && previous.actorId().equals(read.actorId())
                    && Duration.between(previous.at(), read.at()).compareTo(Duration.ofMinutes(1)) < 0;
            if (sameVisit) {
                CaseAccess last = visits.removeLast();
                List<String> what = new ArrayList<>(last.what());
                if (!what.contains(read.detail())) {
                    what.add(read.detail());
                }
                visits.add(new CaseAccess(last.at(), last.who(), last.role(), what));
            } else {
                String who = names.computeIfAbsent(read.actorId(),
                        id -> identity.actor(id).map(Actor::displayName).orElse("a former account"));
                visits.add(new CaseAccess(read.at(), who, read.actorRole(),
                        read.detail() == null ? List.of() : List.of(read.detail())));
            }
            previous = read;
        }
        return visits.reversed();
    }

    /** The sequence number of the first row that breaks the chain, or -1 when every link holds. */
    @Transactional
    public long verify() {
        return log.firstBrokenLink();
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
    }

    /**
     * One transaction's audit lines, chained in {@code beforeCommit}: still inside the transaction, so a failure to
     * write them rolls the change back. A synchronization, so a nested transaction gets its own batch.
     */
    private final class Batch implements TransactionSynchronization {

        private final List<Line> lines = new ArrayList<>();

        /**
         * Adds the line; reads of one case by one person in one transaction (a page and its panels) become one line
         * naming everything read, so one page view is one audit row.
         */
        void add(Line line) {
            if (READ.equals(line.action()) && line.caseId() != null) {
                for (int i = 0; i < lines.size(); i++) {
                    Line earlier = lines.get(i);
                    if (READ.equals(earlier.action()) && line.caseId().equals(earlier.caseId())
                            && java.util.Objects.equals(line.actorId(), earlier.actorId())) {
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
    }
}
