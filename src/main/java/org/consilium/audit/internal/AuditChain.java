package org.consilium.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.consilium.audit.AuditEntry;
import org.consilium.audit.AuditVerification;
import org.consilium.audit.AuditVerification.Checkpoint;
import org.consilium.platform.ConsiliumProperties;
import org.consilium.platform.KeyRing;
import org.consilium.shared.CaseId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The chain over the audit entries. One chainer at a time (a transaction-scoped advisory lock, so several app
 * instances can run) links committed entries in order: each link is an HMAC, under a key held outside the database,
 * of the whole entry and of the link before, so an edited, removed or reordered entry breaks the chain. Signed
 * checkpoints of the chain's head, kept in the database and in a file of the data directory, make a cut tail visible.
 */
@Repository
public class AuditChain {

    static final String GENESIS = "0".repeat(64);
    /** An arbitrary constant naming the chainer's advisory lock; whoever holds it keeps every chainer out. */
    public static final long CHAIN_LOCK = 0x436f6e73696c6955L;
    /**
     * How far below the chain's last entry the chainer looks for entries that committed late: an entry gets its id when
     * its transaction writes it, just before it commits, so only entries of transactions in flight at that moment can
     * commit after higher ids.
     */
    private static final long LOOK_BACK = 5_000;
    /** Entries younger than this may still be waiting for the chainer; verification does not count them as left out. */
    static final Duration CHAINING_GRACE = Duration.ofMinutes(2);
    /** A checkpoint at least this often while entries arrive, and every this many entries. */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofMinutes(1);
    public static final long CHECKPOINT_ROWS = 1_000;

    private final JdbcClient jdbc;
    private final KeyRing keys;
    private final Clock clock;
    private final Path checkpointFile;

