package org.consilium.records.internal.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.consilium.identity.Actor;
import org.consilium.records.MedicalRecord;
import org.consilium.records.RecordId;
import org.consilium.records.RecordSource;
import org.consilium.records.RecordUploaded;
import org.consilium.records.internal.EncryptedBlobs;
import org.consilium.records.internal.FileNames;
import org.consilium.records.internal.FileScreening;
import org.consilium.records.internal.RecordStore;
import org.consilium.records.internal.Verdict;
import org.consilium.records.internal.imports.ParsedImport.Attachment;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.Sha256;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Imported records: an upload that is a FHIR R4 bundle or a C-CDA document becomes structured data of its case
 * besides the record itself. The upload calls it twice: {@link #prepare} after screening, outside any transaction
 * (parsing, and screening and encrypting the documents the bundle carries, is the slow part), and {@link #store} in
 * the transaction that inserts the record.
 *
 * <p>Everything is read from memory: the upload's bytes, under {@link ImportParser#MAX_IMPORT_BYTES}; nothing is written to disk
 * but the encrypted blobs of the carried documents.
 */
@Component
public class ClinicalImport {

    private final ImportParser parser = new ImportParser();
    private final FileScreening screening;
    private final EncryptedBlobs blobs;
    private final RecordStore records;
    private final ClinicalStore clinical;
    private final ApplicationEventPublisher events;

    ClinicalImport(FileScreening screening, EncryptedBlobs blobs, RecordStore records, ClinicalStore clinical,
            ApplicationEventPublisher events) {
        this.screening = screening;
        this.blobs = blobs;
        this.records = records;
        this.clinical = clinical;
        this.events = events;
    }

    /** An import ready to store: what the document held, and the carried documents screened and encrypted. */
    public record Prepared(ParsedImport parsed, List<PreparedDocument> documents, Map<String, Integer> skipped) {

        public Prepared {
            documents = List.copyOf(documents);
            skipped = Map.copyOf(skipped);
        }

        /** The bytes the carried documents add to the case. */
        public long documentBytes() {
            return documents.stream().mapToLong(d -> d.attachment().content().length).sum();
        }
    }

    /** A carried document that passed screening, with its blob written and not yet registered. */
    public record PreparedDocument(Attachment attachment, Verdict.Accepted file, String sha256,
            EncryptedBlobs.PreparedBlob blob) {
    }

    /**
     * What the upload holds to import, if it is a FHIR R4 bundle or a C-CDA document; empty for any other file.
     *
     * @param contentType the type screening detected from the bytes
     * @throws InvalidInputException on the field {@code file}, when the document cannot be read as what it says it
     *     is (with the line, column and reason) or is larger than {@link ImportParser#MAX_IMPORT_BYTES}
     */
    public Optional<ParsedImport> parse(byte[] content, String contentType) {
        return parser.parse(content, contentType);
    }

    /**
     * Parses the upload (see {@link #parse}) and prepares the documents it carries: each is screened like an upload
     * and, if accepted, encrypted and written; one that is refused is left out, with the reason, in what was not
     * imported.
     */
    public Optional<Prepared> prepare(byte[] content, String contentType) {
        return parse(content, contentType).map(parsed -> {
            Map<String, Integer> skipped = new TreeMap<>(parsed.skipped());
            List<PreparedDocument> documents = new ArrayList<>();
            for (Attachment attachment : parsed.attachments()) {
                switch (screening.screen(attachment.content(), FileNames.normalise(attachment.title()))) {
                    case Verdict.Accepted file -> {
                        String sha256 = Sha256.hex(attachment.content());
                        documents.add(new PreparedDocument(attachment, file, sha256,
                                blobs.prepare(attachment.content(), sha256)));
                    }
                    case Verdict.Refused refused -> skipped.merge("DocumentReference document refused: "
                            + refused.reason(), 1, Integer::sum);
                }
            }
            return new Prepared(parsed, documents, skipped);
        });
    }

    /**
     * Stores what the imported record held, in the transaction that inserts it: its structured data, and each
     * carried document as a record of the case ({@link RecordSource#FHIR_IMPORT}), announced like any upload.
     *
     * @return the records made of the carried documents
     */
    public List<MedicalRecord> store(MedicalRecord imported, Prepared prepared, Actor actor, Instant now) {
        clinical.insert(imported.caseId(), imported.id(), prepared.parsed(), prepared.skipped(), now);
        List<MedicalRecord> added = new ArrayList<>();
        for (PreparedDocument document : prepared.documents()) {
            UUID blobId = blobs.findInCase(imported.caseId().value(), document.sha256())
                    .orElseGet(() -> blobs.register(document.blob(), now));
            Attachment attachment = document.attachment();
            MedicalRecord record = new MedicalRecord(RecordId.random(), imported.caseId(), attachment.category(),
                    RecordSource.FHIR_IMPORT, document.file().filename(), document.file().contentType(),
                    attachment.content().length, document.sha256(), attachment.dateOfService(), actor.id(), now);
            records.insert(record, blobId);
            clinical.insertDocument(imported.caseId(), record.id(), imported.id(), attachment.reference());
            events.publishEvent(new RecordUploaded(record.caseId(), record.id(), record.category(), record.sha256(),
                    actor.id(), actor.role(), now));
            added.add(record);
        }
        return added;
    }
}
