package org.consilium.audit;

import java.util.List;
import org.consilium.audit.internal.AuditLog;
import org.consilium.identity.AccessDenied;
import org.consilium.identity.AccountRegistered;
import org.consilium.identity.PatientDataListed;
import org.consilium.identity.PatientDataRead;
import org.consilium.identity.SignedIn;
import org.consilium.intake.CaseEvent;
import org.consilium.records.RecordUploaded;
import org.consilium.review.OpinionDraftSaved;
import org.consilium.review.OpinionSigned;
import org.consilium.shared.CaseId;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the audit trail. Reads and changes are recorded synchronously in the transaction of the request that made
 * them, before its response, so there is no change without its audit row. A denial is recorded after the refused
 * request's transaction has ended, in one of its own, because the refusal rolls the request back.
 */
@Service
public class AuditTrail {

    private final AuditLog log;
    private final TransactionTemplate separately;

    AuditTrail(AuditLog log, PlatformTransactionManager transactions) {
        this.log = log;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    @Transactional
    public void on(CaseEvent event) {
        String detail = switch (event) {
            case CaseEvent.CaseOpened opened -> opened.reference();
            case CaseEvent.CaseOffered offered -> "offered to " + offered.specialistAccount();
            default -> null;
        };
        log.append(event.at(), event.actorId(), event.actorRole(), event.getClass().getSimpleName(), event.caseId(),
                detail);
    }

    @EventListener
    @Transactional
    public void on(RecordUploaded event) {
        log.append(event.at(), event.actorId(), event.actorRole(), "RecordUploaded", event.caseId(),
                "record " + event.recordId() + " sha256 " + event.sha256());
    }

    @EventListener
    @Transactional
    public void on(OpinionDraftSaved event) {
        log.append(event.at(), event.actorId(), event.actorRole(), "OpinionDraftSaved", event.caseId(),
                "opinion " + event.opinionId() + " version " + event.version());
    }

    @EventListener
    @Transactional
    public void on(OpinionSigned event) {
        log.append(event.at(), event.actorId(), event.actorRole(), "OpinionSigned", event.caseId(),
                "opinion " + event.opinionId() + " sha256 " + event.contentSha256());
    }

    @EventListener
    @Transactional
    public void on(PatientDataRead event) {
        log.append(event.at(), event.actorId(), event.actorRole(), "PatientDataRead", event.caseId(), event.what());
    }

    @EventListener
    @Transactional
    public void on(PatientDataListed event) {
        log.appendAll(event.caseIds().stream()
                .map(id -> new AuditLog.Line(event.at(), event.actorId(), event.actorRole(), "PatientDataRead", id,
                        event.what()))
                .toList());
    }

    @EventListener
    @Transactional
    public void on(AccountRegistered event) {
        log.append(event.at(), event.accountId(), event.role(), "AccountRegistered", null,
                "privacy notice " + event.privacyNoticeVersion() + ", terms " + event.termsVersion());
    }

    @EventListener
    @Transactional
    public void on(SignedIn event) {
        log.append(event.at(), event.accountId(), event.role(), "SignedIn", null, event.channel());
    }

    @EventListener
    public void on(AccessDenied event) {
        Runnable write = () -> separately.executeWithoutResult(status -> log.append(event.at(), event.actorId(),
                event.actorRole(), "AccessDenied", event.caseId(), event.action() + ": " + event.rule()));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    write.run();
                }
            });
        } else {
            write.run();
        }
    }

    /** The trail of one case, oldest first. */
    @Transactional
    public List<AuditEntry> ofCase(CaseId caseId) {
        return log.ofCase(caseId);
    }

    /** The sequence number of the first row that breaks the chain, or -1 when every link holds. */
    @Transactional
    public long verify() {
        return log.firstBrokenLink();
    }
}
