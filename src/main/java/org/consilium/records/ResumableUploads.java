package org.consilium.records;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.consilium.identity.AccessScope;
import org.consilium.records.internal.BackgroundDigest;
import org.consilium.records.internal.FileNames;
import org.consilium.records.internal.FileScreening;
import org.consilium.records.internal.EncryptedBlobs;
import org.consilium.records.internal.PartialBlob;
import org.consilium.records.internal.PartialBlobs;
import org.consilium.records.internal.Uploads;
import org.consilium.records.internal.Uploads.Upload;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.FieldLabels;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.ResumableUploadException;
import org.consilium.shared.ResumableUploadException.Kind;
import org.consilium.shared.Sha256;
import org.consilium.shared.StorageFullException;
import org.consilium.shared.TooManyUnderWayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records uploaded over many requests, as the tus 1.0 protocol sends them: created with their length and what they
 * are for, then appended to from where the last request stopped, on any app instance, until every byte is in; then
 * checked and stored as a record like any upload.
 *
 * <p>Bytes are hashed, looked at and encrypted as they arrive ({@link PartialBlob}); nothing is ever held whole in
 * memory nor written to disk in the clear. The first bytes are screened for programs at once. An upload belongs to the
 * account that created it: to anyone else it does not exist. Each request checks again that the account may still
 * add records to the case.
 */
@Service
public class ResumableUploads {

    /** How long a request holds an upload against others; renewed while its bytes flow. */
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration RENEWAL = Duration.ofSeconds(10);
    /** How much of an upload's start is screened before the rest comes in. */
    private static final int HEAD = 4096;
    /** How long the outcome of a finished upload can still be asked for. */
    static final Duration KEPT = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(ResumableUploads.class);

    private final RecordManagement records;
    private final Uploads uploads;
    private final PartialBlobs parts;
    private final EncryptedBlobs blobs;
    private final FileScreening screening;
    private final UploadSettings settings;
    private final Clock clock;
    private final TransactionTemplate transactions;
    /** Package-private so that a test can lose them, as a restart does. */
    final Hashes hashes = new Hashes();

