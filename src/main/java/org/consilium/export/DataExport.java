package org.consilium.export;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.consilium.audit.AuditTrail;
import org.consilium.audit.CaseAccess;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccountProfile;
import org.consilium.identity.GrantReason;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.PersonalDataExported;
import org.consilium.identity.StepUp;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CasePage;
import org.consilium.intake.CaseSummary;
import org.consilium.intake.CaseTransition;
import org.consilium.intake.CaseView;
import org.consilium.records.MedicalRecord;
import org.consilium.records.RecordDownload;
import org.consilium.records.RecordManagement;
import org.consilium.review.Opinion;
import org.consilium.review.ReviewManagement;
import org.consilium.shared.CaseId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's data, as one zip: their profile, and for each case they opened its details and questions, timeline,
 * records (their content as uploaded), signed opinion and access log, with {@code manifest.json} last, listing every
 * other file with its size and SHA-256. Downloading it is a guarded action (step-up) and audited; every read in it is
 * decided and audited by the module that owns the data, as the caller's own.
 */
@Service
public class DataExport {

    /** The manifest's format, for whoever reads an export later. */
    public static final String FORMAT = "consilium-export/1";

    private final IdentityManagement identity;
    private final CaseManagement cases;
    private final RecordManagement records;
    private final ReviewManagement review;
    private final AuditTrail audit;
    private final StepUp stepUp;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    DataExport(IdentityManagement identity, CaseManagement cases, RecordManagement records, ReviewManagement review,
            AuditTrail audit, StepUp stepUp, ApplicationEventPublisher events, TransactionTemplate transactions,
            Clock clock) {
        this.identity = identity;
        this.cases = cases;
        this.records = records;
        this.review = review;
        this.audit = audit;
        this.stepUp = stepUp;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** An export ready to be written: the caller's scope, checked, and the cases they opened. */
    public static final class Prepared {

        private final AccessScope scope;
        private final List<CaseId> cases;

        private Prepared(AccessScope scope, List<CaseId> cases) {
            this.scope = scope;
            this.cases = cases;
        }
    }

    /**
     * Checks that the caller may download their data now (an authentication a few minutes old), finds the cases they
     * opened (not those others let them into: those are the other people's data), and records the download.
     *
     * @throws org.consilium.identity.StepUpRequiredException when the caller authenticated longer ago
     */
    public Prepared prepare(AccessScope scope) {
        stepUp.require(scope, "Downloading all your data");
        List<CaseId> owned = new ArrayList<>();
        CasePage.Cursor after = null;
        // Only a patient opens cases; staff lists (a coordinator's triage pool) hold other people's.
        boolean more = scope.actor().is(org.consilium.identity.Role.PATIENT);
        while (more) {
            CasePage page = cases.list(scope, after, CasePage.MAX_LIMIT, true);
            for (CaseSummary summary : page.items()) {
                owned.add(summary.id());
            }
            after = CasePage.Cursor.decode(page.nextCursor());
            more = after != null;
        }
        List<CaseId> theirs = owned.stream().filter(id -> cases.access(scope, id, "export data").relation()
                .holds(GrantReason.OWNER)).toList();
        transactions.executeWithoutResult(status -> events.publishEvent(new PersonalDataExported(
                scope.actor().id(), scope.actor().role(), theirs.size(), clock.instant())));
        return new Prepared(scope, theirs);
    }

    /** Writes the zip to {@code out}, file by file; nothing is held whole in memory but one record's content. */
    public void write(Prepared export, OutputStream out) throws IOException {
        Instant generatedAt = clock.instant();
        List<Map<String, Object>> files = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            AccountProfile profile = identity.profile(export.scope);
            entry(zip, files, "profile.json", json(profileOf(profile)));
            for (CaseId id : export.cases) {
                writeCase(zip, files, export.scope, id);
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", FORMAT);
            manifest.put("generatedAt", generatedAt.toString());
            manifest.put("account", profile.email());
            manifest.put("cases", export.cases.size());
            manifest.put("files", files);
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(json(manifest));
            zip.closeEntry();
        }
    }

    private void writeCase(ZipOutputStream zip, List<Map<String, Object>> files, AccessScope scope, CaseId id)
            throws IOException {
        record Read(CaseView c, List<CaseTransition> timeline, RecordManagement.RecordList records,
                java.util.Optional<Opinion> opinion) {
        }
        Read read = cases.inOneRead(() -> {
            CaseView c = cases.find(scope, id);
            return new Read(c, cases.timeline(scope, c), records.list(scope, c), review.opinion(scope, c));
        });
        String folder = "cases/" + read.c().reference() + "/";
        entry(zip, files, folder + "case.json", json(caseOf(read.c())));
        entry(zip, files, folder + "timeline.json", json(read.timeline().stream().map(DataExport::transitionOf)
                .toList()));
        List<Map<String, Object>> recordIndex = new ArrayList<>();
        int n = 0;
        for (MedicalRecord record : read.records().records()) {
            if (!read.records().mayOn(record.id(), "readRecords")) {
                // Voided, held back as malware, or still being checked: listed, its content not included.
                Map<String, Object> listed = recordOf(record, null);
                listed.put("contentNotIncluded", record.voided() ? "voided" : "scan " + record.scanState().name()
                        .toLowerCase(java.util.Locale.ROOT));
                recordIndex.add(listed);
                continue;
            }
            n++;
            RecordDownload content = records.download(scope, id, record.id());
            String path = folder + "records/" + String.format("%02d", n) + "-" + ExportNames.safe(record.filename());
            // Streamed from the vault a segment at a time: a case of large scans never sits in memory.
            try (java.io.InputStream in = content.open().get()) {
                entry(zip, files, path, in);
            }
            recordIndex.add(recordOf(record, path));
        }
        entry(zip, files, folder + "records.json", json(recordIndex));
        if (read.opinion().isPresent()) {
            entry(zip, files, folder + "opinion.json", json(opinionOf(read.opinion().get())));
        }
        entry(zip, files, folder + "access-log.json", json(audit.accessLog(scope, id).stream()
                .map(DataExport::visitOf).toList()));
    }

    private static void entry(ZipOutputStream zip, List<Map<String, Object>> files, String path, byte[] bytes)
            throws IOException {
        entry(zip, files, path, new java.io.ByteArrayInputStream(bytes));
    }

    /** Writes one file into the zip as it is read, and lists it for the manifest with its length and SHA-256. */
    private static void entry(ZipOutputStream zip, List<Map<String, Object>> files, String path,
            java.io.InputStream content) throws IOException {
        zip.putNextEntry(new ZipEntry(path));
        MessageDigest sha256 = sha256();
        long length;
        try (DigestOutputStream digesting = new DigestOutputStream(new NonClosing(zip), sha256)) {
            length = content.transferTo(digesting);
        }
        zip.closeEntry();
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("path", path);
        file.put("bytes", length);
        file.put("sha256", HexFormat.of().formatHex(sha256.digest()));
        files.add(file);
    }

    private byte[] json(Object value) {
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> profileOf(AccountProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", p.email());
        m.put("displayName", p.displayName());
        m.put("role", p.role().name());
        m.put("createdAt", p.createdAt().toString());
        m.put("emailVerifiedAt", p.emailVerifiedAt() == null ? null : p.emailVerifiedAt().toString());
        m.put("privacyNoticeVersion", p.privacyNoticeVersion());
        m.put("termsVersion", p.termsVersion());
        m.put("acceptedAt", p.acceptedAt().toString());
        m.put("twoStepSignIn", p.secondFactor());
        return m;
    }

    private static Map<String, Object> caseOf(CaseView c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id().toString());
        m.put("reference", c.reference());
        m.put("status", c.status().name());
        m.put("openedAt", c.openedAt().toString());
        m.put("submittedAt", c.submittedAt().map(Instant::toString).orElse(null));
        m.put("details", c.details());
        m.put("questions", c.questions().stream().map(q -> {
            Map<String, Object> question = new LinkedHashMap<>();
            question.put("id", q.id().toString());
            question.put("kind", q.kind().name());
            question.put("text", q.text());
            return question;
        }).toList());
        return m;
    }

    private static Map<String, Object> transitionOf(CaseTransition t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", t.at().toString());
        m.put("event", t.event());
        m.put("byRole", t.actorRole().name());
        m.put("status", t.status().name());
        m.put("note", t.note());
        return m;
    }

    private static Map<String, Object> recordOf(MedicalRecord r, @org.jspecify.annotations.Nullable String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", path);
        m.put("filename", r.filename());
        m.put("category", r.category().name());
        m.put("source", r.source().name());
        m.put("contentType", r.contentType());
        m.put("bytes", r.size());
        m.put("sha256", r.sha256());
        m.put("dateOfService", r.dateOfService() == null ? null : r.dateOfService().toString());
        m.put("uploadedAt", r.uploadedAt().toString());
        return m;
    }

    private static Map<String, Object> opinionOf(Opinion o) {
        Map<String, Object> m = new LinkedHashMap<>();
        var c = o.content();
        m.put("status", o.status().name());
        m.put("diagnosisAssessment", c.diagnosisAssessment() == null ? null : c.diagnosisAssessment().name());
        m.put("revisedDiagnosis", c.revisedDiagnosis());
        m.put("planRecommendation", c.planRecommendation() == null ? null : c.planRecommendation().name());
        m.put("recommendedPlan", c.recommendedPlan());
        Map<String, String> answers = new LinkedHashMap<>();
        c.answers().forEach((question, text) -> answers.put(question.toString(), text));
        m.put("answers", answers);
        m.put("furtherTests", c.furtherTests());
        m.put("patientSummary", c.patientSummary());
        o.signature().ifPresent(s -> {
            Map<String, Object> signature = new LinkedHashMap<>();
            signature.put("signer", s.signerName());
            signature.put("signedAt", s.signedAt().toString());
            signature.put("authenticationMethod", s.authenticationMethod());
            signature.put("contentSha256", s.contentSha256());
            signature.put("signature", s.signatureBase64());
            signature.put("keyId", s.keyId());
            signature.put("verificationCode", s.verificationCode());
            m.put("signature", signature);
        });
        return m;
    }

    private static Map<String, Object> visitOf(CaseAccess v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", v.at().toString());
        m.put("who", v.who());
        m.put("role", v.role().name());
        m.put("letIn", v.letIn());
        m.put("emergency", v.emergency());
        m.put("what", v.what());
        return m;
    }

    /** Lets an entry's digest stream be closed without closing the zip around it. */
    private static final class NonClosing extends java.io.FilterOutputStream {

        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