    AuditChain(JdbcClient jdbc, KeyRing keys, Clock clock, ConsiliumProperties properties) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.clock = clock;
        this.checkpointFile = properties.dataDir().resolve("audit").resolve("checkpoints.log");
    }

    private record Head(long position, String hash) {
    }

    private record Link(long position, long entryId, String keyId, String entryMac, String previousHash,
            String hash) {
    }

    /**
     * Links up to {@code max} committed entries that are not in the chain yet; answers how many it linked, or -1 when
     * another chainer holds the chain. Entries above the newest chained one are read from the key's index. With
     * {@code lookBack} it first takes entries that committed after higher ids were chained, from a window of
     * {@link #LOOK_BACK} ids below the newest: a bounded range scan on both tables, whatever the trail's size, which
     * the chainer runs about once a second rather than on every nudge.
     */
    @Transactional
    public int chainPending(int max, boolean lookBack) {
        boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(?)").param(CHAIN_LOCK).query(Boolean.class)
                .single();
        if (!locked) {
            return -1;
        }
        Head head = head();
        long newest = jdbc.sql("select coalesce(max(entry_id), 0) from audit_chain").query(Long.class).single();
        List<AuditEntry> pending = new ArrayList<>();
        if (lookBack && newest > 0) {
            long from = Math.max(0, newest - LOOK_BACK);
            pending.addAll(jdbc.sql("select " + columns("e") + """
                     from audit_entries e
                    where e.id > :from and e.id < :newest
                      and not exists (select 1 from audit_chain c where c.entry_id = e.id and c.entry_id > :from)
                    order by e.id
                    limit :max
                    """)
                    .param("from", from)
                    .param("newest", newest)
                    .param("max", max)
                    .query((rs, n) -> AuditLog.entry(rs))
                    .list());
        }
        if (pending.size() < max) {
            pending.addAll(jdbc.sql("select " + columns("e") + """
                     from audit_entries e where e.id > ? order by e.id limit ?
                    """)
                    .params(newest, max - pending.size())
                    .query((rs, n) -> AuditLog.entry(rs))
                    .list());
        }
        if (pending.isEmpty()) {
            return 0;
        }
        SecretKey key = keys.auditKey();
        String keyId = keys.auditKeyId();
        List<Link> links = new ArrayList<>(pending.size());
        long position = head.position();
        String previous = head.hash();
        for (AuditEntry entry : pending) {
            position++;
            String entryMac = entryMac(key, entry);
            String hash = linkHash(key, position, entry.id(), entryMac, previous);
            links.add(new Link(position, entry.id(), keyId, entryMac, previous, hash));
            previous = hash;
        }
        StringBuilder sql = new StringBuilder(
                "insert into audit_chain (position, entry_id, key_id, entry_mac, previous_hash, hash, chained_at) values ");
        List<Object> params = new ArrayList<>(links.size() * 7);
        Timestamp now = Timestamp.from(clock.instant());
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
            params.addAll(List.of(l.position(), l.entryId(), l.keyId(), l.entryMac(), l.previousHash(), l.hash(),
                    now));
        }
        jdbc.sql(sql.toString()).params(params).update();
        return links.size();
    }

    /**
     * Signs the chain's head into a checkpoint when it moved since the last one and {@code force} is set, the last one
     * is {@link #CHECKPOINT_INTERVAL} old, or {@link #CHECKPOINT_ROWS} entries were linked since; answers the
     * checkpoint made, if any (none when the last one already covers the head).
     */
    @Transactional
    public Optional<Checkpoint> checkpointIfDue(boolean force) {
        if (force) {
            // At shutdown (and when asked to) the checkpoint waits for a running chainer rather than being skipped.
            jdbc.sql("select pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query((rs, n) -> 1).list();
        } else if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(CHAIN_LOCK).query(Boolean.class).single()) {
            return Optional.empty();
        }
        Head head = head();
        Optional<Checkpoint> last = lastCheckpoint();
        Instant now = clock.instant();
        long since = head.position() - last.map(Checkpoint::position).orElse(0L);
        boolean due = since > 0 && (force || since >= CHECKPOINT_ROWS || last.isEmpty()
                || !last.get().madeAt().plus(CHECKPOINT_INTERVAL).isAfter(now));
        if (!due) {
            return Optional.empty();
        }
        Checkpoint checkpoint = new Checkpoint(head.position(), head.hash(), now, keys.signingKeyId());
        String signature = keys.sign(statement(checkpoint));
        jdbc.sql("""
                insert into audit_checkpoints (position, head_hash, made_at, key_id, signature)
                values (?, ?, ?, ?, ?)
                """)
                .params(checkpoint.position(), checkpoint.headHash(), Timestamp.from(now), checkpoint.keyId(),
                        signature)
                .update();
        appendToFile(checkpoint, signature);
        return Optional.of(checkpoint);
    }

    /**
     * Checks the whole trail: every link in order, every entry against its link, every entry in the chain (but those
     * too young to be chained yet), and every signed checkpoint, from the database and from the data directory's file,
     * against the chain. Stops at the first break.
     */
    @Transactional(readOnly = true)
    public AuditVerification verify() {
        SecretKey key = keys.auditKey();
        String keyId = keys.auditKeyId();
        List<StoredCheckpoint> checkpoints = new ArrayList<>(storedCheckpoints());
        checkpoints.addAll(fileCheckpoints());
        Walk walk = new Walk(checkpoints);
        jdbc.sql("select c.position, c.entry_id, c.key_id, c.entry_mac, c.previous_hash, c.hash, "
                        + columns("e") + """
                 from audit_chain c left join audit_entries e on e.id = c.entry_id
                order by c.position
                """)
                .query(rs -> {
                    if (walk.problem != null) {
                        return;
                    }
                    long position = rs.getLong(1);
                    long entryId = rs.getLong(2);
                    String linkKey = rs.getString(3);
                    String entryMac = rs.getString(4);
                    String previousHash = rs.getString(5);
                    String hash = rs.getString(6);
                    if (position != walk.position + 1) {
                        walk.broken(walk.position + 1, "rows " + (walk.position + 1) + " to " + (position - 1)
                                + " of the chain are missing");
                    } else if (!linkKey.equals(keyId)) {
                        walk.broken(position, "row " + position + " was linked with a key this service does not hold ("
                                + linkKey + ")");
                    } else if (rs.getObject("id") == null) {
                        walk.broken(position, "entry " + entryId + " of row " + position + " was deleted");
                    } else if (!entryMac(key, AuditLog.entry(rs)).equals(entryMac)) {
                        walk.broken(position, "entry " + entryId + " of row " + position
                                + " was altered after it was written");
                    } else if (!previousHash.equals(walk.hash)) {
                        walk.broken(position, "row " + position + " does not follow row " + walk.position);
                    } else if (!linkHash(key, position, entryId, entryMac, previousHash).equals(hash)) {
                        walk.broken(position, "the link of row " + position + " was rewritten");
                    } else {
                        walk.position = position;
                        walk.hash = hash;
                        walk.passed(position, hash);
                    }
                });
        if (walk.problem != null) {
            return walk.result(0, null);
        }
        Instant graceStart = clock.instant().minus(CHAINING_GRACE);
        record Unchained(long count, @Nullable Long oldest, long pending) {
        }
        Unchained unchained = jdbc.sql("""
                select count(*) filter (where e.occurred_at < :grace), min(e.id) filter (where e.occurred_at < :grace),
                       count(*) filter (where e.occurred_at >= :grace)
                from audit_entries e where not exists (select 1 from audit_chain c where c.entry_id = e.id)
                """)
                .param("grace", Timestamp.from(graceStart))
                .query((rs, n) -> new Unchained(rs.getLong(1), (Long) rs.getObject(2), rs.getLong(3)))
                .single();
        Checkpoint latest = checkpoints.stream().map(StoredCheckpoint::checkpoint)
                .max(java.util.Comparator.comparingLong(Checkpoint::position)).orElse(null);
        if (unchained.count() > 0 && unchained.oldest() != null) {
            walk.broken(unchained.oldest(), unchained.count() + " entries, the first of them entry "
                    + unchained.oldest() + ", are not in the chain");
            return walk.result(unchained.pending(), latest);
        }
        for (StoredCheckpoint stored : checkpoints) {
            Checkpoint c = stored.checkpoint();
            if (!keys.verifies(statement(c), stored.signature())) {
                walk.broken(c.position(), "the checkpoint of row " + c.position() + " (" + stored.source()
                        + ") does not carry the service's signature");
            } else if (c.position() > walk.position) {
                walk.broken(walk.position + 1, "the chain was cut: a checkpoint signed at " + c.madeAt() + " ("
                        + stored.source() + ") covers " + c.position() + " rows, but only " + walk.position
                        + " are left");
            } else if (!c.headHash().equals(walk.hashAt(c.position()))) {
                walk.broken(c.position(), "row " + c.position() + " is not the row the checkpoint of "
                        + c.madeAt() + " (" + stored.source() + ") signed");
            }
            if (walk.problem != null) {
                break;
            }
        }
        return walk.result(unchained.pending(), latest);
    }

    /** The state of a walk along the chain, remembering the hashes at the checkpoints' positions. */
    private static final class Walk {

        long position;
        String hash = GENESIS;
        @Nullable Long brokenAt;
        @Nullable String problem;
        private final java.util.Map<Long, String> wanted = new java.util.HashMap<>();

        Walk(List<StoredCheckpoint> checkpoints) {
            checkpoints.forEach(c -> wanted.put(c.checkpoint().position(), ""));
        }

        void passed(long at, String linkHash) {
            if (wanted.containsKey(at)) {
                wanted.put(at, linkHash);
            }
        }

        String hashAt(long at) {
            return wanted.getOrDefault(at, "");
        }

        void broken(long at, String why) {
            if (problem == null) {
                brokenAt = at;
                problem = why;
            }
        }

        AuditVerification result(long pending, @Nullable Checkpoint latest) {
            return new AuditVerification(problem == null, position, pending, latest, brokenAt, problem);
        }
    }

    /** A checkpoint as found, with its signature and where it was found. */
    private record StoredCheckpoint(Checkpoint checkpoint, String signature, String source) {
    }

    public Optional<Checkpoint> lastCheckpoint() {
        return jdbc.sql("select position, head_hash, made_at, key_id from audit_checkpoints order by id desc limit 1")
                .query((rs, n) -> new Checkpoint(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4)))
                .optional();
    }

    private List<StoredCheckpoint> storedCheckpoints() {
        return jdbc.sql("select position, head_hash, made_at, key_id, signature from audit_checkpoints order by id")
                .query((rs, n) -> new StoredCheckpoint(new Checkpoint(rs.getLong(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getString(4)), rs.getString(5), "database"))
                .list();
    }

    /** The checkpoints this instance appended to the data directory's file; a damaged line counts as unsigned. */
    private List<StoredCheckpoint> fileCheckpoints() {
        if (!Files.exists(checkpointFile)) {
            return List.of();
        }
        List<StoredCheckpoint> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(checkpointFile, StandardCharsets.US_ASCII)) {
                String[] f = line.strip().split(" ");
                if (f.length == 5) {
                    try {
                        found.add(new StoredCheckpoint(new Checkpoint(Long.parseLong(f[0]), f[1], Instant.parse(f[2]),
                                f[3]), f[4], "checkpoint file"));
                    } catch (RuntimeException e) {
                        found.add(new StoredCheckpoint(new Checkpoint(0, "", Instant.EPOCH, ""), "", "checkpoint file"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + checkpointFile, e);
        }
        return found;
    }

    /** Appends the checkpoint to the data directory's file and forces it to disk: evidence the database cannot drop. */
    private void appendToFile(Checkpoint c, String signature) {
        try {
            Files.createDirectories(checkpointFile.getParent());
            String line = c.position() + " " + c.headHash() + " " + c.madeAt() + " " + c.keyId() + " " + signature
                    + "\n";
            try (FileChannel out = FileChannel.open(checkpointFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                out.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + checkpointFile, e);
        }
    }

    private Head head() {
        return jdbc.sql("select position, hash from audit_chain order by position desc limit 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(new Head(0, GENESIS));
    }

    private static String columns(String alias) {
        return java.util.Arrays.stream(AuditLog.COLUMNS.split(","))
                .map(c -> alias + "." + c.strip())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** What a checkpoint's signature covers. */
    static String statement(Checkpoint c) {
        return "consilium audit checkpoint v1\nposition " + c.position() + "\nhead " + c.headHash() + "\nmade "
                + c.madeAt() + "\nkey " + c.keyId() + "\n";
    }

    /** The MAC of an entry: every column, each length-prefixed, so no two different entries encode alike. */
    static String entryMac(SecretKey key, AuditEntry e) {
        // Version 2 adds the cases a list page showed; an entry without them keeps version 1's encoding.
        Fields f = new Fields(e.listedCases().isEmpty() ? "entry v1" : "entry v2");
        f.add(Long.toString(e.id()));
        f.add(e.at().toString());
        f.add(e.actorId() == null ? null : e.actorId().toString());
        f.add(e.actorRole() == null ? null : e.actorRole().name());
        f.add(e.onBehalfOf() == null ? null : e.onBehalfOf().toString());
        f.add(e.action());
        f.add(e.caseId() == null ? null : e.caseId().toString());
        f.add(e.outcome());
        f.add(e.rule());
        f.add(e.detail());
        f.add(e.clientAddress());
        f.add(e.userAgent());
        if (!e.listedCases().isEmpty()) {
            f.add(e.listedCases().stream().map(CaseId::toString).collect(java.util.stream.Collectors.joining(",")));
        }
        return f.mac(key);
    }

    /** The hash of a link: its position, its entry, that entry's MAC and the previous link's hash. */
    static String linkHash(SecretKey key, long position, long entryId, String entryMac, String previousHash) {
        Fields f = new Fields("link v1");
        f.add(Long.toString(position));
        f.add(Long.toString(entryId));
        f.add(entryMac);
        f.add(previousHash);
        return f.mac(key);
    }

    /** An unambiguous encoding of a list of nullable strings, and its HMAC-SHA256. */
    private static final class Fields {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Fields(String kind) {
            add(kind);
        }

        void add(@Nullable String value) {
            try {
                if (value == null) {
                    out.writeInt(-1);
                } else {
                    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String mac(SecretKey key) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return HexFormat.of().formatHex(mac.doFinal(bytes.toByteArray()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        }
    }
}