    ResumableUploads(RecordManagement records, Uploads uploads, PartialBlobs parts, EncryptedBlobs blobs,
            FileScreening screening, UploadSettings settings, Clock clock,
            PlatformTransactionManager transactionManager) {
        this.records = records;
        this.uploads = uploads;
        this.parts = parts;
        this.blobs = blobs;
        this.screening = screening;
        this.settings = settings;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Where an upload is. */
    public enum State {
        /** Bytes are still to come. */
        RECEIVING,
        /** Every byte is in; the file is being checked. */
        CHECKING,
        /** The file became a record. */
        STORED,
        /** The file was refused; the refusal says why. */
        REFUSED,
        /** Its owner ended it before it was finished. */
        ENDED,
        /** Nobody added to it for too long; its bytes are gone. */
        EXPIRED
    }

    /** What its owner may know of an upload. */
    public record UploadStatus(UUID id, CaseId caseId, String filename, long length, long offset, State state,
            Instant expiresAt, @Nullable String refusal, @Nullable RecordId recordId) {
    }

    /** The largest file one upload may bring. */
    public long maxFileSize() {
        return settings.maxFileSize().toBytes();
    }

    /**
     * Starts an upload of {@code length} bytes for a case, with the tus metadata keys {@code caseId},
     * {@code category}, {@code filename}, {@code filetype} and, optionally, {@code dateOfService}.
     *
     * @throws NotFoundException when the caller cannot see the case
     * @throws StorageFullException when the file is over the size limit or the case has no room for it
     */
    public UploadStatus create(AccessScope scope, long length, Map<String, String> metadata) {
        String caseText = Check.trimToNull(metadata.get("caseId"));
        if (caseText == null) {
            throw new InvalidInputException("caseId", "caseId is required in Upload-Metadata");
        }
        CaseId caseId = CaseId.parse(caseText);
        return Objects.requireNonNull(transactions.execute(status -> {
            records.uploadable(scope, caseId);
            Check check = new Check();
            RecordCategory category = check.oneOf("category", metadata.get("category"), RecordCategory.class, true);
            String given = Check.trimToNull(metadata.get("filename"));
            String name = given == null ? null : FileNames.normalise(given);
            check.that(name != null, "filename", FieldLabels.of("file") + " name is required")
                    .that(name == null || FileNames.length(name) <= FileNames.MAX_LENGTH, "filename",
                            Check.FILE_NAME_TOO_LONG)
                    .that(length > 0, "file", "the file is empty (0 bytes)");
            LocalDate dateOfService = check.date("dateOfService", metadata.get("dateOfService"), "2026-11-02");
            check.orThrow();
            long limit = maxFileSize();
            if (length > limit) {
                throw new StorageFullException("file-too-large", "the file (" + RecordManagement.inWords(length)
                        + ") is larger than the " + RecordManagement.inWords(limit) + " one file may be; nothing was "
                        + "stored", length, limit);
            }
            records.ensureRoom(caseId, length, false);
            Instant now = clock.instant();
            if (uploads.unfinished(scope.actor().id(), now) >= settings.unfinishedPerAccount()) {
                throw new TooManyUnderWayException("too-many-unfinished-uploads", "you have "
                        + settings.unfinishedPerAccount() + " unfinished uploads; finish or cancel some of them "
                        + "first, or wait a day for abandoned ones to lapse", Duration.ofMinutes(10));
            }
            PartialBlobs.Started blob;
            try {
                blob = parts.begin();
            } catch (java.io.UncheckedIOException e) {
                log.warn("Could not start an upload's blob in storage: {}", e.toString());
                throw storageFailed(0);
            }
            Upload upload = new Upload(UUID.randomUUID(), caseId, scope.actor().id(),
                    Objects.requireNonNull(category), Objects.requireNonNull(name),
                    Check.trimToNull(metadata.get("filetype")), dateOfService, length, blob.id(), blob.keyVersion(),
                    blob.wrappedKey(),
                    blob.keyNonce(), blob.storageKey(), blob.handle(),
                    new PartialBlobs.Progress(0, 0, 0, null, null), now, now.plus(settings.expiry()), "receiving",
                    null, null);
            uploads.insert(upload);
            return statusOf(upload);
        }));
    }

    /** Where the caller's upload is. */
    public UploadStatus status(AccessScope scope, UUID id) {
        Upload upload = owned(scope, id);
        UUID lease = UUID.randomUUID();
        if (upload.state().equals("checking") && uploads.lease(id, lease, clock.instant(),
                clock.instant().plus(LEASE))) {
            // Its last request died while it was being checked: finish it now, for its owner.
            return finish(scope, upload, lease);
        }
        return statusOf(upload);
    }

    /** A checksum of one request's bytes, as tus sends it ({@code Upload-Checksum: sha256 <base64>}). */
    public record Checksum(String algorithm, byte[] digest) {

        public Checksum {
            digest = digest.clone();
        }

        /** Parses the header, refusing algorithms other than SHA-256 and malformed values. */
        public static Checksum parse(String header) {
            String[] parts = header.trim().split(" ", 2);
            if (parts.length != 2 || !parts[0].equalsIgnoreCase("sha256")) {
                throw new InvalidInputException("Upload-Checksum", "the checksum must be sha256 followed by the "
                        + "base64 of the digest of this request's bytes");
            }
            try {
                byte[] digest = Base64.getDecoder().decode(parts[1].trim());
                if (digest.length != 32) {
                    throw new IllegalArgumentException("not a SHA-256 digest");
                }
                return new Checksum("sha256", digest);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("Upload-Checksum", "the checksum is not the base64 of a SHA-256 "
                        + "digest");
            }
        }
    }

    /**
     * Appends a request's bytes at {@code offset}, which must be where the upload is. A request cut off keeps the
     * bytes that came (unless it carried a checksum, which can then not be verified); a checksum that does not match
     * keeps none. When the last byte is in, the file is checked and stored, and the answer says how that went.
     *
     * @throws ResumableUploadException when the offset is not the upload's, the checksum does not match, another
     *     request is writing to it, or it expired
     * @throws InvalidInputException when the request brings more bytes than the upload's length, or the file is
     *     refused (the upload then ends)
     */
    public UploadStatus append(AccessScope scope, UUID id, long offset, @Nullable Checksum checksum,
            InputStream body) {
        UUID lease = UUID.randomUUID();
        Upload upload = Objects.requireNonNull(transactions.execute(status -> {
            Upload found = owned(scope, id);
            Instant now = clock.instant();
            if (!found.state().equals("receiving")) {
                if (found.state().equals("refused") && found.refusal() != null) {
                    throw new InvalidInputException("file", found.refusal());
                }
                if (offset == found.length() && !found.state().equals("expired")
                        && !found.state().equals("ended")) {
                    return found;
                }
                throw new ResumableUploadException(found.state().equals("expired") ? Kind.EXPIRED
                        : Kind.OFFSET_MISMATCH, "the upload is " + found.state() + " and takes no more bytes",
                        found.received());
            }
            if (!found.expiresAt().isAfter(now)) {
                throw new ResumableUploadException(Kind.EXPIRED, "the upload lapsed: nobody added to it for "
                        + settings.expiry().toHours() + " hours; start it again", found.received());
            }
            if (offset != found.received()) {
                throw new ResumableUploadException(Kind.OFFSET_MISMATCH, "the upload holds " + found.received()
                        + " bytes; send the rest from there", found.received());
            }
            records.uploadable(scope, found.caseId());
            if (!uploads.lease(id, lease, now, now.plus(LEASE))) {
                throw new ResumableUploadException(Kind.BUSY, "another request is adding to this upload; try again "
                        + "in a moment", found.received());
            }
            return found;
        }));
        if (!upload.state().equals("receiving")) {
            return statusOf(upload);
        }
        SecretKey key = blobs.dataKey(upload.blobId(), upload.keyVersion(), upload.wrappedKey(), upload.keyNonce());
        Hashes.Hashing before = hashes.take(id, upload.received());
        MessageDigest started = before != null ? before.copy() : upload.received() == 0 ? Sha256.newDigest() : null;
        // Hashed on a thread of its own while this one encrypts and writes.
        BackgroundDigest whole = started == null ? null : new BackgroundDigest(started);
        MessageDigest ofRequest = checksum == null ? null : Sha256.newDigest();
        PartialBlobs.Progress progress;
        MessageDigest hashed = null;
        boolean cutOff = false;
        try (BackgroundDigest stopped = whole; PartialBlob blob = parts.resume(upload.blobId(), key,
                upload.storageKey(), upload.storageHandle(),
                upload.length(), upload.progress())) {
            byte[] buffer = new byte[1 << 16];
            java.io.ByteArrayOutputStream head = upload.received() < HEAD ? new java.io.ByteArrayOutputStream()
                    : null;
            Instant renewAt = clock.instant().plus(RENEWAL);
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    cutOff = true;
                    break;
                }
                if (n < 0) {
                    break;
                }
                if (n > blob.remaining()) {
                    release(id, lease, before);
                    throw new InvalidInputException("file", "the request brings more bytes than the upload's length ("
                            + upload.length() + "); nothing of it was kept");
                }
                blob.write(buffer, 0, n);
                if (whole != null) {
                    whole.update(buffer, 0, n);
                }
                if (ofRequest != null) {
                    ofRequest.update(buffer, 0, n);
                }
                if (head != null) {
                    head.write(buffer, 0, n);
                    if (head.size() >= HEAD || blob.remaining() == 0) {
                        refuseProgram(upload, lease, before, head.toByteArray());
                        head = null;
                    }
                }
                Instant now = clock.instant();
                if (now.isAfter(renewAt)) {
                    if (!uploads.renew(id, lease, now.plus(LEASE))) {
                        throw new ResumableUploadException(Kind.BUSY, "the upload was taken over by another "
                                + "request", upload.received());
                    }
                    renewAt = now.plus(RENEWAL);
                }
            }
            if (ofRequest != null && (cutOff || !MessageDigest.isEqual(ofRequest.digest(), checksum.digest()))) {
                release(id, lease, before);
                throw new ResumableUploadException(Kind.CHECKSUM_MISMATCH, cutOff
                        ? "the request was cut off, so its checksum could not be checked; nothing of it was kept"
                        : "the bytes received do not match the request's checksum; nothing of them was kept",
                        upload.received());
            }
            if (head != null && head.size() > 0 && upload.received() == 0) {
                refuseProgram(upload, lease, before, head.toByteArray());
            }
            progress = blob.checkpoint();
            hashed = whole == null ? null : whole.drain();
        } catch (IOException | java.io.UncheckedIOException e) {
            release(id, lease, before);
            log.warn("Could not store bytes of upload {}: {}", id, e.toString());
            throw storageFailed(upload.received());
        } catch (RuntimeException e) {
            release(id, lease, before);
            throw e;
        }
        boolean complete = progress.received() == upload.length();
        Instant now = clock.instant();
        if (!uploads.advance(id, lease, progress, complete, now.plus(settings.expiry()))) {
            throw new ResumableUploadException(Kind.BUSY, "the upload was taken over by another request",
                    upload.received());
        }
        if (hashed != null) {
            hashes.put(id, progress.received(), hashed);
        }
        Upload advanced = new Upload(upload.id(), upload.caseId(), upload.owner(), upload.category(), upload.filename(),
                upload.declaredType(), upload.dateOfService(), upload.length(), upload.blobId(), upload.keyVersion(),
                upload.wrappedKey(),
                upload.keyNonce(), upload.storageKey(), upload.storageHandle(), progress, upload.createdAt(),
                now.plus(settings.expiry()), complete ? "checking" : "receiving", null, null);
        if (complete && uploads.lease(id, lease, clock.instant(), clock.instant().plus(LEASE))) {
            return finish(scope, advanced, lease);
        }
        return statusOf(advanced);
    }

    /** Ends an unfinished upload of the caller's: its bytes are dropped. */
    public void terminate(AccessScope scope, UUID id) {
        Upload upload = owned(scope, id);
        if (!upload.state().equals("receiving")) {
            throw new ResumableUploadException(Kind.OFFSET_MISMATCH, "the upload is " + upload.state()
                    + " and can no longer be ended", upload.received());
        }
        UUID lease = UUID.randomUUID();
        if (!uploads.lease(id, lease, clock.instant(), clock.instant().plus(LEASE))) {
            throw new ResumableUploadException(Kind.BUSY, "a request is adding to this upload; try again in a moment",
                    upload.received());
        }
        parts.abort(upload.storageKey(), upload.storageHandle());
        uploads.end(id, "ended", null, clock.instant());
        hashes.take(id, upload.received());
    }

    /**
     * Drops the bytes of uploads nobody added to before their expiry, and forgets finished uploads after a week.
     *
     * @return how many uploads were dropped or forgotten
     */
    public int expire(Instant now) {
        int count = 0;
        for (Upload upload : uploads.abandoned(now, 500)) {
            UUID lease = UUID.randomUUID();
            if (!uploads.lease(upload.id(), lease, now, now.plus(LEASE))) {
                continue;
            }
            if (upload.state().equals("checking")) {
                blobs.discard(upload.storageKey());
            }
            parts.abort(upload.storageKey(), upload.storageHandle());
            uploads.end(upload.id(), "expired", null, now);
            hashes.take(upload.id(), upload.received());
            count++;
        }
        return count + uploads.forget(now.minus(KEPT));
    }

    /** Checks the file of an upload whose every byte is in, under the caller's lease, and stores its record. */
    private UploadStatus finish(AccessScope scope, Upload upload, UUID lease) {
        Hashes.Hashing hashing = hashes.take(upload.id(), upload.length());
        String sha256 = hashing == null ? null : java.util.HexFormat.of().formatHex(hashing.copy().digest());
        try {
            parts.complete(upload.storageKey(), upload.storageHandle(), upload.progress());
        } catch (java.io.UncheckedIOException e) {
            // Every byte is in: the next request of its owner (a HEAD will do) tries to finish it again.
            uploads.release(upload.id(), lease);
            log.warn("Could not complete the blob of upload {}: {}", upload.id(), e.toString());
            throw storageFailed(upload.length());
        }
        SecretKey key = blobs.dataKey(upload.blobId(), upload.keyVersion(), upload.wrappedKey(), upload.keyNonce());
        try {
            List<MedicalRecord> stored = records.storeUploaded(scope, upload.caseId(), upload.category(),
                    upload.filename(), upload.dateOfService(), new RecordManagement.UploadedBlob(upload.blobId(), key,
                            upload.keyVersion(), upload.wrappedKey(), upload.keyNonce(), upload.storageKey(),
                            upload.length(), sha256),
                    recordId -> uploads.stored(upload.id(), recordId, clock.instant()));
            MedicalRecord record = stored.getFirst();
            return new UploadStatus(upload.id(), upload.caseId(), record.filename(), upload.length(),
                    upload.length(), State.STORED, upload.expiresAt(), null, record.id());
        } catch (InvalidInputException | StorageFullException e) {
            blobs.discard(upload.storageKey());
            uploads.end(upload.id(), "refused", e.reason(), clock.instant());
            throw e;
        } catch (RuntimeException e) {
            // Checked again by the owner's next request, or dropped when the upload expires.
            uploads.release(upload.id(), lease);
            throw e;
        }
    }

    /** The store could not take an upload's bytes; none of the request's were kept. */
    private static ResumableUploadException storageFailed(long offset) {
        return new ResumableUploadException(Kind.STORAGE_FAILED, "the record store could not take the file's bytes "
                + "(it may be full or out of reach); nothing of this request was kept: try again in a while, from "
                + "byte " + offset, offset);
    }

    /** Ends an upload at once, dropping its bytes, when its first bytes are a program's. */
    private void refuseProgram(Upload upload, UUID lease, Hashes.@Nullable Hashing before, byte[] head) {
        Optional<String> refused = screening.refusedFromStart(head);
        if (refused.isPresent()) {
            parts.abort(upload.storageKey(), upload.storageHandle());
            uploads.end(upload.id(), "refused", refused.get(), clock.instant());
            throw new InvalidInputException("file", refused.get());
        }
    }

    private void release(UUID id, UUID lease, Hashes.@Nullable Hashing before) {
        uploads.release(id, lease);
        if (before != null) {
            hashes.put(id, before.at(), before.digest());
        }
    }

    /** The caller's upload; anyone else's does not exist for them. */
    private Upload owned(AccessScope scope, UUID id) {
        return uploads.find(id).filter(u -> u.owner().equals(scope.actor().id()))
                .orElseThrow(() -> new NotFoundException("upload not found"));
    }

    private static UploadStatus statusOf(Upload upload) {
        return new UploadStatus(upload.id(), upload.caseId(), upload.filename(), upload.length(), upload.received(),
                State.valueOf(upload.state().toUpperCase(java.util.Locale.ROOT)), upload.expiresAt(),
                upload.refusal(), upload.recordId());
    }

    /**
     * The running SHA-256 of the uploads this instance received bytes of, by upload and offset. An upload that moved
     * to another instance, or outlived a restart, has none here: its hash is computed again from the stored blob when
     * it is finished.
     */
    static final class Hashes {

        private static final int MAX = 10_000;

        record Hashing(long at, MessageDigest digest) {

            MessageDigest copy() {
                try {
                    return (MessageDigest) digest.clone();
                } catch (CloneNotSupportedException e) {
                    throw new IllegalStateException("SHA-256 digests can be copied", e);
                }
            }
        }

        private final Map<UUID, Hashing> running = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Hashing> eldest) {
                return size() > MAX;
            }
        };

        synchronized Hashing take(UUID id, long at) {
            Hashing hashing = running.remove(id);
            return hashing != null && hashing.at() == at ? hashing : null;
        }

        synchronized void put(UUID id, long at, MessageDigest digest) {
            running.put(id, new Hashing(at, digest));
        }

        synchronized void clear() {
            running.clear();
        }
    }
}
