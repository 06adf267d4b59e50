package org.consilium.records;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.consilium.identity.DelegateRight;
import org.consilium.identity.GrantReason;
import org.consilium.identity.Role;
import org.consilium.intake.CaseAction;
import org.consilium.intake.CaseStatus;
import org.consilium.intake.CaseView;
import org.consilium.shared.Decision;
import org.consilium.shared.OfferedAction;
import org.jspecify.annotations.Nullable;

/**
 * Who may do what with a case's records, decided from the caller's relation to the case as intake's
 * {@link org.consilium.intake.CasePolicy} resolved it, and the case's state.
 */
public final class RecordPolicy {

    /** While the case is gathering its file, records can be added. */
    static final Set<CaseStatus> OPEN_FOR_RECORDS = EnumSet.of(CaseStatus.DRAFT, CaseStatus.SUBMITTED,
            CaseStatus.COLLECTING_RECORDS);

    private RecordPolicy() {
    }

    /** What can be done with a case's records. */
    public enum RecordAction implements OfferedAction {
        /** The list of records: category, date, type and size. Anyone who sees the case sees it. */
        READ_LIST(null),
        /** File names, which often name the patient: for whoever may know who the patient is. */
        READ_NAMES(null),
        READ_CONTENT("readRecords"),
        UPLOAD("uploadRecord"),
        /**
         * Changing a record's details (category, date of service, description, origin). Whoever added the record, or
         * the case's coordinator, while records may be added: the details decide what the coordinator judges
         * complete, and once the case is ready for matching the specialist decides on the file as it stands. On a
         * case, allowed when the caller may edit records it added.
         */
        EDIT("editRecord"),
        /** Voiding a record with a reason: same people, same time as {@link #EDIT}. Nothing is deleted. */
        VOID("voidRecord"),
        /**
         * The records checklist, with the coordinator's waivers and their reasons: for those who read the records
         * themselves.
         */
        READ_CHECKLIST(null),
        /** Waiving an item of the records checklist, or withdrawing a waiver: the case's coordinator's call. */
        WAIVE_CHECKLIST_ITEM("waiveChecklistItem");

        private final @Nullable String wireName;

        RecordAction(@Nullable String wireName) {
            this.wireName = wireName;
        }

        @Override
        public @Nullable String wireName() {
            return wireName;
        }
    }

    public static Decision decide(CaseView c, RecordAction action) {
        return c.decide(CaseAction.READ).and(() -> switch (action) {
            case READ_LIST -> Decision.allowed();
            case READ_NAMES -> c.decide(CaseAction.READ_PATIENT_IDENTITY);
            case READ_CONTENT -> onCareTeam(c) ? Decision.allowed()
                    : Decision.forbidden(c.relation().is(Role.SPECIALIST)
                            ? "accept the offer before reading the records' content"
                            : "only the patient, those they let in, the case's coordinator and the reviewing "
                                    + "specialist can read the records' content");
            case UPLOAD -> whileGathering(c, "add records", "records can be added");
            case EDIT -> whileGathering(c, "edit a record", "a record's details can be changed");
            case VOID -> whileGathering(c, "void a record", "records can be voided");
            case READ_CHECKLIST -> onCareTeam(c) ? Decision.allowed()
                    : Decision.forbidden(c.relation().is(Role.SPECIALIST)
                            ? "accept the offer before reading the records checklist"
                            : "only the patient, those they let in, the case's coordinator and the reviewing "
                                    + "specialist can read the records checklist");
            case WAIVE_CHECKLIST_ITEM -> (c.relation().is(Role.COORDINATOR)
                    && c.relation().holds(GrantReason.COORDINATOR) ? Decision.allowed()
                    : Decision.forbidden("only the case's coordinator can waive an item of the records checklist"))
                    .and(() -> c.status() == CaseStatus.COLLECTING_RECORDS ? Decision.allowed()
                            : Decision.wrongState("the records checklist can be changed only while the case is "
                                    + "collecting records; this case is "
                                    + c.status().label().toLowerCase(Locale.ROOT)));
        });
    }

    /**
     * What the caller may do with this record of the case: the case's rule, then the record's. Editing and voiding
     * are for whoever added the record and the case's coordinator, and not on a voided record; the content is served
     * only when the scan allows (never while pending, never when infected) and, once voided, to the case's
     * coordinator alone, who sorts out what was filed wrongly (a voided record is often another patient's).
     */
    public static Decision decide(CaseView c, RecordAction action, MedicalRecord r) {
        return switch (action) {
            case READ_LIST, READ_NAMES, UPLOAD, READ_CHECKLIST, WAIVE_CHECKLIST_ITEM -> decide(c, action);
            case READ_CONTENT -> decide(c, action).and(() -> serving(c, r));
            case EDIT, VOID -> c.decide(CaseAction.READ).and(() -> source(c) == null || !(coordinates(c)
                    || r.uploadedBy().equals(c.relation().actor().id()))
                    ? Decision.forbidden("only whoever added the record and the case's coordinator can "
                            + (action == RecordAction.EDIT ? "edit it" : "void it"))
                    : decide(c, action)).and(() -> r.voided()
                    ? Decision.wrongState("the record is voided; a voided record cannot be "
                            + (action == RecordAction.EDIT ? "edited" : "voided again"))
                    : Decision.allowed());
        };
    }

    /** Whether the record's content may go out to this caller, who may read the case's records. */
    private static Decision serving(CaseView c, MedicalRecord r) {
        return switch (r.scanState()) {
            case INFECTED -> Decision.wrongState("this file was found to contain malware and is held back: "
                    + "nobody can open it; please add a clean copy");
            case PENDING -> Decision.wrongState("this file is still being checked for malware; it can be opened "
                    + "once the check is done, usually within a minute");
            case UNSCANNED, CLEAN, UNSCANNABLE -> r.voided() && !coordinates(c)
                    ? Decision.wrongState("this record was voided (" + java.util.Objects.requireNonNull(r.voiding())
                            .reason() + "); its content is no longer shown")
                    : Decision.allowed();
        };
    }

    /** The record actions the caller may take on this record now, by their wire names. */
    public static List<String> recordActionNames(CaseView c, MedicalRecord r) {
        return OfferedAction.allowedNames(new RecordAction[] {RecordAction.READ_CONTENT, RecordAction.EDIT,
                RecordAction.VOID}, a -> decide(c, a, r).isAllowed());
    }

    /** The case's coordinator. */
    private static boolean coordinates(CaseView c) {
        return c.relation().is(Role.COORDINATOR) && c.relation().holds(GrantReason.COORDINATOR);
    }

    /** The patient or the case's coordinator, while the case's file is being gathered. */
    private static Decision whileGathering(CaseView c, String verb, String what) {
        return source(c) == null
                ? Decision.forbidden("only the patient, the case's coordinator, or someone the patient allowed to "
                        + "add records can " + verb)
                : OPEN_FOR_RECORDS.contains(c.status()) ? Decision.allowed()
                        : Decision.wrongState(what + " only while a case is a draft, submitted or collecting "
                                + "records; this case is " + c.status().label().toLowerCase(Locale.ROOT));
    }

    /** The record actions the caller may take now, by their wire names. */
    public static List<String> allowedActionNames(CaseView c) {
        return OfferedAction.allowedNames(RecordAction.values(), a -> decide(c, a).isAllowed());
    }

    /** How a record the caller adds reaches the case, or null when the caller may not add records. */
    static @Nullable RecordSource source(CaseView c) {
        if (c.relation().is(Role.PATIENT) && c.relation().holds(GrantReason.OWNER)) {
            return RecordSource.PATIENT_UPLOAD;
        }
        if (c.relation().is(Role.COORDINATOR) && c.relation().holds(GrantReason.COORDINATOR)) {
            return RecordSource.COORDINATOR_UPLOAD;
        }
        if (c.relation().delegated(DelegateRight.UPLOAD_RECORDS)) {
            return RecordSource.DELEGATE_UPLOAD;
        }
        return null;
    }

    /**
     * The patient, the case's coordinator, the reviewing specialist and those the patient let in (every delegate
     * views the case): who reads the records themselves.
     */
    private static boolean onCareTeam(CaseView c) {
        return c.relation().holds(GrantReason.OWNER) || c.relation().holds(GrantReason.COORDINATOR)
                || c.relation().holds(GrantReason.ASSIGNED) || c.relation().delegated(DelegateRight.VIEW)
                || c.relation().holds(GrantReason.BREAK_GLASS);
    }
}
